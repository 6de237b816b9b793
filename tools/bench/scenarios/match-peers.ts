// The peers doing the service's /match work, started and checked: each must give the
// service's answers on the hot path, or the comparison means nothing.
import { startCeiling, startFloor } from '../context';
import { startFastapi } from '../peers/fastapi-peer';
import { meetPairs, Pair } from '../lib/fixtures';
import { JsonAnswer, postJson } from '../lib/http';
import type { StartedProcess } from '../lib/processes';

export interface Peers {
  floor: StartedProcess;
  ceiling: StartedProcess;
  fastapi: StartedProcess | undefined;
  /** Every peer that runs. */
  all: StartedProcess[];
}

const sameAnswer = (a: JsonAnswer, b: JsonAnswer): boolean =>
  a.status === b.status && JSON.stringify(a.body) === JSON.stringify(b.body);

/** The floor, the Nest ceiling, FastAPI when installed; each answering as the service does. */
export async function startPeers(service: StartedProcess, prefix: string, pairs: Pair[]): Promise<Peers> {
  const floor = await startFloor(prefix);
  const ceiling = await startCeiling(prefix);
  const fastapi = await startFastapi(prefix);
  const all = [floor, ceiling, ...(fastapi ? [fastapi] : [])];
  // The peers use the service's meeting keys: the meetings decided by the service hold there.
  await meetPairs(floor.url, pairs);
  for (const { left, right } of pairs.slice(0, 5)) {
    const body = { own_token: right.bleToken, detected_token: left.bleToken };
    const fromService = await postJson(service.url, '/match', body, right.accessToken);
    if (
      fromService.status !== 200 ||
      fromService.body?.match !== true ||
      fromService.body.nudge_sent !== false
    )
      throw new Error(`hot-path answer of the service: ${fromService.status} ${fromService.text}`);
    for (const peer of all) {
      const fromPeer = await postJson(peer.url, '/match', body, right.accessToken);
      if (!sameAnswer(fromService, fromPeer))
        throw new Error(
          `${peer.name} and the service disagree: ${fromPeer.status} ${fromPeer.text} vs ${fromService.text}`,
        );
    }
  }
  return { floor, ceiling, fastapi, all };
}
