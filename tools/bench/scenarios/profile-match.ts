// The V8 CPU profile of the service under /match saturation, over IPC (lib/profiler-preload.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { log, matchLoad, PROFILE_PATH, results } from '../context';
import type { MatchCombo } from '../lib/fixtures';
import { messageOf } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import { analyseProfile } from '../lib/profile';
import { PROFILE_MARKERS } from '../lib/profile-markers';
import { PROFILE_SECONDS } from '../settings';

export async function profileMatch(service: StartedProcess, combos: MatchCombo[]): Promise<void> {
  if (PROFILE_SECONDS <= 0) return;
  log(`profiling the service under /match saturation for ${PROFILE_SECONDS} s`);
  service.send('profile-start');
  await sleep(200);
  const profiled = await matchLoad(service, combos, { seconds: PROFILE_SECONDS, warmupSeconds: 0 });
  await service.ask('profile-stop', 'profile-written');
  try {
    results.profile = {
      ...analyseProfile(PROFILE_PATH, { inclusiveMarkers: PROFILE_MARKERS }),
      requests: profiled.total,
      rps: profiled.rps,
      seconds: PROFILE_SECONDS,
    };
  } catch (error) {
    results.profile = { error: messageOf(error) };
  }
}
