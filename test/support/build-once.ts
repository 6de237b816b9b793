import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
/** The service as `npm run build` (run by `npm test` before the tests) leaves it. */
export const BUILT_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
/** The simulator as `npm run simulate` builds it. */
export const BUILT_SIMULATE = join(ROOT, 'dist/simulate/tools/simulate/main.js');

/** What the service's build reads: its sources and the configuration of the compiler. */
const SERVICE_INPUTS = [
  'apps/api/src',
  'libs',
  'tsconfig.json',
  'apps/api/tsconfig.app.json',
  'nest-cli.json',
];

const BUILDS = [
  { output: BUILT_MAIN, inputs: SERVICE_INPUTS, args: ['nest', 'build', 'api'] },
  {
    output: BUILT_SIMULATE,
    inputs: [...SERVICE_INPUTS, 'tools/simulate'],
    args: ['nest', 'build', 'api', '-p', 'tools/simulate/tsconfig.json'],
  },
];

const SKIPPED = new Set(['test', 'dist', 'node_modules']);

/** The newest source file under `inputs` (a lib's tests, packages and build output do not count). */
function newestInput(inputs: string[]): { path: string; mtimeMs: number } {
  let newest = { path: '', mtimeMs: 0 };
  const visit = (path: string): void => {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIPPED.has(entry)) visit(join(path, entry));
    } else if (/\.(ts|json)$/.test(path) && stats.mtimeMs > newest.mtimeMs)
      newest = { path, mtimeMs: stats.mtimeMs };
  };
  for (const input of inputs) visit(join(ROOT, input));
  return newest;
}

/**
 * Jest globalSetup of the e2e projects: every test that spawns the service (or the simulator)
 * runs the one build in dist/ that `npm test` made with `npm run build`. Only when an output
 * is missing or older than a source (a single file run with `npx jest` after an edit) is it
 * built here, once for the whole run; no test file builds on its own.
 */
export default function buildOnce(): void {
  for (const { output, inputs, args } of BUILDS) {
    const newest = newestInput(inputs);
    const stale = !existsSync(output)
      ? `${relative(ROOT, output)} is missing`
      : statSync(output).mtimeMs < newest.mtimeMs
        ? `${relative(ROOT, newest.path)} is newer than ${relative(ROOT, output)}`
        : undefined;
    if (stale === undefined) continue;
    process.stdout.write(`\ne2e: ${stale}; running npx ${args.join(' ')}\n`);
    execFileSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  }
}
