import request from 'supertest';

export interface CreatedSession {
  bleToken: string;
  accessToken: string;
  sessionId: string;
}

/** Registers a session through the API. */
export async function createSession(
  baseUrl: string,
  bleToken: string,
  interests: string[],
): Promise<CreatedSession> {
  const { body } = await request(baseUrl)
    .post('/session')
    .send({ ble_token: bleToken, interests })
    .expect(201);
  return { bleToken, accessToken: body.access_token as string, sessionId: body.session_id as string };
}

/** Calls POST /match as `own`. */
export function match(baseUrl: string, own: CreatedSession, detectedToken: string): request.Test {
  return request(baseUrl)
    .post('/match')
    .set('Authorization', `Bearer ${own.accessToken}`)
    .send({ own_token: own.bleToken, detected_token: detectedToken });
}

let counter = 0;
/** A BLE token unique within the test run. */
export function bleToken(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}`.slice(0, 64);
}

/**
 * Both phones report each other (SPEC's mutual detection): `b` first (a sighting alone,
 * answered like an absent token), then `a`, whose call completes the meeting and, with
 * shared interests, nudges both. Resolves with `a`'s answer.
 */
export async function meet(baseUrl: string, a: CreatedSession, b: CreatedSession): Promise<request.Response> {
  await match(baseUrl, b, a.bleToken).expect(200);
  return match(baseUrl, a, b.bleToken).expect(200);
}

/** `meet` across two instances: `b` reports through `bUrl`, `a` completes through `aUrl`. */
export async function meetAcross(
  aUrl: string,
  a: CreatedSession,
  bUrl: string,
  b: CreatedSession,
): Promise<request.Response> {
  await match(bUrl, b, a.bleToken).expect(200);
  return match(aUrl, a, b.bleToken).expect(200);
}
