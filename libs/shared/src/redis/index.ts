export { RedisKeys } from './redis-keys';
export { RedisModule, RedisSubscriber } from './redis.module';
export { asRedisToken, createRedisClient } from './redis-client';
export type { RedisClient, RedisClientOptions } from './redis-client';
export { InvalidRedisUrlError, parseRedisUrl, REDIS_URL_FORMS, withoutCredentials } from './redis-target';
export type { RedisEndpoint, RedisTarget } from './redis-target';
export { isRedisUnavailable, rethrowRedisError } from './redis-unavailable';
