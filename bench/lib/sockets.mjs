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
 * For each pair in turn (one match at a time, so the figure is latency, not queueing):
 * start the clock, POST /match from the left phone, and stop it when the nudge reaches the
 * right phone's socket. Also records the HTTP answer time and the left phone's own nudge.
 */
export async function timeNudges(baseUrl, phonePairs, timeoutMs = 2000) {
  const toOther = [];
  const toCaller = [];
  const http = [];
  let lost = 0;
  let notSent = 0;
  for (const [left, right] of phonePairs) {
    const otherNudge = nextNudge(right, timeoutMs);
    const ownNudge = nextNudge(left, timeoutMs);
    const started = performance.now();
    const res = await postJson(
      baseUrl,
      '/match',
      matchRequest(left.session, right.session),
      left.session.accessToken,
    );
    http.push(performance.now() - started);
    if (res.status !== 200 || res.body?.nudge_sent !== true) notSent += 1;
    const [otherAt, ownAt] = await Promise.all([otherNudge, ownNudge]);
    if (otherAt === undefined) lost += 1;
    else toOther.push(otherAt - started);
    if (ownAt === undefined) lost += 1;
    else toCaller.push(ownAt - started);
  }
  return { toOther, toCaller, http, lost, notSent };
}
