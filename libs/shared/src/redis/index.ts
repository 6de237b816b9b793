export { RedisKeys } from './redis-keys';
export { RedisModule, RedisSubscriber, createRedisClient } from './redis.module';
export { isRedisUnavailable, rethrowRedisError } from './redis-unavailable';
