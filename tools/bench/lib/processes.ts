// Child processes under test: the built service, the peers, the push sink. Each keeps its last
// output lines so a failed start says why.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageOf } from './numbers';

function tail(lines: string[], chunk: Buffer): void {
  lines.push(...chunk.toString().split('\n').filter(Boolean));
  if (lines.length > 40) lines.splice(0, lines.length - 40);
}

function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessOptions {
  name: string;
  script: string;
  /** The binary (default: the node running the bench). */
  command?: string;
  nodeArgs?: string[];
  env: Record<string, string>;
  port: number;
  healthPath: string;
  /** Drop stdout (a log line per request goes to a file descriptor, not into the bench). */
  quietStdout?: boolean;
}

export interface StartedProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
  output: string[];
  exited(): Exit | null;
  /** Sends an IPC message and waits for the answer `reply` (a value, or a predicate). */
  ask(message: string, reply: unknown, timeoutMs?: number): Promise<unknown>;
  send(message: string): void;
  stop(): Promise<Exit>;
}

/** Starts `node [nodeArgs] script` (or `command script`) with `env`, waits until GET `healthPath` answers 200. */
export async function startNodeProcess(options: ProcessOptions): Promise<StartedProcess> {
  const { name, script, command = process.execPath, nodeArgs = [], env, port, healthPath } = options;
  const output: string[] = [];
  const child = spawn(command, [...nodeArgs, script], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', options.quietStdout === true ? 'ignore' : 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk: Buffer) => tail(output, chunk));
  child.stderr?.on('data', (chunk: Buffer) => tail(output, chunk));
  let exited: Exit | null = null;
  const exit = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  const deadline = Date.now() + 30_000;
  while ((await getStatus(port, healthPath)) !== 200) {
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const why = exited !== null ? `exited ${JSON.stringify(exited)}` : 'timeout';
      throw new Error(`${name} did not become healthy on port ${port} (${why}):\n  ${output.join('\n  ')}`);
    }
    await sleep(100);
  }
  const ask = (message: string, reply: unknown, timeoutMs = 20_000): Promise<unknown> => {
    const isReply =
      typeof reply === 'function' ? (reply as (answer: unknown) => boolean) : (a: unknown) => a === reply;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no answer to '${message}'`)), timeoutMs);
      const onMessage = (answer: unknown): void => {
        if (!isReply(answer)) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(answer);
      };
      child.on('message', onMessage);
      child.send(message, (error) => {
        if (!error) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        reject(new Error(`${name}: cannot send '${message}' (${messageOf(error)})`));
      });
    });
  };
  return {
    name,
    pid: child.pid ?? 0,
    exited: () => exited,
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    ask,
    send: (message) => child.send(message, () => undefined),
    async stop() {
      if (exited !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exit;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Resident set size of a process in KiB, from /proc (Linux). */
export function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** User + system CPU seconds a process has used so far (Linux /proc, clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
