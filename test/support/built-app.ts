import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { deleteKeysWithPrefix } from './redis-cleanup';
import { ROOT } from './build-once';
import { freshTestDatabase, TEST_REDIS_URL, uniqueKeyPrefix } from './test-services';

export { BUILT_MAIN, BUILT_SIMULATE, ROOT } from './build-once';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export interface RunningApp {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built service as a child process and waits until it answers /health/live. */
export async function spawnApp(
  mainJs: string,
  env: Record<string, string>,
  bootTimeoutMs = 20_000,
  fixedPort?: number,
): Promise<RunningApp> {
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [mainJs], {
    cwd: ROOT,
    // No shutdown grace unless a test asks for it: SIGTERM exits at once.
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      SHUTDOWN_GRACE_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + bootTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited at boot:\n${output}`);
    const ready = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, child, output: () => output, exited };
}

/** Starts the built service and waits for it to exit at boot (a refusal): its exit code and output. */
/**
 * The lines a refused boot printed after the boot line that names the mode (`…; starting on
 * port N`, logged first so an operator sees it before anything else).
 */
export const afterBootLine = (output: string): string[] =>
  output
    .trim()
    .split('\n')
    .filter((line) => !/; starting on port \d+"/.test(line));

export async function bootToExit(
  mainJs: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mainJs], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close', not 'exit': the last output may still be in the pipes at exit.
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * What a suite of spawned services shares, registered for the suite: a fresh Postgres
 * database and a Redis key prefix, dropped and deleted after it. Read `databaseUrl` inside
 * tests and hooks (the database exists from `beforeAll` on).
 */
export function serviceDeployment(): { readonly databaseUrl: string; readonly prefix: string } {
  const prefix = uniqueKeyPrefix();
  let database: Awaited<ReturnType<typeof freshTestDatabase>> | undefined;
  beforeAll(async () => {
    database = await freshTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    const redis = new Redis(TEST_REDIS_URL);
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  return {
    prefix,
    get databaseUrl(): string {
      if (database === undefined) throw new Error('serviceDeployment().databaseUrl read before beforeAll');
      return database.url;
    },
  };
}
