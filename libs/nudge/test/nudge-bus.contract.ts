import { randomUUID } from 'node:crypto';
import type { NudgeBus } from '../src';
import type { BusMessage } from '../src/bus/bus-message';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every NudgeBus adapter must do; run against each of them. */
export function nudgeBusContract(name: string, open: () => Promise<NudgeBus>): void {
  describe(`${name} honours NudgeBus`, () => {
    let bus: NudgeBus;
    let received: [string, BusMessage][];
    beforeEach(async () => {
      bus = await open();
      received = [];
      bus.listen((sessionId, message) => received.push([sessionId, message]));
    });
    const settle = () => sleep(50);

    it('delivers every kind of message to a subscribed session, in publish order', async () => {
      const session = randomUUID();
      await bus.subscribe(session);
      const messages: BusMessage[] = [
        { t: 'replaced', by: 'i1.1' },
        { t: 'nudge', id: randomUUID(), frame: '{"type":"nudge"}' },
        { t: 'ended', reason: 'deleted' },
        { t: 'ended', reason: 'expired' },
      ];
      for (const message of messages) await bus.publish(session, message);
      await settle();
      expect(received).toEqual(messages.map((message) => [session, message]));
    });

    it('is addressed: sessions nobody subscribed to are not delivered', async () => {
      const mine = randomUUID();
      await bus.subscribe(mine);
      await bus.publish(randomUUID(), { t: 'ended', reason: 'deleted' });
      await bus.publish(mine, { t: 'ended', reason: 'expired' });
      await settle();
      expect(received).toEqual([[mine, { t: 'ended', reason: 'expired' }]]);
    });

    it('stops delivering after unsubscribe; subscribing twice delivers once', async () => {
      const session = randomUUID();
      await bus.subscribe(session);
      await bus.subscribe(session);
      await bus.publish(session, { t: 'replaced', by: 'a' });
      await settle();
      await bus.unsubscribe(session);
      await bus.publish(session, { t: 'replaced', by: 'b' });
      await settle();
      expect(received).toEqual([[session, { t: 'replaced', by: 'a' }]]);
    });

    it('says whether a session has a subscriber (a socket somewhere)', async () => {
      const session = randomUUID();
      expect(await bus.hasSubscriber(session)).toBe(false);
      await bus.subscribe(session);
      expect(await bus.hasSubscriber(session)).toBe(true);
      await bus.unsubscribe(session);
      expect(await bus.hasSubscriber(session)).toBe(false);
    });

    it('publishing without subscribers is harmless', async () => {
      await expect(bus.publish(randomUUID(), { t: 'ended', reason: 'deleted' })).resolves.toBeUndefined();
    });
  });
}
