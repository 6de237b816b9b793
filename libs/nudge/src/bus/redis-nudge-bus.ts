import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Keyspace, redisOperation, RedisSubscriber } from '@sighej/shared';
import Redis, { Cluster } from 'ioredis';
import { BusMessage, parseBusMessage } from './bus-message';
import { BusListener, NudgeBus } from './nudge-bus';
import { NudgeKeys } from '../nudge-keys';

/**
 * Sharded pub/sub (Redis 7 `SPUBLISH`/`SSUBSCRIBE`) on the session's own channel, which
 * lives in the session's Cluster slot: a message goes to the instance holding the socket,
 * not to every instance, and the design stays valid on Redis Cluster. Subscribing uses the
 * dedicated subscriber connection, which re-subscribes by itself after a reconnect.
 */
@Injectable()
export class RedisNudgeBus implements NudgeBus, OnModuleDestroy {
  private readonly logger = new Logger('NudgeBus');
  private listener: BusListener = () => undefined;
  private readonly onMessage = (channel: string, text: string): void => this.deliver(channel, text);
  private gapListener: () => void = () => undefined;
  private connectedBefore = false;
  // ioredis re-subscribes by itself on reconnect; whatever was published meanwhile is gone.
  private readonly onReady = (): void => {
    if (this.connectedBefore) this.gapListener();
    this.connectedBefore = true;
  };
  // On Redis Cluster the sharded subscribers (one per master) reconnect on their own and say so
  // with these events instead of `ready`.
  private shardLost = false;
  private readonly onShardLost = (): void => {
    this.shardLost = true;
  };
  private readonly onShardBack = (): void => {
    if (!this.shardLost) return;
    this.shardLost = false;
    this.gapListener();
  };

  private readonly keys: NudgeKeys;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: RedisSubscriber,
    keyspace: Keyspace,
  ) {
    this.keys = new NudgeKeys(keyspace);
    subscriber.client.on('smessage', this.onMessage);
    this.connectedBefore = subscriber.client.status === 'ready';
    subscriber.client.on('ready', this.onReady);
    subscriber.client.on('-subscriber', this.onShardLost);
    subscriber.client.on('+subscriber', this.onShardBack);
  }

  listen(listener: BusListener): void {
    this.listener = listener;
  }

  onGap(listener: () => void): void {
    this.gapListener = listener;
  }

  async subscribe(sessionId: string): Promise<void> {
    await redisOperation(() => this.subscriber.client.ssubscribe(this.keys.channel(sessionId)));
  }

  async unsubscribe(sessionId: string): Promise<void> {
    await redisOperation(() => this.subscriber.client.sunsubscribe(this.keys.channel(sessionId)));
  }

  async publish(sessionId: string, message: BusMessage): Promise<void> {
    await redisOperation(() => this.redis.spublish(this.keys.channel(sessionId), JSON.stringify(message)));
  }

  async hasSubscriber(sessionId: string): Promise<boolean> {
    // A shard channel's subscribers are counted by the node that owns its slot: on a Cluster ask
    // every master (the one that owns it answers, the others say 0).
    const client = this.redis as Redis | Cluster;
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    const channel = this.keys.channel(sessionId);
    const replies = await redisOperation(() =>
      Promise.all(nodes.map((node) => node.pubsub('SHARDNUMSUB', channel))),
    );
    return replies.some((reply) => Number(reply[1] ?? 0) > 0);
  }

  onModuleDestroy(): void {
    this.subscriber.client.off('smessage', this.onMessage);
    this.subscriber.client.off('ready', this.onReady);
    this.subscriber.client.off('-subscriber', this.onShardLost);
    this.subscriber.client.off('+subscriber', this.onShardBack);
  }

  private deliver(channel: string, text: string): void {
    const sessionId = this.keys.sessionOfChannel(channel);
    if (sessionId === undefined) return;
    const message = parseBusMessage(text);
    if (message === undefined) {
      this.logger.warn('ignored a malformed message on a session channel');
      return;
    }
    this.listener(sessionId, message);
  }
}
