import { UnauthorizedError } from '@sighej/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashAccessToken } from '../src/access-token';
import { newBleToken } from '../src/ble-token';
import { SessionAuthenticator } from '../src/auth/session-authenticator';
import { InMemorySessionStore } from '../src/store/in-memory-session-store';

describe('SessionAuthenticator', () => {
  const store = new InMemorySessionStore();
  const authenticator = new SessionAuthenticator(store);
  const session = {
    id: randomUUID(),
    accessHash: hashAccessToken('secret'),
    categories: 1,
    expiresAt: Date.now() + 60_000,
    epoch: randomBytes(16).toString('base64url'),
  };
  const alice = newBleToken();

  beforeAll(() => store.create(alice, session));

  it('resolves the live session whose access token the caller holds', async () => {
    expect(await authenticator.authenticate(alice, 'secret')).toEqual(session);
  });

  it.each([
    ['a wrong access token', alice, 'guess'],
    ['no access token', alice, undefined],
    ['a token with no live session', newBleToken(), 'secret'],
    ['a token of the old, client-chosen form', 'alice-ble', 'secret'],
    ['a value that cannot be a BLE token', 'a b', 'secret'],
    ['something that is not a string', 42, 'secret'],
  ])('answers the same 401 for %s', async (_, bleToken, accessToken) => {
    await expect(authenticator.authenticate(bleToken, accessToken)).rejects.toEqual(new UnauthorizedError());
  });

  it.each([
    ['the live session a token names', alice, { session }],
    ['no session for a token nobody holds', newBleToken(), { session: undefined }],
    ['no lookup for a value that cannot be a BLE token', 'a b', {}],
  ])('finds %s (for a handler that needs another session)', async (_, bleToken, expected) => {
    expect(await authenticator.find(bleToken)).toEqual(expected);
  });
});
