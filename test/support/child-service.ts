import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const BUILT_MAIN = resolve(__dirname, '../../dist/apps/api/apps/api/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface ChildService {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Milliseconds from spawn to the first 200 from /health/live. */
  bootMs: number;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Runs the built service (`npm run build`; `npm test` builds first) as a child process,
 * the way an operator does, and waits until it answers.
 */
export async function startChildService(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<ChildService> {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run npm run build`);
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [BUILT_MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited during boot:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`service did not answer within ${timeoutMs} ms:\n${output}`);
    }
    const live = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  return {
    url,
    process: child,
    output: () => output,
    bootMs: Date.now() - started,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
