import { UnauthorizedError } from '@sighej/shared';
import { hashAccessToken } from '../src/access-token';
import { SessionAuthenticator } from '../src/auth/session-authenticator';
import { InMemorySessionStore } from '../src/store/in-memory-session-store';

describe('SessionAuthenticator', () => {
  const store = new InMemorySessionStore();
  const authenticator = new SessionAuthenticator(store);
  const session = {
    id: 's1',
    accessHash: hashAccessToken('secret'),
    interests: [],
    expiresAt: Date.now() + 60_000,
    epoch: 'e1',
  };

  beforeAll(() => store.create('alice-ble', session));

  it('resolves the live session whose access token the caller holds', async () => {
    expect(await authenticator.authenticate('alice-ble', 'secret')).toEqual(session);
  });

  it.each([
    ['a wrong access token', 'alice-ble', 'guess'],
    ['no access token', 'alice-ble', undefined],
    ['a token with no live session', 'nobody-ble', 'secret'],
    ['a value that cannot be a BLE token', 'a b', 'secret'],
    ['something that is not a string', 42, 'secret'],
  ])('answers the same 401 for %s', async (_, bleToken, accessToken) => {
    await expect(authenticator.authenticate(bleToken, accessToken)).rejects.toEqual(new UnauthorizedError());
  });

  it.each([
    ['the live session a token names', 'alice-ble', { session }],
    ['no session for a token nobody holds', 'nobody-ble', { session: undefined }],
    ['no lookup for a value that cannot be a BLE token', 'a b', {}],
  ])('finds %s (for a handler that needs another session)', async (_, bleToken, expected) => {
    expect(await authenticator.find(bleToken)).toEqual(expected);
  });
});
