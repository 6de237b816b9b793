// Idle authenticated WebSockets and nudge timing: /match call → nudge on the other phone.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { matchRequest } from './fixtures';
import { forEachConcurrently, postJson } from './http';

export interface Phone {
  session: { bleToken: string; accessToken: string };
  socket: WebSocket;
  waiters: ((at: number) => void)[];
  nudges: number;
}

function connect(wsUrl: string, session: Phone['session']): Promise<Phone> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/ws/${session.bleToken}`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    const phone: Phone = { session, socket, waiters: [], nudges: 0 };
    socket.on('message', (data: Buffer) => {
      let message: { type?: unknown; nudge_id?: unknown };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      if (message.type !== 'nudge') return;
      phone.nudges += 1;
      // A well-behaved phone acks, so the pending queue does not grow during the run.
      socket.send(JSON.stringify({ type: 'ack', nudge_id: message.nudge_id }));
      phone.waiters.shift()?.(performance.now());
    });
    socket.once('open', () => resolve(phone));
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade answered ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** Opens one socket per session; returns the phones (session + socket) in the same order. */
export async function connectAll(
  baseUrl: string,
  sessions: Phone['session'][],
  concurrency = 100,
): Promise<Phone[]> {
  const wsUrl = baseUrl.replace(/^http/, 'ws');
  const phones = new Array<Phone>(sessions.length);
  await forEachConcurrently(sessions.length, concurrency, async (i) => {
    phones[i] = await connect(wsUrl, sessions[i]);
  });
  return phones;
}

export async function closeAll(phones: (Phone | undefined)[]): Promise<void> {
  await Promise.all(
    phones.map(
      (phone) =>
        new Promise<void>((resolve) => {
          if (phone === undefined || phone.socket.readyState === WebSocket.CLOSED) return resolve();
          phone.socket.once('close', () => resolve());
          phone.socket.terminate();
        }),
    ),
  );
}

function nextNudge(phone: Phone, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const done = (at: number): void => {
      clearTimeout(timer);
      resolve(at);
    };
    const timer = setTimeout(() => {
      phone.waiters.splice(phone.waiters.indexOf(done), 1);
      resolve(undefined);
    }, timeoutMs);
    phone.waiters.push(done);
  });
}

export interface NudgeTimes {
  toOther: number[];
  toCaller: number[];
  http: number[];
  lost: number;
  notSent: number;
}

async function call(baseUrl: string, own: Phone, detected: Phone) {
  const started = performance.now();
  const res = await postJson(
    baseUrl,
    '/match',
    matchRequest(own.session, detected.session),
    own.session.accessToken,
  );
  return { started, answered: performance.now(), sent: res.status === 200 && res.body?.nudge_sent === true };
}

/**
 * For each pair in turn (one meeting at a time, so the figure is latency, not queueing):
 * both phones report each other, the left one first; the clock runs from the start of the
 * call that completes the meeting (the one answering `nudge_sent: true`: the left phone's
 * when one call matches, the right phone's under mutual detection) to the nudge frame on
 * the other phone's socket. Also records that call's HTTP answer time and the completing
 * phone's own nudge.
 */
export async function timeNudges(
  baseUrl: string,
  phonePairs: [Phone, Phone][],
  timeoutMs = 2000,
): Promise<NudgeTimes> {
  const times: NudgeTimes = { toOther: [], toCaller: [], http: [], lost: 0, notSent: 0 };
  for (const [left, right] of phonePairs) {
    const leftNudge = nextNudge(left, timeoutMs);
    const rightNudge = nextNudge(right, timeoutMs);
    let completing = await call(baseUrl, left, right);
    let [callerNudge, otherNudge] = [leftNudge, rightNudge];
    if (!completing.sent) {
      completing = await call(baseUrl, right, left);
      [callerNudge, otherNudge] = [rightNudge, leftNudge];
    }
    if (!completing.sent) times.notSent += 1;
    times.http.push(completing.answered - completing.started);
    const [otherAt, ownAt] = await Promise.all([otherNudge, callerNudge]);
    if (otherAt === undefined) times.lost += 1;
    else times.toOther.push(otherAt - completing.started);
    if (ownAt === undefined) times.lost += 1;
    else times.toCaller.push(ownAt - completing.started);
  }
  return times;
}
