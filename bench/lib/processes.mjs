// Child processes under test: the built service and the floor server. Each keeps its last
// output lines so a failed start says why.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

function tail(lines, chunk) {
  lines.push(...chunk.toString().split('\n').filter(Boolean));
  if (lines.length > 40) lines.splice(0, lines.length - 40);
}

function getStatus(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Starts `node [nodeArgs] script` (or `command script`) with `env`, waits until GET
 * `healthPath` answers 200.
 */
export async function startNodeProcess({
  name,
  script,
  command = process.execPath,
  nodeArgs = [],
  env,
  port,
  healthPath,
  quietStdout = false,
}) {
  const output = [];
  const child = spawn(command, [...nodeArgs, script], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', quietStdout ? 'ignore' : 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk) => tail(output, chunk));
  child.stderr.on('data', (chunk) => tail(output, chunk));
  let exited = null;
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  const deadline = Date.now() + 30_000;
  while ((await getStatus(port, healthPath)) !== 200) {
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${name} did not become healthy on port ${port} (${exited ? `exited ${JSON.stringify(exited)}` : 'timeout'}):\n  ${output.join('\n  ')}`,
      );
    }
    await sleep(100);
  }
  return {
    name,
    pid: child.pid,
    exited: () => exited,
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    /** Sends an IPC message and waits for the answer `reply` (a value, or a predicate). */
    ask(message, reply, timeoutMs = 20_000) {
      const isReply = typeof reply === 'function' ? reply : (answer) => answer === reply;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name}: no '${reply}' after ${message}`)),
          timeoutMs,
        );
        const onMessage = (answer) => {
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
          reject(new Error(`${name}: cannot send '${message}' (${error.message})`));
        });
      });
    },
    send: (message) => child.send(message, () => {}),
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
export function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** User + system CPU seconds a process has used so far (Linux /proc, clock ticks of 1/100 s). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
