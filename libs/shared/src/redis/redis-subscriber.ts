import type Redis from 'ioredis';

/** The connection used for subscriptions; a subscribed connection cannot run other commands. */
export abstract class RedisSubscriber {
  abstract readonly client: Redis;
}
