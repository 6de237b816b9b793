// POST /session at saturation, round robin over a few interest lists.
import { SESSION_INTEREST_LISTS } from '../lib/fixtures';
import { measure } from '../lib/load';
import type { LoadResult } from '../lib/load-result';
import type { StartedProcess } from '../lib/processes';
import { CONNECTIONS } from '../settings';

export function sessionLoad(
  service: StartedProcess,
  seconds: number,
  warmupSeconds = 0,
): Promise<LoadResult> {
  let n = 0;
  return measure({
    pid: service.pid,
    url: service.url,
    path: '/session',
    connections: CONNECTIONS,
    warmupSeconds,
    seconds,
    makeRequest: () => ({
      body: JSON.stringify({ interests: SESSION_INTEREST_LISTS[n++ % SESSION_INTEREST_LISTS.length] }),
    }),
  });
}
