// (6) Privacy parity: live against absent tokens as a stranger sees them, for a 1-interest and
// a 20-interest victim: first sightings (a fresh victim every call, a never-issued token for
// absent) and repeated ones (each caller reports the same live victim, or the same
// never-issued token, again and again). No sighting is confirmed, so every answer is the
// no-session one; a row passes when the medians differ by less than the run's noise.
import { performance } from 'node:perf_hooks';
import { log, results } from '../context';
import { BenchSession, createSession, Pair, unissuedBleToken } from '../lib/fixtures';
import { forEachConcurrently, postJson } from '../lib/http';
import { fmt, percentile } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import { PARITY_CALLS } from '../settings';

// A victim with one interest and one with twenty (every catalog category and three free-form
// interests): the stored record is the same size, so a lookup must cost the same.
const PARITY_VICTIMS: [string, string[]][] = [
  ['1 interest', ['devops']],
  [
    '20 interests',
    [
      ...['art', 'reading', 'startups', 'sneakers', 'film', 'baking', 'chess', 'linguistics', 'techno'],
      ...['hiking', 'stoicism', 'physics', 'activism', 'football', 'kubernetes', 'travel', 'meditation'],
      ...['zorblax', 'quuxing', 'frobbing'],
    ],
  ],
];
/** Regular targets of the repeated-sighting rows: each caller reports the same token again and again. */
export const PARITY_REGULARS = 16;

/** Who reports which token in call i of a row. */
interface Sightings {
  callerOf: (i: number) => BenchSession;
  liveToken: (i: number) => string;
  absentToken: (i: number) => string;
}

/** Median of live minus median of absent, and the run's noise (half the 95 % bootstrap interval). */
function medianDifference(live: number[], absent: number[]) {
  const median = (values: number[]): number => percentile(values, 50);
  const resampled: number[] = [];
  const pick = (values: number[]): number[] =>
    Array.from(values, () => values[Math.floor(Math.random() * values.length)]);
  for (let i = 0; i < 400; i++) resampled.push(median(pick(live)) - median(pick(absent)));
  resampled.sort((a, b) => a - b);
  return { live: median(live), absent: median(absent), noise: (resampled[389] - resampled[10]) / 2 };
}

/**
 * `count` calls about a live token and `count` about an absent one, one call at a time,
 * interleaved in alternating order. One target row per kind of sighting and victim.
 */
async function parityRow(service: StartedProcess, label: string, sightings: Sightings, answers: Set<string>) {
  const count = PARITY_CALLS;
  const live: number[] = [];
  const absent: number[] = [];
  const time = async (caller: BenchSession, detectedToken: string, into: number[]): Promise<void> => {
    const started = performance.now();
    const body = { own_token: caller.bleToken, detected_token: detectedToken };
    const res = await postJson(service.url, '/match', body, caller.accessToken);
    into.push(performance.now() - started);
    answers.add(`${res.status} ${res.text}`);
  };
  for (let i = 0; i < count; i++) {
    const caller = sightings.callerOf(i);
    for (const isLive of i % 2 === 0 ? [true, false] : [false, true])
      await (isLive
        ? time(caller, sightings.liveToken(i), live)
        : time(caller, sightings.absentToken(i), absent));
  }
  const medians = medianDifference(live, absent);
  const difference = medians.live - medians.absent;
  results.targets.push({
    name: `privacy parity, ${label}: median live vs absent differ by less than the noise`,
    measured:
      `live ${fmt.ms(medians.live)}, absent ${fmt.ms(medians.absent)}: difference ${difference.toFixed(3)} ms, ` +
      `noise ±${medians.noise.toFixed(3)} ms (95 % bootstrap, ${count} calls each)`,
    ok: Math.abs(difference) < medians.noise,
  });
}

async function victimRows(
  service: StartedProcess,
  callers: BenchSession[],
  victim: [string, string[]],
  answers: Set<string>,
) {
  const [profile, interests] = victim;
  const fresh = new Array<BenchSession>(PARITY_CALLS);
  await forEachConcurrently(PARITY_CALLS, 16, async (i) => {
    fresh[i] = await createSession(service.url, interests);
  });
  const regulars: BenchSession[] = [];
  for (let k = 0; k < callers.length; k++) regulars.push(await createSession(service.url, interests));
  const absentRegulars = callers.map(() => unissuedBleToken());
  const callerOf = (i: number): BenchSession => callers[i % callers.length];
  const first = {
    callerOf,
    liveToken: (i: number) => fresh[i].bleToken,
    absentToken: () => unissuedBleToken(),
  };
  await parityRow(service, `first sighting, ${profile}`, first, answers);
  const repeated: Sightings = {
    callerOf,
    liveToken: (i) => regulars[i % callers.length].bleToken,
    absentToken: (i) => absentRegulars[i % callers.length],
  };
  // One untimed round first: every timed call repeats a sighting.
  for (let k = 0; k < callers.length; k++)
    for (const token of [repeated.liveToken(k), repeated.absentToken(k)])
      await postJson(
        service.url,
        '/match',
        { own_token: callers[k].bleToken, detected_token: token },
        callers[k].accessToken,
      );
  await parityRow(service, `repeated sighting, ${profile}`, repeated, answers);
}

export async function privacyParity(service: StartedProcess, pairs: Pair[]): Promise<void> {
  const callers = pairs.slice(0, PARITY_REGULARS).map(({ left }) => left);
  log(`privacy parity: ${PARITY_CALLS} live and ${PARITY_CALLS} absent calls for each of 4 rows`);
  const answers = new Set<string>();
  for (const victim of PARITY_VICTIMS) await victimRows(service, callers, victim, answers);
  results.notes.push(`Privacy parity answers seen: ${[...answers].join('; ')}.`);
}
