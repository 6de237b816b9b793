export { RedisConnections } from './redis-connections';
export { defineScript } from './define-script';
export { RedisKeys } from './redis-keys';
export { RedisModule, createRedisClient } from './redis.module';
export { RedisSubscriber } from './redis-subscriber';
export { isRedisUnavailable, redisOperation, rethrowRedisError } from './redis-unavailable';
