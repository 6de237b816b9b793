// Issue 21's /match targets from one run's measurements.
import { failures, LoadResult } from '../lib/load-result';
import { fmt } from '../lib/numbers';
import type { Target } from '../lib/results';
import { CONNECTIONS } from '../settings';
import { ratioTarget } from './compare';

export interface MatchMeasurements {
  serviceMax: LoadResult;
  infoMax: LoadResult;
  floorMax: LoadResult;
  ceilingMax: LoadResult;
  fastapiMax: LoadResult | undefined;
  serviceFixed: LoadResult;
  floorFixed: LoadResult;
  rate: number;
}

function throughputTargets({ serviceMax, floorMax, ceilingMax, fastapiMax }: MatchMeasurements): Target[] {
  return [
    fastapiMax
      ? ratioTarget(
          `/match ≥ 2.5 × the FastAPI peer, ${CONNECTIONS} connections`,
          serviceMax,
          fastapiMax,
          2.5,
        )
      : {
          name: '/match ≥ 2.5 × the FastAPI peer',
          measured: 'not measured (packages missing)',
          ok: undefined,
        },
    ratioTarget(
      '/match ≥ 50 % of the raw floor (node:http + ioredis, same work)',
      serviceMax,
      floorMax,
      0.5,
      true,
    ),
    ratioTarget(
      '/match ≥ 85 % of bare Nest + Express + ValidationPipe doing the same work',
      serviceMax,
      ceilingMax,
      0.85,
      true,
    ),
  ];
}

function tailTarget({ serviceFixed, floorFixed, rate }: MatchMeasurements): Target {
  const p99Ratio = serviceFixed.p99 / floorFixed.p99;
  const p99Ok = serviceFixed.p99 <= 1.5 * floorFixed.p99;
  return {
    name: `/match p99 at a steady ${fmt.int(rate)} req/s (half the maximum) ≤ 1.5 × the floor's p99 at that rate`,
    measured:
      `${fmt.ms(serviceFixed.p99)} vs floor ${fmt.ms(floorFixed.p99)} (${p99Ratio.toFixed(2)} ×)` +
      (p99Ok
        ? ''
        : `; at that rate the service spends ${serviceFixed.cpuUsPerRequest.toFixed(0)} µs CPU per request ` +
          `(${fmt.pct((serviceFixed.cpuUsPerRequest * rate) / 1e6)} of a core) vs the floor's ${floorFixed.cpuUsPerRequest.toFixed(0)} µs ` +
          `(${fmt.pct((floorFixed.cpuUsPerRequest * rate) / 1e6)}): the tail is queueing behind that work`),
    ok: p99Ok,
  };
}

export function matchTargets(m: MatchMeasurements): Target[] {
  const { serviceMax, infoMax, floorMax, ceilingMax, fastapiMax, serviceFixed } = m;
  const failed = failures(serviceMax) + failures(infoMax) + failures(serviceFixed);
  const infoCost = 1 - infoMax.rps / serviceMax.rps;
  return [
    ...throughputTargets(m),
    tailTarget(m),
    {
      name: '/match 0 errors, 0 non-2xx (all service loads)',
      measured: `${failed} of ${fmt.int(serviceMax.total + infoMax.total + serviceFixed.total)}`,
      ok: failed === 0,
    },
    {
      name: 'LOG_LEVEL=info (one line per request) costs ≤ 10 % of /match throughput vs warn',
      measured:
        `${fmt.pct(infoCost)} (${fmt.int(infoMax.rps)} vs ${fmt.int(serviceMax.rps)} req/s; CPU ` +
        `${infoMax.cpuUsPerRequest.toFixed(0)} vs ${serviceMax.cpuUsPerRequest.toFixed(0)} µs per request)`,
      ok: infoCost <= 0.1,
    },
    {
      // What the peers themselves reach says which targets a Nest + Express service can reach at all.
      name: '(info) the bare Nest ceiling vs the floor and vs FastAPI',
      measured:
        `${fmt.pct(ceilingMax.rps / floorMax.rps)} of the floor (${fmt.int(ceilingMax.rps)} vs ${fmt.int(floorMax.rps)} req/s)` +
        (fastapiMax
          ? `; ceiling ${(ceilingMax.rps / fastapiMax.rps).toFixed(2)} ×, floor ${(floorMax.rps / fastapiMax.rps).toFixed(2)} × FastAPI`
          : ''),
      ok: undefined,
    },
  ];
}
