import { Injectable, Logger, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { errorText } from '@sighej/shared';
import Redis, { Cluster } from 'ioredis';

/**
 * Redis is ready when every master answers as a writable master: on a Cluster each master of
 * the slot map, otherwise the one connection (which must not be a demoted primary, or every
 * write would answer READONLY while this said "up").
 */
@Injectable()
export class RedisHealthIndicator {
  private readonly logger = new Logger('RedisHealthIndicator');

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly redis?: Redis,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    if (this.redis === undefined) return indicator.up({ mode: 'in-process' });
    // The DI token is `Redis`; a Cluster is provided under it (see asRedisToken).
    const client = this.redis as Redis | Cluster;
    if (client.status !== 'ready') return indicator.down({ message: `not connected (${client.status})` });
    try {
      if (client instanceof Cluster) {
        const masters = client.nodes('master');
        await Promise.all(
          masters.map((node) => this.expectMaster(node, `${node.options.host}:${node.options.port}`)),
        );
        return indicator.up({ mode: 'cluster', masters: masters.length });
      }
      await this.expectMaster(client, 'the server');
      return indicator.up({ mode: client.options.sentinels?.length ? 'sentinel' : 'server' });
    } catch (error) {
      // The body is public (unauthenticated): a coarse reason there, the driver's detail (hosts, ports) in the log.
      this.logger.warn(`Redis health check failed: ${errorText(error)}`);
      return indicator.down({ message: 'unreachable' });
    }
  }

  private async expectMaster(node: Redis, where: string): Promise<void> {
    let role: unknown;
    try {
      role = await node.call('ROLE');
    } catch (error) {
      throw new Error(`${where}: ${errorText(error)}`);
    }
    if (Array.isArray(role) && role[0] === 'master') return;
    // Through a Sentinel, reconnecting finds the new primary without waiting for a write.
    if (node.options.sentinels?.length) node.disconnect(true);
    throw new Error(`${where} is a replica (read-only), not a master`);
  }
}
