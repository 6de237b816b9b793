// (4)+(5) Idle authenticated sockets: RSS per socket, then nudge latency among them. On a
// fresh service: one that just served minutes of load keeps handing memory back to the OS,
// which would read as negative memory per socket.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Base, log, note, onCleanup, results, startService } from '../context';
import { createPairs, unissuedBleToken } from '../lib/fixtures';
import { openFileLimit } from '../lib/infra';
import { fmt } from '../lib/numbers';
import type { SocketFigures } from '../lib/results';
import { settledMemory, upgradeStatus } from '../lib/service-probes';
import { closeAll, connectAll, Phone } from '../lib/sockets';
import { SOCKETS } from '../settings';
import { timeNudgesAmong } from './nudge-latency';

/** How many sockets this machine allows (a note when fewer than BENCH_SOCKETS). */
function socketCount(): number {
  const limit = openFileLimit();
  if (limit >= SOCKETS + 1000) return SOCKETS;
  const count = Math.max(0, Math.floor((limit - 1000) / 100) * 100);
  const message = `ulimit -n is ${limit}: ${SOCKETS} sockets need at least ${SOCKETS + 1000} open files in this process and in the service. Raise it in the shell first (\`ulimit -n 20000\`) and re-run; this run uses ${count} sockets.`;
  console.error(`\n*** ${message}\n`);
  note(message);
  return count;
}

export interface SocketOptions {
  node?: string;
  name?: string;
  /** Whether the figures are judged as targets (the runtime table only reports them). */
  judge?: boolean;
}

export async function socketsAndNudges(
  base: Base,
  options: SocketOptions = {},
): Promise<SocketFigures | undefined> {
  const { node, name = 'service (sockets)', judge = true } = options;
  if (SOCKETS < 200) {
    results.notes.push(`Socket scenarios skipped: BENCH_SOCKETS=${SOCKETS} (at least 200 needed).`);
    return undefined;
  }
  const service = await startService(name, { ...base, stats: 'default', node });
  const refused = await upgradeStatus(service.url, `/ws/${unissuedBleToken()}`);
  if (refused !== 401) {
    await service.stop();
    results.notes.push(
      `WebSocket /ws/{ble_token} is not built on this branch (unauthenticated upgrade answered ${refused || 'a hang-up'}, expected 401): socket scenarios skipped.`,
    );
    log('no WebSocket endpoint: skipping socket scenarios');
    return undefined;
  }
  const count = socketCount();
  if (count < 200) return undefined;
  log(`creating ${count} sessions for the sockets`);
  const creationStarted = performance.now();
  const pairs = await createPairs(service.url, count / 2, 64);
  log(`  ${count} sessions in ${((performance.now() - creationStarted) / 1000).toFixed(1)} s`);
  await sleep(2000);
  const before = await settledMemory(service);
  log(`connecting ${count} authenticated sockets (RSS before ${fmt.int(before.rssKb / 1024)} MB)`);
  const connectStarted = performance.now();
  const phones = await connectAll(
    service.url,
    pairs.flatMap(({ left, right }) => [left, right]),
  );
  onCleanup(() => closeAll(phones));
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await sleep(3000);
  const after = await settledMemory(service);
  const rssPerSocket = (after.rssKb - before.rssKb) / count;
  const heapPerSocket = (after.heapKb - before.heapKb) / count;
  // Judged on the larger of the two, so a pre-grown heap cannot flatter the figure.
  const perSocket = Math.max(rssPerSocket, heapPerSocket);
  log(
    `  connected in ${connectSeconds.toFixed(1)} s; RSS ${fmt.int(before.rssKb / 1024)} → ${fmt.int(after.rssKb / 1024)} MB: ` +
      `${fmt.kb(rssPerSocket)} RSS, ${fmt.kb(heapPerSocket)} heap+external per socket`,
  );
  const memory =
    `${fmt.int(count)} sockets: RSS ${fmt.int(before.rssKb / 1024)} → ${fmt.int(after.rssKb / 1024)} MB = ${fmt.kb(rssPerSocket)}/socket; ` +
    `heap+external ${fmt.int(before.heapKb / 1024)} → ${fmt.int(after.heapKb / 1024)} MB = ${fmt.kb(heapPerSocket)}/socket`;
  if (judge) {
    results.targets.push({
      name: '≤ 4 KB RSS per idle authenticated socket',
      measured: `${fmt.kb(perSocket)} (${memory})${perSocket <= 4 ? '' : `: ${fmt.kb(perSocket - 4)} per socket over`}`,
      ok: perSocket <= 4,
    });
  }
  const nudgePairs = pairs.map((_, i): [Phone, Phone] => [phones[2 * i], phones[2 * i + 1]]);
  const p99 = await timeNudgesAmong(service, nudgePairs, { count, connectSeconds, judge });
  await closeAll(phones);
  await service.stop();
  return { count, p99, perSocket };
}
