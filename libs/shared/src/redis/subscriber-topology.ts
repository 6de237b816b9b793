import Redis, { Cluster, RedisOptions } from 'ioredis';

/**
 * Where a shard channel must be subscribed: the master owning its slot on a Cluster, the one
 * server (or Sentinel's current primary) otherwise. The subscriber keeps one connection per
 * node this names and asks again after every change it announces.
 */
export interface SubscriberTopology {
  /** The node key (`host:port`) that owns `slot` now, undefined while no node does. */
  ownerOf(slot: number): string | undefined;
  /** Every node key that owns a slot now. */
  owners(): ReadonlySet<string>;
  /** A new subscriber connection to `nodeKey` (it reconnects by itself, never re-subscribes). */
  connect(nodeKey: string): Redis;
  /** Calls `listener` whenever the owners of slots may have changed. */
  onChange(listener: () => void): void;
  /** Asks for the slot map again (a MOVED or an unsolicited SUNSUBSCRIBE said it is stale). */
  refresh(): void;
  /** Stops announcing changes. */
  close(): void;
}

/** Subscriber connections never queue forever, never re-subscribe on their own. */
function subscriberOptions(options: RedisOptions): RedisOptions {
  return {
    ...options,
    autoResubscribe: false,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  };
}

/** One server or a Sentinel group: every channel lives on the one connection. */
export class SingleNodeTopology implements SubscriberTopology {
  private static readonly KEY = 'server';
  private readonly keys = new Set([SingleNodeTopology.KEY]);

  constructor(private readonly options: RedisOptions) {}

  ownerOf(): string {
    return SingleNodeTopology.KEY;
  }
  owners(): ReadonlySet<string> {
    return this.keys;
  }
  connect(): Redis {
    return new Redis(subscriberOptions(this.options));
  }
  onChange(): void {
    // The connection's own `ready` after a reconnect (or a Sentinel switch) is the only change.
  }
  refresh(): void {
    // Nothing to ask: Sentinel mode finds the primary on reconnect.
  }
  close(): void {
    // Nothing held.
  }
}

/**
 * A Redis Cluster, through the command client's slot map: it refreshes on MOVED, on a lost node
 * and every `slotsRefreshInterval`; a change of any slot's master is announced once.
 */
export class ClusterTopology implements SubscriberTopology {
  private listener: () => void = () => undefined;
  private fingerprint = '';
  private readonly onRefresh = (): void => {
    const fingerprint = this.cluster.slots.map((nodes) => nodes?.[0] ?? '').join(',');
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    this.listener();
  };

  constructor(
    private readonly cluster: Cluster,
    private readonly options: RedisOptions,
  ) {
    cluster.on('refresh', this.onRefresh);
  }

  ownerOf(slot: number): string | undefined {
    return this.cluster.slots[slot]?.[0];
  }
  owners(): ReadonlySet<string> {
    return new Set(this.cluster.slots.map((nodes) => nodes?.[0]).filter((key) => key !== undefined));
  }
  connect(nodeKey: string): Redis {
    const colon = nodeKey.lastIndexOf(':');
    return new Redis({
      ...subscriberOptions(this.options),
      host: nodeKey.slice(0, colon),
      port: Number(nodeKey.slice(colon + 1)),
    });
  }
  onChange(listener: () => void): void {
    this.listener = listener;
  }
  refresh(): void {
    this.cluster.refreshSlotsCache();
  }
  close(): void {
    this.cluster.off('refresh', this.onRefresh);
  }
}
