import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SIMULATION_SETTINGS } from './service-settings';

/** The service this build produced next to the simulator (dist/simulate/apps/api/src/main.js). */
const MAIN_JS = resolve(__dirname, '../../apps/api/src/main.js');

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * The service in embedded mode (no Redis, no Postgres server) on a free loopback port, with
 * its own data directory and the settings a simulated venue needs (SIMULATION_SETTINGS).
 */
export class EmbeddedService {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly output: () => string,
  ) {}

  /** On `port`, or a free one when none is given; `settings` on top (e.g. the push provider's). */
  static async start(port?: number, settings: Record<string, string> = {}): Promise<EmbeddedService> {
    port ??= await freeLoopbackPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'sighej-simulate-'));
    const child = spawn(process.execPath, [MAIN_JS], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'development',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        EMBEDDED_DATA_DIR: dataDir,
        ...SIMULATION_SETTINGS,
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const service = new EmbeddedService(`http://127.0.0.1:${port}`, child, dataDir, () => output);
    await service.ready();
    return service;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((done) => this.child.once('exit', done));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`the service exited at boot:\n${this.output()}`);
      const up = await fetch(`${this.url}/health/live`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`the service did not start in 30 s:\n${this.output()}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}
