import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ChannelSubscriber, Keyspace, mastersOf, RedisCommands, redisOperation } from '@sighej/shared';
import { BusMessage, parseBusMessage } from './bus-message';
import { BusListener, NudgeBus, SessionsListener } from './nudge-bus';
import { NudgeKeys } from '../nudge-keys';

/**
 * Sharded pub/sub (Redis 7 `SPUBLISH`/`SSUBSCRIBE`) on the session's own channel, which
 * lives in the session's Cluster slot: a message goes to the instance holding the socket,
 * not to every instance, and the design stays valid on Redis Cluster. The ChannelSubscriber
 * keeps every channel subscribed on its slot's master through failovers, reshards and
 * reconnects, and says which ones were unsubscribed for a while (gap) or could not be again (lost).
 */
@Injectable()
export class RedisNudgeBus implements NudgeBus, OnModuleDestroy {
  private readonly logger = new Logger('NudgeBus');
  private listener: BusListener = () => undefined;
  private gapListener: SessionsListener = () => undefined;
  private lostListener: SessionsListener = () => undefined;
  private readonly keys: NudgeKeys;

  constructor(
    private readonly redis: RedisCommands,
    private readonly subscriber: ChannelSubscriber,
    keyspace: Keyspace,
  ) {
    this.keys = new NudgeKeys(keyspace);
    subscriber.on({
      message: (channel, text) => this.deliver(channel, text),
      resubscribed: (channels) => this.gapListener(this.sessionsOf(channels)),
      lost: (channels) => this.lostListener(this.sessionsOf(channels)),
    });
  }

  listen(listener: BusListener): void {
    this.listener = listener;
  }

  onGap(listener: SessionsListener): void {
    this.gapListener = listener;
  }

  onLost(listener: SessionsListener): void {
    this.lostListener = listener;
  }

  get unsubscribed(): number {
    return this.subscriber.unsubscribedCount;
  }

  async subscribe(sessionId: string): Promise<void> {
    await redisOperation(() => this.subscriber.subscribe(this.keys.channel(sessionId)));
  }

  async unsubscribe(sessionId: string): Promise<void> {
    await redisOperation(() => this.subscriber.unsubscribe(this.keys.channel(sessionId)));
  }

  async publish(sessionId: string, message: BusMessage): Promise<void> {
    await redisOperation(() => this.redis.spublish(this.keys.channel(sessionId), JSON.stringify(message)));
  }

  async hasSubscriber(sessionId: string): Promise<boolean> {
    // A shard channel's subscribers are counted by the node that owns its slot: on a Cluster ask
    // every master (the one that owns it answers, the others say 0).
    const nodes = mastersOf(this.redis);
    const channel = this.keys.channel(sessionId);
    const replies = await redisOperation(() =>
      Promise.all(nodes.map((node) => node.pubsub('SHARDNUMSUB', channel))),
    );
    return replies.some((reply) => Number(reply[1] ?? 0) > 0);
  }

  onModuleDestroy(): void {
    this.subscriber.on({ message: () => undefined, resubscribed: () => undefined, lost: () => undefined });
  }

  private sessionOf(channel: string): string | undefined {
    return this.keys.sessionOfChannel(channel);
  }

  private sessionsOf(channels: readonly string[]): string[] {
    return channels.map((channel) => this.sessionOf(channel)).filter((id) => id !== undefined);
  }

  private deliver(channel: string, text: string): void {
    const sessionId = this.sessionOf(channel);
    if (sessionId === undefined) return;
    const message = parseBusMessage(text);
    if (message === undefined) {
      this.logger.warn('ignored a malformed message on a session channel');
      return;
    }
    this.listener(sessionId, message);
  }
}
