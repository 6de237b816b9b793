import { Injectable } from '@nestjs/common';
import { RedisCommands } from './redis-commands';
import { ChannelSubscriber } from './channel-subscriber';

/** The service's Redis connections, closed as the last step of shutdown. */
@Injectable()
export class RedisConnections {
  constructor(
    private readonly redis: RedisCommands,
    private readonly subscriber: ChannelSubscriber,
  ) {}

  async close(): Promise<void> {
    await Promise.allSettled([this.redis.quit(), this.subscriber.close()]);
    // QUIT fails while Redis is unreachable; disconnect() also stops the reconnect loop.
    if (this.redis.status !== 'end') this.redis.disconnect();
  }
}
