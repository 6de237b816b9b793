import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { errorText } from '../errors';
import { keySlot } from './key-slot';
import type { SubscriberTopology } from './subscriber-topology';

/** A channel this instance wants, and what it knows of its subscription. */
interface Wanted {
  readonly slot: number;
  /** When it was first seen not subscribed on its slot's owner; undefined while it is. */
  deafSince?: number;
  /** The topology version of its last re-subscribe: one per channel per change. */
  triedIn?: number;
  /** A SSUBSCRIBE for it is on its way. */
  inFlight: boolean;
}

export interface ChannelSubscriberEvents {
  message(channel: string, text: string): void;
  /** These channels were not subscribed for a while and are again: messages may be missed. */
  resubscribed(channels: readonly string[]): void;
  /** These channels could not be subscribed again; they are forgotten (their sockets must close). */
  lost(channels: readonly string[]): void;
}

/** Settle time after a topology event before the channels are checked (the slot map flaps). */
const SETTLE_MS = 200;
/** Every channel is checked this often anyway (in memory, no Redis command). */
const VERIFY_MS = 5000;
/** While some channel is not subscribed, it is checked again this often. */
const RECHECK_MS = 1000;
/** Re-subscribes after one change are spread over up to this long (1 ms per channel below it). */
const SPREAD_MS = 2000;
/** A channel that stays unsubscribed this long (its shard has no reachable master) is lost. */
export const DEAF_LIMIT_MS = 10_000;

const MOVED = /^MOVED \d+ (\S+)$/;

/**
 * Sharded subscriptions (`SSUBSCRIBE`) as a fact, checked after every topology change: one
 * connection per node that owns slots, and for every wanted channel the answer to "is it
 * subscribed, on the connection to the master that owns its slot, now?" from the replies that
 * connection received (Redis drops a channel with an unsolicited `SUNSUBSCRIBE` when its slot
 * moves; a closed connection drops them all). After a failover, a reshard or a reconnect each
 * channel that is not is re-subscribed once, spread over a short window; one whose shard has
 * no reachable master for `DEAF_LIMIT_MS`, or whose re-subscribe fails, is reported lost.
 */
export class ChannelSubscriber {
  private readonly logger = new Logger('ChannelSubscriber');
  private readonly wanted = new Map<string, Wanted>();
  private readonly connections = new Map<string, Redis>();
  private events: ChannelSubscriberEvents = {
    message: () => undefined,
    resubscribed: () => undefined,
    lost: () => undefined,
  };
  private version = 0;
  private unsubscribed = 0;
  private pass: NodeJS.Timeout | undefined;
  private passDue = 0;
  private readonly verifier: NodeJS.Timeout;
  private closed = false;
  private readonly onMessage = (channel: string, text: string): void => this.events.message(channel, text);

  constructor(
    private readonly topology: SubscriberTopology,
    private readonly name: string,
  ) {
    topology.onChange(() => this.changed());
    this.verifier = setInterval(() => this.reconcile(), VERIFY_MS).unref();
  }

  on(events: ChannelSubscriberEvents): void {
    this.events = events;
  }

  /** Wanted channels not confirmed subscribed on their slot's master right now (0 normally). */
  get unsubscribedCount(): number {
    return this.unsubscribed;
  }

  /** Resolves once `channel` is subscribed on its slot's master; rejects with the Redis error. */
  async subscribe(channel: string): Promise<void> {
    const wanted: Wanted = { slot: keySlot(channel), inFlight: true, triedIn: this.version };
    this.wanted.set(channel, wanted);
    try {
      await this.ssubscribe(wanted.slot, [channel]);
    } catch (error) {
      if (this.wanted.get(channel) === wanted) this.wanted.delete(channel);
      throw error;
    } finally {
      wanted.inFlight = false;
    }
  }

  async unsubscribe(channel: string): Promise<void> {
    const wanted = this.wanted.get(channel);
    if (wanted === undefined) return;
    this.wanted.delete(channel);
    const owner = this.topology.ownerOf(wanted.slot);
    const connection = owner === undefined ? undefined : this.connections.get(owner);
    // Not connected: nothing is subscribed there, and nothing re-subscribes it.
    if (connection?.status === 'ready') await connection.sunsubscribe(channel);
  }

  /** Drops every connection, as a network blink would; each reconnects and its channels are checked. */
  dropConnections(): void {
    for (const connection of this.connections.values()) connection.disconnect(true);
  }

  /**
   * Quits every connection (QUIT fails while a node is unreachable; disconnect stops retrying,
   * and closes the Sentinel connections ioredis's failover detector keeps open after QUIT).
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.verifier);
    clearTimeout(this.pass);
    this.topology.close();
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(connections.map((connection) => connection.quit()));
    for (const connection of connections) connection.disconnect();
  }

  /** The connection to `nodeKey`, opened on first use. */
  private connection(nodeKey: string): Redis {
    let connection = this.connections.get(nodeKey);
    if (connection !== undefined) return connection;
    connection = this.topology.connect(nodeKey);
    connection.on('smessage', this.onMessage);
    // Every (re)connect starts without subscriptions; a MOVED or an unsolicited SUNSUBSCRIBE
    // means a slot moved. Either way the channels are checked again.
    connection.on('ready', () => this.changed());
    connection.on('close', () => this.schedule());
    connection.on('moved', () => {
      this.topology.refresh();
      this.changed();
    });
    let lastError = '';
    connection.on('error', (error: Error) => {
      if (error.message !== lastError) this.logger.warn(`${this.name} ${nodeKey}: ${error.message}`);
      lastError = error.message;
    });
    this.connections.set(nodeKey, connection);
    return connection;
  }

  /** SSUBSCRIBE on the slot's owner; a MOVED reply is followed once (the map was stale). */
  private async ssubscribe(slot: number, channels: string[]): Promise<void> {
    const owner = this.topology.ownerOf(slot);
    if (owner === undefined) throw new Error(`Cluster isn't ready: no master owns slot ${slot}`);
    try {
      await this.connection(owner).ssubscribe(...channels);
    } catch (error) {
      const moved = MOVED.exec(errorText(error));
      if (moved === null) throw error;
      this.topology.refresh();
      await this.connection(moved[1]).ssubscribe(...channels);
    }
  }

  /** A topology change: every channel may be re-subscribed once more. */
  private changed(): void {
    this.version += 1;
    this.schedule();
  }

  /** Runs one check `delayMs` from now, unless one is due sooner. */
  private schedule(delayMs = SETTLE_MS): void {
    if (this.closed || (this.pass !== undefined && this.passDue <= Date.now() + delayMs)) return;
    clearTimeout(this.pass);
    this.passDue = Date.now() + delayMs;
    this.pass = setTimeout(() => {
      this.pass = undefined;
      this.reconcile();
    }, delayMs);
    this.pass.unref();
  }

  /** Compares the wanted channels with what each owner's connection confirmed, and mends. */
  private reconcile(): void {
    if (this.closed) return;
    const now = Date.now();
    const held = new Map<string, ReadonlySet<string>>();
    const retry = new Map<string, Map<number, string[]>>();
    const lost: string[] = [];
    let unsubscribed = 0;
    for (const [channel, wanted] of this.wanted) {
      const owner = this.topology.ownerOf(wanted.slot);
      if (owner !== undefined && this.confirmed(owner, held).has(channel)) {
        wanted.deafSince = undefined;
        continue;
      }
      if (wanted.inFlight) continue;
      unsubscribed += 1;
      wanted.deafSince ??= now;
      if (now - wanted.deafSince >= DEAF_LIMIT_MS) lost.push(channel);
      else if (
        owner !== undefined &&
        wanted.triedIn !== this.version &&
        this.connection(owner).status === 'ready'
      ) {
        wanted.triedIn = this.version;
        const bySlot = retry.get(owner) ?? new Map<number, string[]>();
        bySlot.set(wanted.slot, [...(bySlot.get(wanted.slot) ?? []), channel]);
        retry.set(owner, bySlot);
      }
    }
    this.unsubscribed = unsubscribed - lost.length;
    this.forget(lost);
    this.resubscribe(retry);
    this.closeIdle();
    if (this.unsubscribed > 0) this.schedule(RECHECK_MS);
  }

  /** The channels `owner`'s connection holds by its replies (none unless it is ready). */
  private confirmed(owner: string, held: Map<string, ReadonlySet<string>>): ReadonlySet<string> {
    let channels = held.get(owner);
    if (channels === undefined) {
      const connection = this.connections.get(owner);
      const subscriber = connection?.status === 'ready' ? connection.condition?.subscriber : undefined;
      channels = new Set(subscriber ? subscriber.channels('ssubscribe') : []);
      held.set(owner, channels);
    }
    return channels;
  }

  private forget(channels: string[]): void {
    if (channels.length === 0) return;
    for (const channel of channels) this.wanted.delete(channel);
    this.logger.warn(`${this.name}: ${channels.length} channel(s) could not be subscribed again`);
    this.events.lost(channels);
  }

  /** One SSUBSCRIBE per slot, spread over a window that grows with their number. */
  private resubscribe(retry: Map<string, Map<number, string[]>>): void {
    const groups = [...retry.values()].flatMap((bySlot) => [...bySlot.entries()]);
    if (groups.length === 0) return;
    this.logger.log(`${this.name}: re-subscribing ${groups.length} slot(s)' channels`);
    const spreadMs = Math.min(SPREAD_MS, groups.length);
    for (const [slot, channels] of groups) {
      const timer = setTimeout(() => void this.resubscribeSlot(slot, channels), Math.random() * spreadMs);
      timer.unref();
    }
  }

  private async resubscribeSlot(slot: number, candidates: string[]): Promise<void> {
    const channels = candidates.filter((channel) => this.wanted.get(channel)?.slot === slot);
    if (channels.length === 0 || this.closed) return;
    for (const channel of channels) this.wanted.get(channel)!.inFlight = true;
    try {
      await this.ssubscribe(slot, channels);
      this.events.resubscribed(channels.filter((channel) => this.wanted.has(channel)));
    } catch (error) {
      this.logger.warn(`${this.name}: re-subscribing slot ${slot} failed: ${errorText(error)}`);
      this.forget(channels.filter((channel) => this.wanted.has(channel)));
    } finally {
      for (const channel of channels) {
        const wanted = this.wanted.get(channel);
        if (wanted !== undefined) wanted.inFlight = false;
      }
    }
    this.schedule();
  }

  /** Connections to nodes that own no slot any more (a demoted or removed master). */
  private closeIdle(): void {
    const owners = this.topology.owners();
    for (const [nodeKey, connection] of this.connections) {
      if (owners.has(nodeKey)) continue;
      this.connections.delete(nodeKey);
      connection.disconnect();
    }
  }
}
