// Sessions the scenarios need, created through the service itself (POST /session), so
// Redis holds exactly what the service stores.
import { randomBytes } from 'node:crypto';
import { forEachConcurrently, JsonAnswer, postJson } from './http';

// Two overlapping interest lists: partners share two categories (tech, music), so /match
// does a real intersection and sorts more than one label.
export const LEFT = ['DevOps', 'hardstyle', 'philosophy', 'chess'];
export const RIGHT = ['devops', 'Hardstyle', 'football'];

export const SESSION_INTEREST_LISTS = [LEFT, RIGHT, ['jazz', 'kubernetes'], ['climbing', 'poetry', 'k8s']];

export interface BenchSession {
  bleToken: string;
  accessToken: string;
  sessionId: string;
}

export interface Pair {
  left: BenchSession;
  right: BenchSession;
}

/** A (body, bearer) of the /match hot path. */
export interface MatchCombo {
  body: string;
  bearer: string;
}

/** A well-formed BLE token the server never issued (SPEC: 16 random bytes, base64url): it names nobody. */
export function unissuedBleToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The session a 201 of POST /session names. */
export function sessionOf(res: JsonAnswer): BenchSession {
  if (res.status !== 201 || res.body === undefined)
    throw new Error(`POST /session answered ${res.status}: ${res.text}`);
  const { ble_token: bleToken, access_token: accessToken, session_id: sessionId } = res.body;
  return { bleToken: String(bleToken), accessToken: String(accessToken), sessionId: String(sessionId) };
}

/** A session created through the service; the service chooses its BLE token. */
export async function createSession(url: string, interests: string[], attempt = 1): Promise<BenchSession> {
  let res: JsonAnswer;
  try {
    res = await postJson(url, '/session', { interests });
  } catch (error) {
    // A reset connection says nothing about the service.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' && attempt < 3)
      return createSession(url, interests, attempt + 1);
    throw error;
  }
  return sessionOf(res);
}

/** `count` pairs of live sessions whose interests overlap. */
export async function createPairs(url: string, count: number, concurrency = 32): Promise<Pair[]> {
  const pairs = new Array<Pair>(count);
  await forEachConcurrently(count, concurrency, async (i) => {
    pairs[i] = { left: await createSession(url, LEFT), right: await createSession(url, RIGHT) };
  });
  return pairs;
}

export function matchRequest(
  own: { bleToken: string },
  detected: { bleToken: string },
): { own_token: string; detected_token: string } {
  return { own_token: own.bleToken, detected_token: detected.bleToken };
}

/**
 * Makes every pair a met pair: both phones report each other (left, then right), which
 * completes the meeting under mutual detection and, where one call already matches, leaves
 * the second call on the hot path. Returns, per pair, both answers.
 */
export async function meetPairs(
  url: string,
  pairs: Pair[],
  concurrency = 32,
): Promise<[JsonAnswer, JsonAnswer][]> {
  const answers = new Array<[JsonAnswer, JsonAnswer]>(pairs.length);
  await forEachConcurrently(pairs.length, concurrency, async (i) => {
    const { left, right } = pairs[i];
    const fromLeft = await postJson(url, '/match', matchRequest(left, right), left.accessToken);
    const fromRight = await postJson(url, '/match', matchRequest(right, left), right.accessToken);
    answers[i] = [fromLeft, fromRight];
  });
  return answers;
}

/** Calls /match once per pair from the left phone; returns the answers. */
export async function matchOnce(url: string, pairs: Pair[], concurrency = 32): Promise<JsonAnswer[]> {
  const answers = new Array<JsonAnswer>(pairs.length);
  await forEachConcurrently(pairs.length, concurrency, async (i) => {
    const { left, right } = pairs[i];
    answers[i] = await postJson(url, '/match', matchRequest(left, right), left.accessToken);
  });
  return answers;
}

/** The 2 × pairs (own, detected, bearer) combinations of the /match hot path, both sides. */
export function matchCombos(pairs: Pair[]): MatchCombo[] {
  return pairs.flatMap(({ left, right }) => [
    { body: JSON.stringify(matchRequest(left, right)), bearer: left.accessToken },
    { body: JSON.stringify(matchRequest(right, left)), bearer: right.accessToken },
  ]);
}

/** Round robin over the combos, as a load's `makeRequest`. */
export function comboRequests(combos: MatchCombo[]): () => { body: string; headers: Record<string, string> } {
  let n = 0;
  return () => {
    const combo = combos[n++ % combos.length];
    return { body: combo.body, headers: { authorization: `Bearer ${combo.bearer}` } };
  };
}
