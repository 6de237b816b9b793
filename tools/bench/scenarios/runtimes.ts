// BENCH_ONLY=runtimes: for every Node binary of BENCH_RUNTIMES a service and a floor on it, all
// up at once with the FastAPI peer on the same Redis data, /match at saturation in alternating
// slices (so every runtime sees the same neighbours' load), then nudge p99 among idle sockets
// on a fresh service per runtime. Writes the runtime table of docs/benchmarks.md.
import { loadavg } from 'node:os';
import { Base, log, results, startFloor, startService } from '../context';
import { startFastapi } from '../peers/fastapi-peer';
import { createPairs, matchCombos, meetPairs } from '../lib/fixtures';
import { machineFacts, nodeVersion } from '../lib/machine-facts';
import type { StartedProcess } from '../lib/processes';
import { loadTable, printTable, runtimeTable } from '../lib/report';
import { writeRuntimes } from '../lib/report-markdown';
import type { RuntimeRow } from '../lib/results';
import { BENCH_NODE, PAIRS, REPORT, ROOT, ROUNDS, RUNTIMES, settingsLine } from '../settings';
import { saturateInTurns } from './compare';
import { socketsAndNudges } from './sockets-and-nudges';

export async function runtimesSideBySide(base: Base): Promise<void> {
  const loadBefore = loadavg()[0];
  const runtimes = RUNTIMES.map((node) => ({ node, version: nodeVersion(node) }));
  log(`runtimes: ${runtimes.map((r) => `${r.version} (${r.node})`).join(', ')}`);
  const services: StartedProcess[] = [];
  const floors: StartedProcess[] = [];
  for (const { node, version } of runtimes) {
    services.push(await startService(`service on ${version}`, { ...base, stats: 'default', node }));
    floors.push(await startFloor(base.prefix, node, `floor on ${version}`));
  }
  const pairs = await createPairs(services[0].url, PAIRS);
  await meetPairs(services[0].url, pairs);
  const combos = matchCombos(pairs);
  const fastapi = await startFastapi(base.prefix);
  const targets = [...services, ...floors, ...(fastapi ? [fastapi] : [])];
  log(`/match at saturation: ${targets.length} targets in ${ROUNDS} alternating slices`);
  const measured = await saturateInTurns(targets, combos);
  for (const target of targets) await target.stop();
  const fastapiMax = fastapi ? measured[targets.length - 1] : undefined;
  const rows: RuntimeRow[] = [];
  for (const [i, runtime] of runtimes.entries()) {
    const serviceMax = measured[i];
    const floorMax = measured[runtimes.length + i];
    log(`nudge latency among idle sockets on ${runtime.version}`);
    const name = `service on ${runtime.version} (sockets)`;
    const sockets = await socketsAndNudges(base, { node: runtime.node, name, judge: false });
    rows.push({ runtime, serviceMax, floorMax, fastapiMax, sockets });
    results.loads.push(
      { name: `POST /match, service on Node ${runtime.version}, saturation`, result: serviceMax },
      { name: `POST /match, floor on Node ${runtime.version}, saturation`, result: floorMax },
    );
  }
  if (fastapi && fastapiMax)
    results.loads.push({ name: `POST /match, ${fastapi.name}, saturation`, result: fastapiMax });
  results.runtimes = rows;
  printTable(runtimeTable(rows));
  printTable(loadTable(results));
  for (const line of results.notes) console.log(`- ${line}`);
  await writeRuntimes(REPORT, {
    ...results,
    date: new Date().toISOString(),
    machine: machineFacts(ROOT, BENCH_NODE, { ...base, loadBefore }),
    settings: settingsLine(),
  });
  log(`wrote the runtime table of ${REPORT}`);
}
