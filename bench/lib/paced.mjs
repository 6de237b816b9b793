// Open-loop load at a steady rate: request k is due at start + k / rate and its latency is
// measured from that due time, so a slow answer cannot hide the requests queued behind it
// (no coordinated omission). autocannon's `overallRate` is not steady: each connection fires
// its per-second quota back to back at the start of every second, so its latencies measure
// those bursts rather than the service at that rate.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds } from './processes.mjs';
import { percentile } from './numbers.mjs';

function fire(agent, target, path, { body, headers }, onDone) {
  const payload = Buffer.from(body);
  const req = request(
    {
      host: target.hostname,
      port: target.port,
      path,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
    },
    (res) => {
      res.resume();
      res.on('end', () => onDone(res.statusCode));
    },
  );
  req.on('error', () => onDone(0));
  req.end(payload);
}

async function phase(agent, target, path, makeRequest, rate, seconds, record) {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let sent = 0;
  let done = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const dueAt = start + (sent * 1000) / rate;
        fire(agent, target, path, makeRequest(), (status) => {
          record(status, performance.now() - dueAt);
          if (++done === total) resolve();
        });
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

export async function pacedLoad({ pid, url, path, rate, seconds, warmupSeconds, connections, makeRequest }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  try {
    if (warmupSeconds > 0) await phase(agent, target, path, makeRequest, rate, warmupSeconds, () => {});
    await sleep(200);
    const latencies = [];
    let ok = 0;
    let non2xx = 0;
    let errors = 0;
    const cpuBefore = cpuSeconds(pid);
    const generatorBefore = process.cpuUsage();
    await phase(agent, target, path, makeRequest, rate, seconds, (status, ms) => {
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
