import { randomUUID } from 'node:crypto';
import type { PushChannel, PushChannelStore } from '../src';

const keys = { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) };
const apns: PushChannel = { provider: 'apns', deviceToken: 'ab'.repeat(32), keys };
const webpush: PushChannel = { provider: 'webpush', endpoint: 'https://push.example.net/s/1', keys };

/** What every PushChannelStore adapter must do; run against each of them. */
export function pushChannelStoreContract(name: string, open: () => Promise<PushChannelStore>): void {
  describe(`${name} honours PushChannelStore`, () => {
    let store: PushChannelStore;
    beforeEach(async () => {
      store = await open();
    });

    it('keeps a channel until the session expires', async () => {
      const session = randomUUID();
      await store.save(session, apns, Date.now() + 150);
      expect(await store.find(session)).toEqual(apns);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await store.find(session)).toBeUndefined();
    });

    it('replaces a channel, and removes it', async () => {
      const session = randomUUID();
      await store.save(session, apns, Date.now() + 60_000);
      await store.save(session, webpush, Date.now() + 60_000);
      expect(await store.find(session)).toEqual(webpush);
      await store.remove(session);
      expect(await store.find(session)).toBeUndefined();
      await expect(store.remove(session)).resolves.toBeUndefined();
    });

    it('removes a channel only if it is still the one the provider called gone', async () => {
      const session = randomUUID();
      await store.save(session, webpush, Date.now() + 60_000);
      expect(await store.removeIf(session, apns)).toBe(false);
      expect(await store.find(session)).toEqual(webpush);
      expect(await store.removeIf(session, webpush)).toBe(true);
      expect(await store.find(session)).toBeUndefined();
    });
  });
}
