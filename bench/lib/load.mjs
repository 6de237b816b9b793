// autocannon runs: a warm-up (results discarded) then a fixed-duration measurement.
import autocannon from 'autocannon';
import { cpuSeconds } from './processes.mjs';

function run(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    // Without a listener autocannon prints nothing; keep it that way (we print a table).
    instance.on('error', () => {});
  });
}

/**
 * `makeRequest()` returns { body, headers? } for each request (called per request). With
 * `pid`, also reports the server's CPU time per request: on a shared machine throughput
 * drifts with the neighbours' load, CPU per request much less.
 */
export async function measure({
  pid,
  url,
  path,
  method = 'POST',
  makeRequest,
  connections,
  warmupSeconds,
  seconds,
  overallRate,
}) {
  const requests = [
    {
      method,
      path,
      setupRequest: (req) => {
        const { body, headers } = makeRequest();
        req.body = body;
        req.headers = { 'content-type': 'application/json', ...headers };
        return req;
      },
    },
  ];
  const common = { url, connections, requests, overallRate, timeout: 10 };
  if (warmupSeconds > 0) await run({ ...common, duration: warmupSeconds });
  const cpuBefore = pid === undefined ? NaN : cpuSeconds(pid);
  const generatorBefore = process.cpuUsage();
  const r = await run({ ...common, duration: seconds });
  const cpuUsed = pid === undefined ? NaN : cpuSeconds(pid) - cpuBefore;
  const generator = process.cpuUsage(generatorBefore);
  return {
    rps: r.requests.average,
    cpuUsPerRequest: (cpuUsed * 1e6) / r.requests.total,
    // autocannon runs in this process: near a full core here, the target is not the limit.
    generatorCpuShare: (generator.user + generator.system) / 1e6 / seconds,
    total: r.requests.total,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    connections,
    overallRate,
    seconds,
  };
}
