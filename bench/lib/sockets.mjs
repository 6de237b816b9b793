// Idle authenticated WebSockets and nudge timing: /match call → nudge on the other phone.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { forEachConcurrently, postJson } from './http.mjs';
import { matchRequest } from './fixtures.mjs';

function connect(wsUrl, session) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/ws/${session.bleToken}`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    const phone = { session, socket, waiters: [], nudges: 0 };
    socket.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (message.type !== 'nudge') return;
      phone.nudges += 1;
      // A well-behaved phone acks, so the pending queue does not grow during the run.
      socket.send(JSON.stringify({ type: 'ack', nudge_id: message.nudge_id }));
      const waiter = phone.waiters.shift();
      if (waiter) waiter(performance.now());
    });
    socket.once('open', () => resolve(phone));
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade answered ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** Opens one socket per session; returns the phones (session + socket) in the same order. */
export async function connectAll(baseUrl, sessions, concurrency = 100) {
  const wsUrl = baseUrl.replace(/^http/, 'ws');
  const phones = new Array(sessions.length);
  await forEachConcurrently(sessions.length, concurrency, async (i) => {
    phones[i] = await connect(wsUrl, sessions[i]);
  });
  return phones;
}

export async function closeAll(phones) {
  await Promise.all(
    phones.filter(Boolean).map(
      ({ socket }) =>
        new Promise((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', resolve);
          socket.terminate();
        }),
    ),
  );
}

function nextNudge(phone, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      phone.waiters.splice(phone.waiters.indexOf(done), 1);
      resolve(undefined);
    }, timeoutMs);
    const done = (at) => {
      clearTimeout(timer);
      resolve(at);
    };
    phone.waiters.push(done);
  });
}

/**
 * For each pair in turn (one meeting at a time, so the figure is latency, not queueing):
 * both phones report each other, the left one first; the clock runs from the start of the
 * call that completes the meeting (the one answering `nudge_sent: true`: the left phone's
 * when one call matches, the right phone's under mutual detection) to the nudge frame on
 * the other phone's socket. Also records that call's HTTP answer time and the completing
 * phone's own nudge.
 */
export async function timeNudges(baseUrl, phonePairs, timeoutMs = 2000) {
  const toOther = [];
  const toCaller = [];
  const http = [];
  let lost = 0;
  let notSent = 0;
  const call = async (own, detected) => {
    const started = performance.now();
    const res = await postJson(
      baseUrl,
      '/match',
      matchRequest(own.session, detected.session),
      own.session.accessToken,
    );
    return {
      started,
      answered: performance.now(),
      sent: res.status === 200 && res.body?.nudge_sent === true,
    };
  };
  for (const [left, right] of phonePairs) {
    const leftNudge = nextNudge(left, timeoutMs);
    const rightNudge = nextNudge(right, timeoutMs);
    let completing = await call(left, right);
    let [callerNudge, otherNudge] = [leftNudge, rightNudge];
    if (!completing.sent) {
      completing = await call(right, left);
      [callerNudge, otherNudge] = [rightNudge, leftNudge];
    }
    if (!completing.sent) notSent += 1;
    http.push(completing.answered - completing.started);
    const [otherAt, ownAt] = await Promise.all([otherNudge, callerNudge]);
    if (otherAt === undefined) lost += 1;
    else toOther.push(otherAt - completing.started);
    if (ownAt === undefined) lost += 1;
    else toCaller.push(ownAt - completing.started);
  }
  return { toOther, toCaller, http, lost, notSent };
}
