import { randomBytes, randomUUID } from 'node:crypto';
import type { Session, SessionStore } from '../src';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function aSession(ttlMs = 60_000): Session {
  return {
    id: randomUUID(),
    accessHash: randomBytes(32).toString('base64url'),
    categories: 0b101,
    expiresAt: Date.now() + ttlMs,
    epoch: randomBytes(16).toString('base64url'),
  };
}

/** What every SessionStore adapter must do; run against each of them. */
export function sessionStoreContract(name: string, open: () => Promise<SessionStore>): void {
  describe(`${name} honours SessionStore`, () => {
    let store: SessionStore;
    beforeEach(async () => {
      store = await open();
    });

    it('finds a created session by its token', async () => {
      const session = aSession();
      expect(await store.create('alice-ble-1', session)).toBe(true);
      expect(await store.find('alice-ble-1')).toEqual(session);
    });

    it('never overwrites a live token', async () => {
      const first = aSession();
      expect(await store.create('alice-ble-1', first)).toBe(true);
      expect(await store.create('alice-ble-1', aSession())).toBe(false);
      expect((await store.find('alice-ble-1'))?.id).toBe(first.id);
    });

    it('lets exactly one of many concurrent creates win a token', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.create('race-token', aSession())),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('forgets a session at its expiry', async () => {
      await store.create('short-lived', aSession(80));
      await sleep(150);
      expect(await store.find('short-lived')).toBeUndefined();
      expect(await store.create('short-lived', aSession())).toBe(true);
    });

    it('removes a session once, and only by its own id', async () => {
      const session = aSession();
      await store.create('alice-ble-1', session);
      expect(await store.remove('alice-ble-1', randomUUID())).toBe(false);
      expect(await store.remove('alice-ble-1', session.id)).toBe(true);
      expect(await store.remove('alice-ble-1', session.id)).toBe(false);
      expect(await store.find('alice-ble-1')).toBeUndefined();
    });

    it('counts live sessions without expired or removed ones', async () => {
      const base = await store.countLive();
      const kept = aSession();
      const removed = aSession();
      await store.create('count-kept', kept);
      await store.create('count-removed', removed);
      await store.create('count-expiring', aSession(80));
      expect(await store.countLive()).toBe(base + 3);
      await store.remove('count-removed', removed.id);
      await sleep(150);
      expect(await store.countLive()).toBe(base + 1);
    });

    it('tells which session ids are still live, in one call', async () => {
      const [kept, removed, expiring] = [aSession(), aSession(), aSession(80)];
      await store.create('which-kept', kept);
      await store.create('which-removed', removed);
      await store.create('which-expiring', expiring);
      await store.remove('which-removed', removed.id);
      await sleep(150);
      expect(await store.whichLive([kept.id, removed.id, expiring.id, randomUUID()])).toEqual([
        true,
        false,
        false,
        false,
      ]);
      expect(await store.whichLive([])).toEqual([]);
    });

    describe('rotate', () => {
      it('stores the rotated session (its new epoch) under the new token', async () => {
        const session = aSession();
        await store.create('epoch-old', session);
        const rotated = { ...session, epoch: randomBytes(16).toString('base64url') };
        expect(await store.rotate('epoch-old', 'epoch-new', rotated)).toBe('rotated');
        expect(await store.find('epoch-new')).toEqual(rotated);
      });

      it('leaves nothing of the old token: it names nothing, and a delete through it is refused', async () => {
        const session = aSession();
        await store.create('released-old', session);
        await store.rotate('released-old', 'released-new', session);
        expect(await store.find('released-old')).toBeUndefined();
        expect(await store.remove('released-old', session.id)).toBe(false);
        expect(await store.rotate('released-old', 'released-again', session)).toBe('gone');
        expect((await store.find('released-new'))?.id).toBe(session.id);
      });

      it('moves the session to the new token and stops the old one naming it', async () => {
        const session = aSession();
        await store.create('old-token', session);
        expect(await store.rotate('old-token', 'new-token', session)).toBe('rotated');
        expect(await store.find('old-token')).toBeUndefined();
        expect(await store.find('new-token')).toEqual(session);
        expect(await store.countLive()).toBeGreaterThanOrEqual(1);
      });

      it('refuses a new token that is live, changing nothing', async () => {
        const session = aSession();
        const other = aSession();
        await store.create('old-token', session);
        await store.create('taken-token', other);
        expect(await store.rotate('old-token', 'taken-token', session)).toBe('taken');
        expect((await store.find('old-token'))?.id).toBe(session.id);
        expect((await store.find('taken-token'))?.id).toBe(other.id);
      });

      it('says gone when the old token no longer names the session', async () => {
        const session = aSession();
        expect(await store.rotate('never-created', 'new-token', session)).toBe('gone');
        expect(await store.find('new-token')).toBeUndefined();
      });

      it('leaves exactly one live token after concurrent rotations', async () => {
        const session = aSession();
        await store.create('old-token', session);
        const targets = Array.from({ length: 8 }, (_, i) => `rotated-${i}`);
        const outcomes = await Promise.all(
          targets.map((target) => store.rotate('old-token', target, session)),
        );
        expect(outcomes.filter((outcome) => outcome === 'rotated')).toHaveLength(1);
        const live = await Promise.all(targets.map((target) => store.find(target)));
        expect(live.filter((found) => found !== undefined)).toHaveLength(1);
        expect(await store.find('old-token')).toBeUndefined();
      });

      it('keeps the expiry', async () => {
        const session = aSession(120);
        await store.create('old-token', session);
        await store.rotate('old-token', 'new-token', session);
        await sleep(200);
        expect(await store.find('new-token')).toBeUndefined();
      });
    });
  });
}
