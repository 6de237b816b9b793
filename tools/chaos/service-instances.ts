import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** CHAOS_LOG_DIR: every instance's output is appended to `<dir>/instance-<port>.log` too. */
const LOG_DIR = process.env.CHAOS_LOG_DIR;

/** The service this build produced next to the chaos tool (dist/chaos/apps/api/src/main.js). */
const MAIN_JS = resolve(__dirname, '../../apps/api/src/main.js');

/** One instance of the built service on a fixed loopback port (so phones reconnect to it after a restart). */
export class ServiceInstance {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [MAIN_JS], {
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      if (LOG_DIR !== undefined) appendFileSync(`${LOG_DIR}/instance-${this.port}.log`, chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!this.running) throw new Error(`instance ${this.port} exited at boot:\n${this.output}`);
      const up = await fetch(`${this.url}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error(`instance ${this.port} not ready in 30 s:\n${this.output}`);
      await sleep(100);
    }
  }

  /** kill -9 (nothing flushed, sockets reset) or SIGTERM (the graceful shutdown); resolves once it exited. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }

  log(): string {
    return this.output;
  }
}
