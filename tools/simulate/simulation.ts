import { BackgroundPushes } from './background-pushes';
import { CallLimiter } from './call-limiter';
import { destinationPicker, floorPlan, Zone } from './floor-plan';
import { LedgerTotals, NudgeLedger } from './nudge-ledger';
import { Phone } from './phone';
import { ProgressLine } from './progress-line';
import { RunStats } from './run-stats';
import { seededRandom } from './seeded-random';
import { SimulateOptions } from './simulate-options';
import { Venue } from './venue';
import { Walker } from './walker';

/** Interests from several catalog categories, plus a free-form one (category "other"). */
const INTERESTS = [
  'devops',
  'kubernetes',
  'python',
  'hardstyle',
  'jazz',
  'techno',
  'philosophy',
  'stoicism',
  'football',
  'running',
  'cooking',
  'photography',
  'chess',
  'hiking',
  'painting',
  'poetry',
  'yoga',
  'startups',
  'film',
  'spanish',
  'climate',
  'astronomy',
  'board games',
  'sourdough',
];
const TICK_MS = 100;
const DRAIN_MS = 10_000;

export interface SimulationResult {
  zones: Zone[];
  phones: Phone[];
  stats: RunStats;
  totals: LedgerTotals;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Walks the phones for the given time, then waits for the nudges still on their way. */
export async function simulate(
  options: SimulateOptions,
  urls: string[],
  pushes?: BackgroundPushes,
): Promise<SimulationResult> {
  const random = seededRandom(options.seed);
  const stats = new RunStats();
  const ledger = new NudgeLedger((at, ms) => stats.timeline.latency(at, ms));
  const zones = floorPlan(options.width, options.height);
  const destination = destinationPicker(options.width, options.height, zones);
  const limiter = new CallLimiter(options.maxInFlight);
  // Sessions, rotations and deletes get a budget of their own: bounded, and never starved by sightings.
  const others = new CallLimiter(options.maxInFlight);
  const rotation = { minMs: options.rotateMinSeconds * 1000, maxMs: options.rotateMaxSeconds * 1000 };
  const phones = Array.from({ length: options.phones }, (_, index) => {
    const interests = INTERESTS.filter(() => random() < 0.12).slice(0, 4);
    if (interests.length === 0) interests.push(INTERESTS[Math.floor(random() * INTERESTS.length)]);
    const context = { url: urls[index % urls.length], ledger, stats, rotation, others, pushes };
    // Every phone whose running share crosses a whole number is in a pocket: exactly the share asked for.
    const background = Math.floor((index + 1) * options.background) > Math.floor(index * options.background);
    const phone = new Phone(index, new Walker(destination, random), interests, context, background);
    // Phones arrive over the first scan interval, not all in the same millisecond.
    phone.nextScanAt = random() * options.scanInterval;
    return phone;
  });
  const venue = new Venue(phones, options, ledger, stats, limiter, random);
  const progress = new ProgressLine(phones, stats, ledger, limiter);

  const started = performance.now();
  let last = started;
  for (;;) {
    const now = performance.now();
    const elapsed = (now - started) / 1000;
    if (elapsed >= options.seconds) break;
    venue.step((now - last) / 1000);
    last = now;
    venue.scanDue(elapsed);
    progress.show('walking', elapsed);
    await sleep(TICK_MS);
  }
  await limiter.stop();
  const drainStarted = performance.now();
  while (ledger.outstanding() > 0 && performance.now() - drainStarted < DRAIN_MS) {
    progress.show('draining', (performance.now() - started) / 1000);
    await sleep(TICK_MS);
  }
  progress.done();
  const totals = ledger.totals(pushes?.sessions);
  for (const phone of phones)
    if (phone.session !== undefined) stats.replaysDropped += phone.session.socket.duplicatesDropped;
  await Promise.all(phones.map((phone) => phone.session?.end().catch(() => undefined) ?? Promise.resolve()));
  return { zones, phones, stats, totals };
}
