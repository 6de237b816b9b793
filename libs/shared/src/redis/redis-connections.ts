import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisSubscriber } from './redis-subscriber';

/** The service's Redis connections, closed as the last step of shutdown. */
@Injectable()
export class RedisConnections {
  constructor(
    private readonly redis: Redis,
    private readonly subscriber: RedisSubscriber,
  ) {}

  async close(): Promise<void> {
    await Promise.allSettled([this.redis.quit(), this.subscriber.client.quit()]);
    // QUIT fails while Redis is unreachable; disconnect() also stops the reconnect loop.
    for (const client of [this.redis, this.subscriber.client])
      if (client.status !== 'end') client.disconnect();
  }
}
