import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SETTINGS } from '../src/config/app-settings';

const root = join(__dirname, '..', '..', '..');

/** Every variable a settings class of the service declares. */
function envVariables(): string[] {
  return APP_SETTINGS.flatMap((slice) => Object.keys(new slice()));
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
