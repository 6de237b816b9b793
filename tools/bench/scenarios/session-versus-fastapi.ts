// POST /session on the service and on the FastAPI peer in alternating slices.
import { Base, log, results } from '../context';
import { startFastapi } from '../peers/fastapi-peer';
import { LEFT } from '../lib/fixtures';
import { postJson } from '../lib/http';
import { failures } from '../lib/load-result';
import { fmt } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import { CONNECTIONS, ROUNDS, WARMUP } from '../settings';
import { inTurns, ratioTarget } from './compare';
import { sessionLoad } from './session-load';

const SESSION_FIELDS = ['access_token', 'ble_token', 'expires_at', 'session_id'];

export async function sessionVersusFastapi(service: StartedProcess, base: Base): Promise<void> {
  const name = 'POST /session ≥ 2 × the FastAPI peer';
  const fastapi = await startFastapi(base.prefix);
  if (fastapi === undefined) {
    results.targets.push({ name, measured: 'not measured (packages missing)', ok: undefined });
    return;
  }
  for (const target of [service, fastapi]) {
    const answer = await postJson(target.url, '/session', { interests: LEFT });
    const fields = Object.keys(answer.body ?? {}).sort();
    if (answer.status !== 201 || JSON.stringify(fields) !== JSON.stringify(SESSION_FIELDS))
      throw new Error(`${target.name}: POST /session answered ${answer.status} ${answer.text}`);
  }
  log(`POST /session: service and FastAPI, warm-up ${WARMUP} s each, then ${ROUNDS} alternating slices`);
  const [own, peer] = await inTurns([service, fastapi], (target, seconds) => sessionLoad(target, seconds));
  await fastapi.stop();
  results.loads.push(
    { name: 'POST /session, service', result: own },
    { name: `POST /session, ${fastapi.name}`, result: peer },
  );
  results.targets.push(ratioTarget(`${name}, ${CONNECTIONS} connections`, own, peer, 2));
  const failed = failures(own);
  results.targets.push({
    name: 'POST /session 0 errors, 0 non-2xx (service)',
    measured: `${failed} of ${fmt.int(own.total)}`,
    ok: failed === 0,
  });
}
