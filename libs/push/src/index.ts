export { InMemoryPushChannelStore } from './channel/in-memory-push-channel-store';
export { PushChannelStore } from './channel/push-channel-store';
export { RedisPushChannelStore } from './channel/redis-push-channel-store';
export { PushMetrics } from './push-metrics';
export { PushModule } from './push.module';
export { InMemoryPushQueue } from './queue/in-memory-push-queue';
export { PushQueue } from './queue/push-queue';
export { RedisPushQueue } from './queue/redis-push-queue';
