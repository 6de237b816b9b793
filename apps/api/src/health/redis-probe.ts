import { Injectable, Logger } from '@nestjs/common';
import { ChannelSubscriber, errorText, RedisCommands } from '@sighej/shared';
import Redis, { Cluster } from 'ioredis';
import { ProbeResult, SessionStoreProbe } from './session-store-probe';

/**
 * What the check may take whatever Redis does (a stalled server answers nothing until the
 * command timeout): well inside a balancer's usual 2 s probe.
 */
export const HEALTH_DEADLINE_MS = 800;

/** Checks of a Cluster's masters when the slot map changed under the previous one. */
const CLUSTER_CHECK_ATTEMPTS = 3;

/**
 * Redis is ready when every master answers as a writable master within HEALTH_DEADLINE_MS: on a
 * Cluster each master of the slot map, otherwise the one connection (which must not be a demoted
 * primary, or every write would answer READONLY while this said "up"). It also reports how many
 * open sockets' channels are not confirmed subscribed right now (`unsubscribed_sockets`, 0
 * normally; such sockets are re-subscribed or closed within seconds).
 */
@Injectable()
export class RedisProbe implements SessionStoreProbe {
  private readonly logger = new Logger('RedisHealthIndicator');

  constructor(
    private readonly redis: RedisCommands,
    private readonly subscriber: ChannelSubscriber,
  ) {}

  async probe(): Promise<ProbeResult> {
    // The DI token is `RedisCommands`: the client behind it is a server or a Cluster.
    const client = this.redis as Redis | Cluster;
    if (client.status !== 'ready') return { down: `not connected (${client.status})` };
    const unsubscribed = { unsubscribed_sockets: this.subscriber.unsubscribedCount };
    try {
      const details = await withinDeadline(this.masters(client));
      return { up: { ...details, ...unsubscribed } };
    } catch (error) {
      // The body is public (unauthenticated): a coarse reason there, the driver's detail (hosts, ports) in the log.
      this.logger.warn(`Redis health check failed: ${errorText(error)}`);
      return { down: 'unreachable' };
    }
  }

  private async masters(client: Redis | Cluster): Promise<Record<string, string | number>> {
    if (client instanceof Cluster) return { mode: 'cluster', masters: await this.clusterMasters(client) };
    await this.expectMaster(client, 'the server');
    return { mode: client.options.sentinels?.length ? 'sentinel' : 'server' };
  }

  /**
   * Checks every master of the slot map; how many there are. A failover or reshard replaces or
   * drops node connections while they are checked ("Connection is closed" from a connection the
   * pool no longer holds): then the nodes the pool holds now are checked, a few times at most.
   */
  private async clusterMasters(cluster: Cluster): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const masters = cluster.nodes('master');
      try {
        await Promise.all(masters.map((node) => this.expectClusterMaster(cluster, node)));
        return masters.length;
      } catch (error) {
        const current = new Set(cluster.nodes('master'));
        const replaced = masters.some((node) => !current.has(node)) || current.size !== masters.length;
        if (!replaced || attempt === CLUSTER_CHECK_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * A master of the client's slot map that answers as a replica was just switched over (a
   * planned CLUSTER FAILOVER, or a failover the map has not caught up with): the slot map is
   * refreshed, and the cluster is ready if that node says every slot is served.
   */
  private async expectClusterMaster(cluster: Cluster, node: Redis): Promise<void> {
    const where = `${node.options.host}:${node.options.port}`;
    try {
      await this.expectMaster(node, where);
    } catch (error) {
      if (!(error instanceof ReplicaError)) throw error;
      cluster.refreshSlotsCache();
      const info = (await node.call('CLUSTER', 'INFO')) as string;
      if (!info.includes('cluster_state:ok')) throw error;
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
    throw new ReplicaError(`${where} is a replica (read-only), not a master`);
  }
}

class ReplicaError extends Error {}

async function withinDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${HEALTH_DEADLINE_MS} ms`)),
      HEALTH_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
