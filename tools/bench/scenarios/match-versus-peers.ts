// (1)+(2)+(4) /match after the meeting: the service against its peers at saturation, the
// LOG_LEVEL A/B, then at a fixed rate against the floor, then the privacy parity rows and
// the profile.
import { Base, log, note, results, startService } from '../context';
import { comboRequests, createPairs, MatchCombo, matchCombos, meetPairs } from '../lib/fixtures';
import { postJson } from '../lib/http';
import { fmt } from '../lib/numbers';
import { pacedLoad } from '../lib/paced';
import type { StartedProcess } from '../lib/processes';
import { CONNECTIONS, PAIRS, ROUNDS, SECONDS, WARMUP } from '../settings';
import { saturateInTurns } from './compare';
import { startPeers } from './match-peers';
import { matchTargets } from './match-targets';
import { privacyParity } from './privacy-parity';
import { profileMatch } from './profile-match';

/** Open-loop /match at `rate` on one target (tools/bench/lib/paced.ts). */
const pacedMatch = (target: StartedProcess, combos: MatchCombo[], rate: number) =>
  pacedLoad({
    pid: target.pid,
    url: target.url,
    path: '/match',
    rate,
    seconds: SECONDS,
    warmupSeconds: 3,
    connections: CONNECTIONS,
    makeRequest: comboRequests(combos),
  });

/** Whether /match ran (false: not built on this branch, and the scenarios depending on it are skipped). */
export async function matchVersusPeers(service: StartedProcess, base: Base): Promise<boolean> {
  log(`/match: creating ${PAIRS} pairs of sessions; both phones of each pair report each other`);
  const pairs = await createPairs(service.url, PAIRS);
  if ((await postJson(service.url, '/match', {})).status === 404) {
    note('POST /match is not built on this branch: /match, floor and nudge scenarios skipped.');
    log('POST /match answers 404: skipping /match scenarios');
    return false;
  }
  const unmet = (await meetPairs(service.url, pairs)).filter(
    (answers) => !answers.some((r) => r.status === 200 && r.body?.match === true),
  );
  if (unmet.length > 0) {
    const [a, b] = unmet[0];
    throw new Error(`a pair did not meet: ${a.status} ${a.text}, then ${b.status} ${b.text}`);
  }
  const combos = matchCombos(pairs);
  const peers = await startPeers(service, base.prefix, pairs);
  log(
    `hot-path answer (all): ${JSON.stringify((await meetPairs(service.url, pairs.slice(0, 1)))[0][1].body)}`,
  );

  const withInfo = await startService('service (LOG_LEVEL=info)', {
    ...base,
    stats: 'default',
    logLevel: 'info',
    quietStdout: true,
  });
  const targets = [service, withInfo, ...peers.all];
  log(
    `/match saturation, ${CONNECTIONS} connections: ${targets.map((t) => t.name).join(', ')} ` +
      `(warm-up ${WARMUP} s each, then ${ROUNDS} alternating slices of ${fmt.int(SECONDS / ROUNDS)} s each)`,
  );
  const [serviceMax, infoMax, floorMax, ceilingMax, fastapiMax] = await saturateInTurns(targets, combos);
  await withInfo.stop();
  await peers.ceiling.stop();
  await peers.fastapi?.stop();
  log(
    `  service ${fmt.int(serviceMax.rps)} req/s, LOG_LEVEL=info ${fmt.int(infoMax.rps)}, floor ${fmt.int(floorMax.rps)}, ` +
      `ceiling ${fmt.int(ceilingMax.rps)}${fastapiMax ? `, FastAPI ${fmt.int(fastapiMax.rps)}` : ''}`,
  );
  if (floorMax.generatorCpuShare > 0.8) {
    note(
      `The load generator (autocannon, in the bench process) used ${fmt.pct(floorMax.generatorCpuShare)} of a core while loading the floor: ` +
        'the floor may be generator-bound on this machine, which would flatter the service-to-floor ratio.',
    );
  }

  const rate = Math.max(1, Math.floor(serviceMax.rps / 2));
  log(`/match at a steady ${fmt.int(rate)} req/s (half the service's maximum): service, then floor`);
  const serviceFixed = await pacedMatch(service, combos, rate);
  const floorFixed = await pacedMatch(peers.floor, combos, rate);
  await peers.floor.stop();

  results.loads.push(
    { name: 'POST /match, service (LOG_LEVEL=warn), saturation', result: serviceMax },
    { name: 'POST /match, service (LOG_LEVEL=info), saturation', result: infoMax },
    { name: `POST /match, ${peers.floor.name}, saturation`, result: floorMax },
    { name: `POST /match, ${peers.ceiling.name}, saturation`, result: ceilingMax },
    ...(peers.fastapi
      ? [{ name: `POST /match, ${peers.fastapi.name}, saturation`, result: fastapiMax }]
      : []),
    { name: `POST /match, service, steady ${fmt.int(rate)} req/s (open loop)`, result: serviceFixed },
    { name: `POST /match, floor, steady ${fmt.int(rate)} req/s (open loop)`, result: floorFixed },
  );
  results.targets.push(
    ...matchTargets({
      serviceMax,
      infoMax,
      floorMax,
      ceilingMax,
      fastapiMax,
      serviceFixed,
      floorFixed,
      rate,
    }),
  );
  await privacyParity(service, pairs);
  await profileMatch(service, combos);
  return true;
}
