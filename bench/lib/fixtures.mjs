// Sessions the scenarios need, created through the service itself (POST /session), so
// Redis holds exactly what the service stores.
import { randomBytes } from 'node:crypto';
import { forEachConcurrently, postJson } from './http.mjs';

// Two overlapping interest lists: partners share two categories (tech, music), so /match
// does a real intersection and sorts more than one label.
export const LEFT = ['DevOps', 'hardstyle', 'philosophy', 'chess'];
export const RIGHT = ['devops', 'Hardstyle', 'football'];

export const SESSION_INTEREST_LISTS = [LEFT, RIGHT, ['jazz', 'kubernetes'], ['climbing', 'poetry', 'k8s']];

/** A well-formed BLE token the server never issued (SPEC: 16 random bytes, base64url): it names nobody. */
export function unissuedBleToken() {
  return randomBytes(16).toString('base64url');
}

/** A session created through the service; the service chooses its BLE token. */
export async function createSession(url, interests, attempt = 1) {
  let res;
  try {
    res = await postJson(url, '/session', { interests });
  } catch (error) {
    // A reset connection says nothing about the service.
    if (error.code === 'ECONNRESET' && attempt < 3) return createSession(url, interests, attempt + 1);
    throw error;
  }
  if (res.status !== 201) throw new Error(`POST /session answered ${res.status}: ${res.text}`);
  return { bleToken: res.body.ble_token, accessToken: res.body.access_token, sessionId: res.body.session_id };
}

/** `count` pairs of live sessions whose interests overlap. */
export async function createPairs(url, count, concurrency = 32) {
  const pairs = new Array(count);
  await forEachConcurrently(count, concurrency, async (i) => {
    pairs[i] = { left: await createSession(url, LEFT), right: await createSession(url, RIGHT) };
  });
  return pairs;
}

export function matchRequest(own, detected) {
  return { own_token: own.bleToken, detected_token: detected.bleToken };
}

/**
 * Makes every pair a met pair: both phones report each other (left, then right), which
 * completes the meeting under mutual detection and, where one call already matches, leaves
 * the second call on the hot path. Returns, per pair, both answers.
 */
export async function meetPairs(url, pairs, concurrency = 32) {
  const answers = new Array(pairs.length);
  await forEachConcurrently(pairs.length, concurrency, async (i) => {
    const { left, right } = pairs[i];
    const fromLeft = await postJson(url, '/match', matchRequest(left, right), left.accessToken);
    const fromRight = await postJson(url, '/match', matchRequest(right, left), right.accessToken);
    answers[i] = [fromLeft, fromRight];
  });
  return answers;
}

/** Calls /match once per pair from the left phone; returns the answers. */
export async function matchOnce(url, pairs, concurrency = 32) {
  const answers = new Array(pairs.length);
  await forEachConcurrently(pairs.length, concurrency, async (i) => {
    const { left, right } = pairs[i];
    answers[i] = await postJson(url, '/match', matchRequest(left, right), left.accessToken);
  });
  return answers;
}

/** The 2 × pairs (own, detected, bearer) combinations of the /match hot path, both sides. */
export function matchCombos(pairs) {
  return pairs.flatMap(({ left, right }) => [
    { body: JSON.stringify(matchRequest(left, right)), bearer: left.accessToken },
    { body: JSON.stringify(matchRequest(right, left)), bearer: right.accessToken },
  ]);
}
