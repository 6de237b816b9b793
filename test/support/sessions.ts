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
