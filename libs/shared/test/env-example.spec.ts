import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Every property declared on `Env` (upper-case names), read from its source. */
function envVariables(): string[] {
  const source = readFileSync(join(root, 'libs/shared/src/config/env.ts'), 'utf8');
  return [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+)\??(?=[:\s=])/gm)].map((match) => match[1]);
}

describe('.env.example', () => {
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it('documents every variable the service reads', () => {
    const names = envVariables();
    expect(names.length).toBeGreaterThan(20);
    const missing = names.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('names the variables required in production', () => {
    expect(example).toMatch(/REDIS_URL, DATABASE_URL, ADMIN_API_KEY,\s+#?\s*LIMIT_KEY_SECRET/);
  });
});
