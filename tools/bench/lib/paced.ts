// Open-loop load at a steady rate: request k is due at start + k / rate and its latency is
// measured from that due time, so a slow answer cannot hide the requests queued behind it
// (no coordinated omission). autocannon's `overallRate` is not steady: each connection fires
// its per-second quota back to back at the start of every second, so its latencies measure
// those bursts rather than the service at that rate.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadRequest, LoadResult } from './load-result';
import { percentile } from './numbers';
import { cpuSeconds } from './processes';

interface Phase {
  agent: Agent;
  target: URL;
  path: string;
  makeRequest: () => LoadRequest;
  rate: number;
}

function fire(phase: Phase, { body, headers }: LoadRequest, onDone: (status: number) => void): void {
  const payload = Buffer.from(body);
  const req = request(
    {
      host: phase.target.hostname,
      port: phase.target.port,
      path: phase.path,
      method: 'POST',
      agent: phase.agent,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
    },
    (res) => {
      res.resume();
      res.on('end', () => onDone(res.statusCode ?? 0));
    },
  );
  req.on('error', () => onDone(0));
  req.end(payload);
}

async function run(
  phase: Phase,
  seconds: number,
  record: (status: number, ms: number) => void,
): Promise<void> {
  const { rate } = phase;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let sent = 0;
  let done = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const dueAt = start + (sent * 1000) / rate;
        fire(phase, phase.makeRequest(), (status) => {
          record(status, performance.now() - dueAt);
          if (++done === total) resolve();
        });
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

export interface PacedOptions {
  pid: number;
  url: string;
  path: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  makeRequest: () => LoadRequest;
}

export async function pacedLoad(options: PacedOptions): Promise<LoadResult> {
  const { pid, rate, seconds, connections } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const phase: Phase = {
    agent,
    target: new URL(options.url),
    path: options.path,
    makeRequest: options.makeRequest,
    rate,
  };
  try {
    if (options.warmupSeconds > 0) await run(phase, options.warmupSeconds, () => undefined);
    await sleep(200);
    const latencies: number[] = [];
    let ok = 0;
    let non2xx = 0;
    let errors = 0;
    const cpuBefore = cpuSeconds(pid);
    const generatorBefore = process.cpuUsage();
    await run(phase, seconds, (status, ms) => {
      latencies.push(ms);
      if (status === 0) errors += 1;
      else if (status >= 200 && status < 300) ok += 1;
      else non2xx += 1;
    });
    const cpuUsed = cpuSeconds(pid) - cpuBefore;
    const generator = process.cpuUsage(generatorBefore);
    return {
      rps: latencies.length / seconds,
      total: latencies.length,
      ok,
      non2xx,
      errors,
      timeouts: 0,
      p50: percentile(latencies, 50),
      p97_5: percentile(latencies, 97.5),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      cpuUsPerRequest: (cpuUsed * 1e6) / latencies.length,
      generatorCpuShare: (generator.user + generator.system) / 1e6 / seconds,
      connections,
      overallRate: rate,
      seconds,
    };
  } finally {
    agent.destroy();
  }
}
