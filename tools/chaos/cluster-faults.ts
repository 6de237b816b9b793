import { parseRedisUrl } from '@sighej/shared';
import Redis from 'ioredis';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** Run from the repository's root (npm scripts and Jest are). */
const TOPOLOGIES = resolve(process.cwd(), '.ci/redis-topologies.sh');
const run = promisify(execFile);

/** Polls `condition` every 100 ms until it holds (a throw counts as not yet), or throws after `timeoutMs`. */
/**
 * A loopback port beside the throw-away topologies of .ci/redis-topologies.sh, which start at
 * REDIS_TOPOLOGY_BASE_PORT (7100): +6 an added Cluster node, +15 a private server, +30… instances.
 */
export const topologyPort = (offset: number): number =>
  Number(process.env.REDIS_TOPOLOGY_BASE_PORT ?? 7100) + offset;

export async function until(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** One line of CLUSTER NODES: a master with its slot ranges, or a replica of `masterId`. */
export interface ClusterNode {
  id: string;
  port: number;
  master: boolean;
  masterId: string;
  ranges: [number, number][];
}

/**
 * Faults on the throw-away Cluster of `.ci/redis-topologies.sh` (3 masters with a replica
 * each): a planned failover, a kill -9 of a master and its revival, and the slot layout.
 */
export class ClusterFaults {
  private readonly seed: Redis;

  constructor(url: string) {
    const target = parseRedisUrl(url);
    if (target.kind !== 'cluster') throw new Error('not a Cluster URL');
    this.seed = new Redis(target.nodes[0]);
  }

  async nodes(via: Redis = this.seed): Promise<ClusterNode[]> {
    const text = (await via.call('CLUSTER', 'NODES')) as string;
    return text
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, , flags]) => !flags.includes('fail') && !flags.includes('noaddr'))
      .map(([id, address, flags, masterId, , , , , ...slots]) => ({
        id,
        port: Number(address.split('@')[0].split(':')[1]),
        master: flags.includes('master'),
        masterId,
        ranges: slots
          .filter((range) => !range.startsWith('['))
          .map((range) => {
            const [from, to = from] = range.split('-').map(Number);
            return [from, to] as [number, number];
          }),
      }));
  }

  /** The master serving `slot`. */
  async ownerOf(slot: number): Promise<ClusterNode> {
    const owner = (await this.nodes()).find(
      (node) => node.master && node.ranges.some(([from, to]) => slot >= from && slot <= to),
    );
    if (owner === undefined) throw new Error(`no master serves slot ${slot}`);
    return owner;
  }

  /** CLUSTER FAILOVER on `master`'s replica; resolves once the replica is the master. */
  async plannedFailover(master: ClusterNode): Promise<number> {
    const replica = (await this.nodes()).find((node) => !node.master && node.masterId === master.id);
    if (replica === undefined) throw new Error(`master ${master.port} has no replica`);
    const promoted = new Redis({ port: replica.port });
    try {
      await until(
        'a failover the replica accepts',
        async () => (await promoted.call('CLUSTER', 'FAILOVER')) === 'OK',
      );
      await until(
        'the replica to be master',
        async () => ((await promoted.call('ROLE')) as string[])[0] === 'master',
      );
    } finally {
      promoted.disconnect();
    }
    return replica.port;
  }

  /** kill -9 of `master`; resolves once its replica was promoted (the cluster is ok again). */
  async killMaster(master: ClusterNode): Promise<void> {
    if (master.port === this.seedPort) throw new Error('kill another master than the seed node');
    await run(TOPOLOGIES, ['kill', String(master.port)]);
    await this.replicaTookOver(master);
  }

  /**
   * SIGSTOP of `master` until the Cluster promotes its replica (the 2 s node timeout, then the
   * election), then SIGCONT: the old master finds itself failed over and rejoins as a replica.
   */
  async stallUntilFailover(master: ClusterNode): Promise<void> {
    await run(TOPOLOGIES, ['stop', String(master.port)]);
    try {
      await this.replicaTookOver(master);
    } finally {
      await run(TOPOLOGIES, ['cont', String(master.port)]);
    }
    await this.rejoinedAsReplica(master.port);
  }

  /** SIGSTOP of `master` for `ms` (below the node timeout: no failover), then SIGCONT. */
  async stall(master: ClusterNode, ms: number): Promise<void> {
    await run(TOPOLOGIES, ['stop', String(master.port)]);
    await sleep(ms);
    await run(TOPOLOGIES, ['cont', String(master.port)]);
  }

  /** Starts a killed node again; it rejoins as a replica of its old shard. */
  async revive(port: number): Promise<void> {
    await run(TOPOLOGIES, ['revive', String(port)]);
    await this.rejoinedAsReplica(port);
  }

  /** An empty master on `port` joins the cluster. */
  async addNode(port: number): Promise<void> {
    await run(TOPOLOGIES, ['add-node', String(port)]);
  }

  /** Moves `slots` slots, keys and all, from one master to another (MIGRATE, ASK, then MOVED). */
  async reshard(fromPort: number, toPort: number, slots: number): Promise<void> {
    await run(TOPOLOGIES, ['reshard', String(fromPort), String(toPort), String(slots)]);
  }

  /** An empty master leaves the cluster and stops. */
  async removeNode(port: number): Promise<void> {
    await run(TOPOLOGIES, ['del-node', String(port)]);
  }

  /** A master other than the seed node, owning slots. */
  /**
   * A master other than the seed with a replica to take over (after an earlier fault a shard
   * may still be waiting for its replica to rejoin): waits up to 30 s for one.
   */
  async victim(): Promise<ClusterNode> {
    let victim: ClusterNode | undefined;
    await until(
      'a master with a replica',
      async () => {
        const nodes = await this.nodes();
        victim = nodes.find(
          (node) =>
            node.master &&
            node.ranges.length > 0 &&
            node.port !== this.seedPort &&
            nodes.some((other) => !other.master && other.masterId === node.id),
        );
        return victim !== undefined;
      },
      30_000,
    );
    return victim!;
  }

  close(): void {
    this.seed.disconnect();
  }

  private replicaTookOver(master: ClusterNode): Promise<void> {
    return until(
      'the replica to take over',
      async () => {
        const owner = await this.ownerOf(master.ranges[0][0]);
        const info = (await this.seed.call('CLUSTER', 'INFO')) as string;
        return owner.port !== master.port && info.includes('cluster_state:ok');
      },
      30_000,
    );
  }

  /**
   * Until the node is a replica again with its link to the master up: a replica still syncing
   * cannot be promoted, so the next fault on that shard would wait for a failover in vain.
   */
  private async rejoinedAsReplica(port: number): Promise<void> {
    await until(
      'the node to rejoin as a replica',
      async () => (await this.nodes()).some((node) => node.port === port && !node.master),
      30_000,
    );
    const replica = new Redis({ port });
    try {
      await until(
        'the rejoined replica to be in sync',
        async () => (await replica.info('replication')).includes('master_link_status:up'),
        30_000,
      );
    } finally {
      replica.disconnect();
    }
  }

  private get seedPort(): number {
    return this.seed.options.port!;
  }
}
