import { randomBytes } from 'node:crypto';
import request from 'supertest';

export interface CreatedSession {
  bleToken: string;
  accessToken: string;
  sessionId: string;
}

/** Registers a session through the API; the server chooses its BLE token. */
export async function createSession(baseUrl: string, interests: string[]): Promise<CreatedSession> {
  const { body } = await request(baseUrl).post('/session').send({ interests }).expect(201);
  return {
    bleToken: body.ble_token as string,
    accessToken: body.access_token as string,
    sessionId: body.session_id as string,
  };
}

/** Rotates `session`'s token (the server chooses the new one) and returns it renamed. */
export async function rotate(baseUrl: string, session: CreatedSession): Promise<CreatedSession> {
  const { body } = await request(baseUrl)
    .post(`/session/${session.bleToken}/rotate`)
    .set('Authorization', `Bearer ${session.accessToken}`)
    .expect(200);
  return { ...session, bleToken: body.ble_token as string };
}

/** Calls POST /match as `own`. */
export function match(baseUrl: string, own: CreatedSession, detectedToken: string): request.Test {
  return request(baseUrl)
    .post('/match')
    .set('Authorization', `Bearer ${own.accessToken}`)
    .send({ own_token: own.bleToken, detected_token: detectedToken });
}

/** A well-formed BLE token the server never issued (it names no session). */
export function unissuedToken(): string {
  return randomBytes(16).toString('base64url');
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
