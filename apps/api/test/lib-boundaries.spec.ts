import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const LIBS = ['shared', 'session', 'match', 'nudge', 'stats', 'push', 'client', 'brand-new'];

/** A miniature of the house: every library's public API plus the files each case adds. */
const files: Record<string, string> = {
  ...Object.fromEntries(LIBS.map((lib) => [`libs/${lib}/src/index.ts`, 'export const api = 1;\n'])),
  'libs/nudge/src/nudge.service.ts': 'export const service = 1;\n',
  'test/support/helper.ts': 'export const helper = 1;\n',
  'libs/session/src/loop-a.ts': "import { b } from './loop-b';\nexport const a = b;\n",
  'libs/session/src/loop-b.ts': "import { a } from './loop-a';\nexport const b = () => a;\n",
};

/** One importing file per case, each importing `target`. */
const cases = {
  wrongWay: ['libs/stats/src/wrong-way.ts', '@sighej/session'],
  serverImportsClient: ['libs/stats/src/uses-client.ts', '@sighej/client'],
  clientImportsServer: ['libs/client/src/uses-server.ts', '@sighej/shared'],
  relativeWrongWay: ['libs/session/src/relative.ts', '../../nudge/src/nudge.service'],
  relativeAllowedLib: ['libs/session/src/relative-allowed.ts', '../../stats/src'],
  insidePath: ['apps/api/src/inside.ts', '../../../libs/session/src/loop-a'],
  newLib: ['libs/brand-new/src/feature.ts', '@sighej/shared'],
  intoNewLib: ['libs/match/src/uses-new.ts', '@sighej/brand-new'],
  toolImportsTest: ['tools/sim/uses-test.ts', '../../test/support/helper'],
  allowed: [
    'libs/match/src/allowed.ts',
    '@sighej/session',
    '@sighej/nudge',
    '@sighej/stats',
    '@sighej/shared',
  ],
} as const;

type Violations = Map<string, string[]>;

/** Runs the rules of `npm run lint` over the miniature; the rule names broken, per file. */
function cruise(): Violations {
  const dir = mkdtempSync(join(tmpdir(), 'boundaries-'));
  try {
    const paths = Object.fromEntries(LIBS.map((lib) => [`@sighej/${lib}`, [`libs/${lib}/src`]]));
    write(dir, 'tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: './', paths } }));
    for (const [path, code] of Object.entries(files)) write(dir, path, code);
    for (const [path, ...targets] of Object.values(cases))
      write(
        dir,
        path,
        targets.map((target, i) => `import * as m${i} from '${target}';\nexport { m${i} };\n`).join(''),
      );
    const bin = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
    const config = join(ROOT, '.dependency-cruiser.cjs');
    const run = spawnSync(
      process.execPath,
      [bin, '--config', config, '--output-type', 'json', 'libs', 'apps', 'tools'],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (run.stdout.trim() === '') throw new Error(`dependency-cruiser gave no report: ${run.stderr}`);
    return byFile(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function byFile(json: string): Violations {
  const report = JSON.parse(json) as { summary: { violations: { from: string; rule: { name: string } }[] } };
  const found: Violations = new Map();
  for (const { from, rule } of report.summary.violations)
    found.set(from, [...(found.get(from) ?? []), rule.name]);
  return found;
}

describe('library boundaries (npm run lint)', () => {
  let violations: Violations;
  beforeAll(() => {
    violations = cruise();
  });
  const of = (name: keyof typeof cases): string[] => violations.get(cases[name][0]) ?? [];

  it.each([
    'wrongWay',
    'serverImportsClient',
    'clientImportsServer',
    'newLib',
    'intoNewLib',
    'toolImportsTest',
  ] as const)('fails an import the allow-list does not name (%s)', (name) => {
    expect(of(name)).toEqual(['not-in-allowed']);
  });

  it.each(['relativeWrongWay', 'relativeAllowedLib'] as const)(
    'fails a relative import across libraries (%s)',
    (name) => {
      expect(of(name)).toEqual(expect.arrayContaining(['no-relative-import-across-libs']));
    },
  );

  it("fails an import of a file inside another library's public API", () => {
    expect(of('insidePath')).toEqual(['not-in-allowed']);
  });

  it('fails a cycle', () => {
    expect(violations.get('libs/session/src/loop-a.ts')).toEqual(['no-circular']);
  });

  it('accepts the allowed directions', () => {
    expect(of('allowed')).toEqual([]);
  });
});
