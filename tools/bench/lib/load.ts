// autocannon runs: a warm-up (results discarded) then a fixed-duration measurement.
import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './load-result';
import { cpuSeconds } from './processes';

type Options = Parameters<typeof autocannon>[0];
type Result = Parameters<Parameters<typeof autocannon>[1]>[1];

function run(opts: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    // Without a listener autocannon prints nothing; keep it that way (we print a table).
    instance.on('error', () => undefined);
  });
}

export interface LoadOptions {
  /** With a pid, the server's CPU time per request is reported too. */
  pid?: number;
  url: string;
  path: string;
  method?: string;
  /** Called per request. */
  makeRequest: () => LoadRequest;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  overallRate?: number;
}

/**
 * A closed-loop load at saturation (or autocannon's `overallRate`). With `pid`, also reports
 * the server's CPU time per request: on a shared machine throughput drifts with the
 * neighbours' load, CPU per request much less.
 */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  const { pid, url, path, method = 'POST', makeRequest, connections, warmupSeconds, seconds } = options;
  const requests = [
    {
      method,
      path,
      setupRequest: (req: { body?: string; headers?: Record<string, string> }) => {
        const { body, headers } = makeRequest();
        req.body = body;
        req.headers = { 'content-type': 'application/json', ...headers };
        return req;
      },
    },
  ];
  const common = { url, connections, requests, overallRate: options.overallRate, timeout: 10 };
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
    overallRate: options.overallRate,
    seconds,
  };
}
