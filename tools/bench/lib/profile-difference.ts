// AB_PROFILE of ab.ts: each side profiled under the same load, and where B's time per request
// differs from A's (self time by component and the top functions), µs per request.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult } from './load-result';
import type { StartedProcess } from './processes';
import { analyseProfile, Timings } from './profile';

type PerRequest = Map<string, number>;

export async function profileDifference(
  sides: { a: StartedProcess; b: StartedProcess },
  seconds: number,
  pathOf: (side: string) => string,
  load: (target: StartedProcess, seconds: number) => Promise<LoadResult>,
): Promise<void> {
  const profiles: Record<string, { components: PerRequest; functions: PerRequest }> = {};
  for (const [side, target] of Object.entries(sides)) {
    target.send('profile-start');
    await sleep(200);
    const run = await load(target, seconds);
    await target.ask('profile-stop', 'profile-written');
    const profile = analyseProfile(pathOf(side));
    const perRequest = (entries: Timings): PerRequest =>
      new Map(entries.map(([name, ms]) => [name, (ms * 1000) / run.total]));
    profiles[side] = { components: perRequest(profile.components), functions: perRequest(profile.topSelf) };
  }
  const difference = (key: 'components' | 'functions'): [string, number, number][] =>
    [...new Set([...profiles.a[key].keys(), ...profiles.b[key].keys()])]
      .map((name): [string, number, number] => [
        name,
        profiles.a[key].get(name) ?? 0,
        profiles.b[key].get(name) ?? 0,
      ])
      .sort((x, y) => Math.abs(y[2] - y[1]) - Math.abs(x[2] - x[1]));
  for (const [title, key] of [
    ['self time by component', 'components'],
    ['top functions (self time)', 'functions'],
  ] as const) {
    console.log(`\n${title}, µs per request under the profiler: A, B, B - A`);
    for (const [name, ua, ub] of difference(key).slice(0, 15))
      console.log(
        `  ${ua.toFixed(1).padStart(7)} ${ub.toFixed(1).padStart(7)} ${(ub - ua).toFixed(1).padStart(7)}  ${name}`,
      );
  }
}
