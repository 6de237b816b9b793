// How the service is compared with another target: loads in alternating slices, and a ratio
// target whose FAIL says what it would take.
import { matchLoad } from '../context';
import type { MatchCombo } from '../lib/fixtures';
import { LoadResult, merge } from '../lib/load-result';
import { fmt } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import type { Target } from '../lib/results';
import { ROUNDS, SECONDS, WARMUP } from '../settings';

/**
 * Saturation load on each target in short alternating slices (A B C A B C …), after a
 * warm-up of each: on a shared machine the neighbours' load drifts over seconds, and
 * slicing gives every target the same share of it, so the ratios hold.
 */
export async function inTurns(
  targets: StartedProcess[],
  load: (target: StartedProcess, seconds: number) => Promise<LoadResult>,
): Promise<LoadResult[]> {
  const slice = SECONDS / ROUNDS;
  for (const target of targets) await load(target, WARMUP);
  const runs: LoadResult[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    // A different target goes first each round, so none always follows the same neighbour.
    for (let k = 0; k < targets.length; k++) {
      const i = (round + k) % targets.length;
      runs[i].push(await load(targets[i], slice));
    }
  }
  return runs.map((list) => list.reduce(merge));
}

export const saturateInTurns = (targets: StartedProcess[], combos: MatchCombo[]): Promise<LoadResult[]> =>
  inTurns(targets, (target, seconds) => matchLoad(target, combos, { seconds, warmupSeconds: 0 }));

/** "N × (a vs b req/s; CPU x vs y µs per request)": the service against another target. */
function versus(serviceMax: LoadResult, other: LoadResult): string {
  return (
    `${(serviceMax.rps / other.rps).toFixed(2)} × (${fmt.int(serviceMax.rps)} vs ${fmt.int(other.rps)} req/s; ` +
    `CPU ${serviceMax.cpuUsPerRequest.toFixed(0)} vs ${other.cpuUsPerRequest.toFixed(0)} µs per request)`
  );
}

/**
 * Why a throughput ratio target failed, in the figure that decides it: the service's CPU per
 * request against the CPU per request that would reach the ratio (at the other's throughput).
 */
function ratioShortfall(
  serviceMax: LoadResult,
  other: LoadResult,
  ratio: number,
  asPercent: boolean,
): string {
  const budget = other.cpuUsPerRequest / ratio;
  const target = asPercent ? fmt.pct(ratio) : `${ratio} ×`;
  const excess = serviceMax.cpuUsPerRequest - budget;
  if (excess <= 0) {
    // The CPU per request already fits the ratio: the service got less of the shared cores.
    return `; the CPU per request already fits ${target} (${budget.toFixed(0)} µs allowed), so the gap is core share on this machine, not work per request`;
  }
  return `; reaching ${target} needs about ${budget.toFixed(0)} µs CPU per request (${excess.toFixed(0)} µs less than now)`;
}

/** A ratio target: PASS when service/other ≥ ratio; a FAIL says what it would take. */
export function ratioTarget(
  name: string,
  serviceMax: LoadResult,
  other: LoadResult,
  ratio: number,
  asPercent = false,
): Target {
  const measured = serviceMax.rps / other.rps;
  const ok = measured >= ratio;
  const head = asPercent
    ? `${fmt.pct(measured)} (${fmt.int(serviceMax.rps)} vs ${fmt.int(other.rps)} req/s; CPU ${serviceMax.cpuUsPerRequest.toFixed(0)} vs ${other.cpuUsPerRequest.toFixed(0)} µs per request)`
    : versus(serviceMax, other);
  return { name, measured: ok ? head : head + ratioShortfall(serviceMax, other, ratio, asPercent), ok };
}
