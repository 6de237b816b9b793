import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from './support/test-app';

const CLIENT = resolve(__dirname, '../libs/client');
/** What a clone holds of the package: its sources, manifest, lock file, build config and README. */
const PACKAGE_FILES = ['src', 'package.json', 'package-lock.json', 'tsconfig.build.json', 'README.md'];
const PUBLIC_VALUES = [
  'SessionEndedError',
  'SighejClient',
  'SighejHttpError',
  'SighejSession',
  'decryptPush',
  'decryptPushedNudge',
  'generatePushKeyPair',
  'webSocketTransport',
  'wsTransport',
];

const run = promisify(execFile);
const npm = (cwd: string, ...args: string[]): Promise<{ stdout: string }> =>
  run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], { cwd, timeout: 120_000 });

/** The ```ts blocks of the package README, in order. */
function readmeSnippets(): string[] {
  const readme = readFileSync(join(CLIENT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((found) => found[1]);
}

function tsconfig(module: string, moduleResolution: string): string {
  return JSON.stringify({
    compilerOptions: {
      module,
      moduleResolution,
      target: 'ES2022',
      lib: ['ES2023', 'DOM'],
      types: [],
      strict: true,
      noEmit: true,
    },
    include: ['*.ts'],
  });
}

/** @sighej/client as a user gets it: packed on its own, installed into a project outside the repository. */
describe('the @sighej/client package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sighej-client-package-'));
  const source = join(scratch, 'client');
  const project = join(scratch, 'app');
  let tarball: string;
  let app: TestApp;

  beforeAll(async () => {
    for (const file of PACKAGE_FILES) cpSync(join(CLIENT, file), join(source, file), { recursive: true });
    await npm(source, 'ci');
    await npm(source, 'pack', '--pack-destination', scratch);
    tarball = join(
      scratch,
      readdirSync(scratch).find((name) => name.endsWith('.tgz'))!,
    );
    cpSync(join(CLIENT, 'README.md'), join(project, 'README.md'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'module' }),
    );
    await npm(project, 'install', tarball, 'typescript@5.9.3');
    app = await startTestApp();
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('packs the built library, its types and README, and no sources', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toEqual(
      expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md']),
    );
    expect(files.filter((file) => file.startsWith('package/src/'))).toEqual([]);
  });

  it('loads no Node module, so it runs in a browser, a service worker and React Native', () => {
    const dist = join(project, 'node_modules/@sighej/client/dist');
    const required = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...readFileSync(join(dist, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)])
      .map((found) => found[1]);
    expect(required.length).toBeGreaterThan(10);
    expect(required.filter((name) => !name.startsWith('.'))).toEqual([]);
  });

  it('exports its public API only', async () => {
    const { stdout } = await run(
      'node',
      [
        '--input-type=module',
        '-e',
        "console.log(JSON.stringify(Object.keys(await import('@sighej/client'))))",
      ],
      { cwd: project },
    );
    expect(
      (JSON.parse(stdout) as string[])
        .filter((name) => !['default', 'module.exports', '__esModule'].includes(name))
        .sort(),
    ).toEqual(PUBLIC_VALUES);
    await expect(
      run('node', ['-e', "require('@sighej/client/dist/wire-fields')"], { cwd: project }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('ERR_PACKAGE_PATH_NOT_EXPORTED'),
    });
  });

  it.each([
    ['nodenext', 'nodenext'],
    ['preserve', 'bundler'],
  ])('type-checks every README snippet under module %s, resolution %s', async (module, moduleResolution) => {
    readmeSnippets().forEach((snippet, index) =>
      writeFileSync(join(project, `snippet-${index}.ts`), snippet),
    );
    writeFileSync(join(project, 'tsconfig.json'), tsconfig(module, moduleResolution));
    await expect(
      run(join(project, 'node_modules/.bin/tsc'), ['-p', project], { cwd: project }),
    ).resolves.toBeDefined();
  });

  it('runs the README snippet against the service: both phones meet and one is nudged', async () => {
    const [tryIt] = readmeSnippets();
    writeFileSync(join(project, 'try-it.ts'), tryIt.replace('http://127.0.0.1:8000', app.url));
    const { stdout } = await run('node', ['try-it.ts'], { cwd: project, timeout: 30_000 });
    expect(stdout).toMatch(/^answer: \{"match":true,"shared_interests":\["tech"\],"nudge_sent":true\}$/m);
    expect(stdout).toMatch(/^alice was nudged: Someone nearby shares your interest in tech\.$/m);
  });
});
