export { RedisConnections } from './redis-connections';
export { defineScript } from './define-script';
export { LimitKeySecretMismatchError } from './limit-key-secret-mismatch.error';
export { Keyspace, ordered } from './keyspace';
export { RedisModule } from './redis.module';
export { ChannelSubscriber, DEAF_LIMIT_MS } from './channel-subscriber';
export type { ChannelSubscriberEvents } from './channel-subscriber';
export { keySlot } from './key-slot';
export { SecretFingerprint } from './secret-fingerprint';
export { createChannelSubscriber, createRedisClient } from './redis-client';
export { mastersOf, RedisCommands } from './redis-commands';
export type { RedisClient, RedisClientOptions } from './redis-client';
export { InvalidRedisUrlError, parseRedisUrl, REDIS_URL_FORMS, withoutCredentials } from './redis-target';
export type { RedisEndpoint, RedisTarget } from './redis-target';
export {
  COMMAND_TIMEOUT_MS,
  isRedisUnavailable,
  redisOperation,
  rethrowRedisError,
} from './redis-unavailable';
export { RedisBudget, withRedisBudget } from './request-budget';
