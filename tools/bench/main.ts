// npm run bench: the service's hot paths against a no-framework floor, in one run, on the
// machine's Redis and Postgres. Prints a table and writes docs/benchmarks.md. Settings and
// the BENCH_ONLY modes: settings.ts.
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Base, cleanup, log, onCleanup, reportExited, results, scratch, startService } from './context';
import { createPairs } from './lib/fixtures';
import { closeAgent } from './lib/http';
import { checkPostgres, checkRedis, deleteKeysWithPrefix, freshDatabase, uniquePrefix } from './lib/infra';
import { machineFacts } from './lib/machine-facts';
import { messageOf } from './lib/numbers';
import type { StartedProcess } from './lib/processes';
import { loadTable, printTable, targetsTable } from './lib/report';
import { writeMarkdown } from './lib/report-markdown';
import { matchVersusPeers } from './scenarios/match-versus-peers';
import { PARITY_REGULARS, privacyParity } from './scenarios/privacy-parity';
import { pushOverhead } from './scenarios/push-overhead';
import { runtimesSideBySide } from './scenarios/runtimes';
import { sessionVersusFastapi } from './scenarios/session-versus-fastapi';
import { socketsAndNudges } from './scenarios/sockets-and-nudges';
import { statsOverhead } from './scenarios/stats-overhead';
import { BENCH_NODE, ONLY, PROFILE_SECONDS, REPORT, ROOT, SERVICE_MAIN, settingsLine } from './settings';

function printResults(): void {
  console.log('');
  printTable(loadTable(results));
  console.log('');
  printTable(targetsTable(results));
  for (const line of results.notes) console.log(`- ${line}`);
}

/** BENCH_ONLY=match: the profile in µs per request on the console. */
function printProfile(): void {
  const profile = results.profile;
  if (profile === undefined || profile.error !== undefined) return;
  const per = (ms: number): string => `${((ms * 1000) / profile.requests).toFixed(1)} µs`;
  for (const [name, ms] of [...profile.components, ...profile.inclusive, ...profile.topSelf.slice(0, 40)])
    console.log(`  ${per(ms).padStart(9)}  ${name}`);
}

function busyNote(loadBefore: number): void {
  const busiest = Math.max(loadBefore, loadavg()[0]);
  if (busiest <= cpus().length) return;
  results.notes.push(
    `The machine was busy (1-minute load average ${busiest.toFixed(1)} on ${cpus().length} cores): every target and the load generator ` +
      'waited for a core, which inflates latencies and compresses the ratios towards 100 %. Re-run on a quiet machine for figures to plan with.',
  );
}

/** The scenarios of a full run (or of BENCH_ONLY=match / parity / push) on the first service. */
async function scenarios(service: StartedProcess, base: Base): Promise<void> {
  if (ONLY === 'parity') return privacyParity(service, await createPairs(service.url, PARITY_REGULARS));
  if (ONLY === 'push') {
    await service.stop();
    return pushOverhead(base);
  }
  const matched = await matchVersusPeers(service, base);
  if (ONLY === 'match') return;
  if (matched) await socketsAndNudges(base);
  await sessionVersusFastapi(service, base);
  await statsOverhead(base, service);
  await pushOverhead(base);
}

async function main(): Promise<void> {
  const wallStart = performance.now();
  const loadBefore = loadavg()[0];
  if (!existsSync(SERVICE_MAIN))
    throw new Error(`${SERVICE_MAIN} is missing: run \`npm run bench\` (it builds first)`);
  const [redis, postgres] = await Promise.all([checkRedis(), checkPostgres()]);
  log(`${redis}, ${postgres}, Node ${process.version}, ${cpus().length} × ${cpus()[0].model}`);
  const prefix = uniquePrefix();
  const database = await freshDatabase();
  onCleanup(() => database.drop());
  onCleanup(async () => log(`removed ${await deleteKeysWithPrefix(prefix)} Redis keys under ${prefix}`));
  const base: Base = { prefix, databaseUrl: database.url, redis, postgres };
  const service = await startService('service', { ...base, stats: 'default' });
  log(`service up on ${service.url} (pid ${service.pid}); Redis prefix ${prefix}`);
  if (ONLY === 'runtimes') {
    await service.stop();
    await runtimesSideBySide(base);
    return;
  }
  await scenarios(service, base);
  await service.stop();
  await cleanup();
  if (ONLY === 'push' || ONLY === 'parity') {
    if (ONLY === 'push') printTable(loadTable(results));
    printTable(targetsTable(results));
    if (ONLY === 'parity') for (const line of results.notes) console.log(`- ${line}`);
    return log(`BENCH_ONLY=${ONLY}: ${REPORT} left as it was`);
  }
  busyNote(loadBefore);
  printResults();
  const wallSeconds = (performance.now() - wallStart) / 1000;
  if (ONLY === 'match') {
    printProfile();
    return log(`BENCH_ONLY=match: ${REPORT} left as it was (${wallSeconds.toFixed(0)} s)`);
  }
  await writeMarkdown(REPORT, {
    ...results,
    date: new Date().toISOString(),
    wallSeconds,
    settings: `${settingsLine()}, profile ${PROFILE_SECONDS} s`,
    machine: machineFacts(ROOT, BENCH_NODE, { redis, postgres, loadBefore }),
  });
  log(`wrote ${REPORT} (${wallSeconds.toFixed(0)} s)`);
}

process.once('SIGINT', () => {
  log('interrupted; cleaning up');
  void cleanup().then(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    console.error(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}`,
    );
    reportExited();
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    closeAgent();
    rmSync(scratch, { recursive: true, force: true });
  });
