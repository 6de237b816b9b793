// The push row of `npm run bench`: /match throughput with push configured and half the phones
// in a pocket (no socket, a Web Push channel) against the same deployment with push off. Both
// re-meet every pair each second (NUDGE_COOLDOWN_SECONDS=1), so every second nudges half the
// phones by push while the other half (sockets open, acking) take theirs over the socket.
import { createECDH, randomBytes } from 'node:crypto';
import { Base, log, matchLoad, onCleanup, results, startPushSink, startService } from '../context';
import { BenchSession, createPairs, MatchCombo, matchCombos } from '../lib/fixtures';
import { forEachConcurrently } from '../lib/http';
import { deleteKeysWithPrefix, uniquePrefix } from '../lib/infra';
import { fmt } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import { closeAll, connectAll, Phone } from '../lib/sockets';
import { PAIRS } from '../settings';
import { inTurns, ratioTarget } from './compare';

const MEETING_ENV = { NUDGE_COOLDOWN_SECONDS: '1', MATCH_NEW_MEETINGS_PER_WINDOW: '0' };

function p256(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  return {
    publicKey: publicKey.toString('base64url'),
    privateKey: ecdh.getPrivateKey().toString('base64url'),
  };
}

async function registerPush(
  url: string,
  sink: StartedProcess,
  session: BenchSession,
  i: number,
): Promise<void> {
  const keys = { p256dh: p256().publicKey, auth: randomBytes(16).toString('base64url') };
  const res = await fetch(`${url}/session/${session.bleToken}/push`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
    body: JSON.stringify({ provider: 'webpush', subscription: { endpoint: `${sink.url}/push/${i}`, keys } }),
  });
  if (res.status !== 204)
    throw new Error(`PUT /session/{ble_token}/push answered ${res.status}: ${await res.text()}`);
}

interface Deployment {
  service: StartedProcess;
  sockets: Phone[];
  combos: MatchCombo[];
}

/** One deployment (its own Redis prefix): PAIRS pairs, the right phones on a socket, the left ones maybe in a pocket. */
async function deployment(
  base: Base,
  name: string,
  extraEnv: Record<string, string>,
  sink?: StartedProcess,
): Promise<Deployment> {
  const prefix = uniquePrefix();
  onCleanup(async () => log(`removed ${await deleteKeysWithPrefix(prefix)} Redis keys under ${prefix}`));
  const service = await startService(name, {
    ...base,
    prefix,
    stats: 'default',
    env: { ...MEETING_ENV, ...extraEnv },
  });
  const pairs = await createPairs(service.url, PAIRS);
  const sockets = await connectAll(
    service.url,
    pairs.map(({ right }) => right),
  );
  if (sink !== undefined)
    await forEachConcurrently(pairs.length, 32, (i) => registerPush(service.url, sink, pairs[i].left, i));
  return { service, sockets, combos: matchCombos(pairs) };
}

async function pushEntry(url: string): Promise<{ sent?: number; failed?: number }> {
  const health = (await (await fetch(`${url}/health`)).json()) as {
    details?: { push?: { sent?: number; failed?: number } };
  };
  return health.details?.push ?? {};
}

export async function pushOverhead(base: Base): Promise<void> {
  const sink = await startPushSink();
  const vapid = p256();
  const off = await deployment(base, 'service (push off)', {});
  const on = await deployment(
    base,
    'service (push on)',
    {
      PUSH_WEBPUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
      PUSH_WEBPUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
      PUSH_WEBPUSH_SUBJECT: 'mailto:bench@sighej.test',
      PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
    },
    sink,
  );
  log(
    `push: /match on ${PAIRS} pairs re-meeting every second, push off vs push on (half the phones in a pocket)`,
  );
  const combosOf = new Map([
    [off.service, off.combos],
    [on.service, on.combos],
  ]);
  const [offMax, onMax] = await inTurns([off.service, on.service], (target, seconds) =>
    matchLoad(target, combosOf.get(target) ?? [], { seconds, warmupSeconds: 0 }),
  );
  const { sent = 0, failed = 0 } = await pushEntry(on.service.url);
  const received = (await (await fetch(`${sink.url}/count`)).json()) as { accepted: number; refused: number };
  for (const { service, sockets } of [off, on]) {
    await closeAll(sockets);
    await service.stop();
  }
  await sink.stop();
  results.loads.push(
    { name: 'POST /match, push off, pairs re-meeting every second', result: offMax },
    { name: 'POST /match, push on, half the phones in a pocket', result: onMax },
  );
  const row = ratioTarget(
    '/match throughput with push configured and half the phones backgrounded ≥ 95 % of push off',
    onMax,
    offMax,
    0.95,
    true,
  );
  const pushes = `; ${fmt.int(sent)} pushes sent, ${fmt.int(failed)} failed, the push service accepted ${fmt.int(received.accepted)}, refused ${fmt.int(received.refused)}`;
  // No push sent means the row measured nothing of push: it cannot pass.
  const exercised = sent > 0 && received.refused === 0;
  results.targets.push({ ...row, measured: row.measured + pushes, ok: row.ok === true && exercised });
  log(
    `  push off ${fmt.int(offMax.rps)} req/s, push on ${fmt.int(onMax.rps)} req/s, ${fmt.int(sent)} pushes sent`,
  );
}
