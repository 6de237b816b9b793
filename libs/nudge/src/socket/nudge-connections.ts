import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Session, SessionService } from '@sighej/session';
import { Env } from '@sighej/shared';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { BusMessage } from '../bus/bus-message';
import { NudgeBus } from '../bus/nudge-bus';
import type { Nudge } from '../nudge';
import { NudgeQueue } from '../queue/nudge-queue';
import { parseClientFrame } from './client-frame';
import { CloseCode } from './close-codes';
import { Connection, ConnectionOwner } from './connection';

/** SPEC: a socket whose unsent data would pass this is closed with 1013. */
export const MAX_BUFFERED_BYTES = 64 * 1024;
// Replay waits for the socket to drain above this, so a long backlog never trips the limit.
const REPLAY_HIGH_WATER = 16 * 1024;
const SHUTDOWN_GRACE_MS = 1000;

const CONNECTION = Symbol('nudgeConnection');
type TaggedSocket = WebSocket & { [CONNECTION]?: Connection };

// Shared listeners (one function for every socket) instead of a closure per socket.
function onMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
  const connection = (this as TaggedSocket)[CONNECTION];
  connection?.owner.received(connection, data, isBinary);
}
function onPong(this: WebSocket): void {
  const connection = (this as TaggedSocket)[CONNECTION];
  if (connection !== undefined) connection.alive = true;
}
function onExpiry(connection: Connection): void {
  connection.owner.expire(connection);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The sockets this instance holds, one per session: opening (subscribe, announce, replay),
 * delivery with back-pressure, acks, replacement, session end and expiry, liveness pings and
 * shutdown. The gateway only hands sockets in and out.
 */
@Injectable()
export class NudgeConnections implements ConnectionOwner, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('NudgeConnections');
  private readonly bySession = new Map<string, Connection>();
  private readonly instanceId = randomBytes(6).toString('base64url');
  private sequence = 0;
  private pinger: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly sessions: SessionService,
    private readonly queue: NudgeQueue,
    private readonly bus: NudgeBus,
    private readonly env: Env,
  ) {}

  onModuleInit(): void {
    this.bus.listen((sessionId, message) => this.onBusMessage(sessionId, message));
    this.bus.onGap(() => this.resync());
    this.pinger = setInterval(() => this.pingAll(), this.env.WS_PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Sockets open on this instance. */
  get size(): number {
    return this.bySession.size;
  }

  /** Decides whether an upgrade may proceed: the live session named by `bleToken`, or a DomainError. */
  admit(bleToken: string, accessToken: string | undefined): Promise<Session> {
    return this.sessions.authenticate(bleToken, accessToken);
  }

  async open(socket: WebSocket, session: Session): Promise<void> {
    const connection = new Connection(socket, session.id, `${this.instanceId}.${++this.sequence}`, this);
    (socket as TaggedSocket)[CONNECTION] = connection;
    socket.on('message', onMessage);
    socket.on('pong', onPong);
    if (this.stopping) return void socket.close(CloseCode.goingAway, 'server shutting down');

    const previous = this.bySession.get(session.id);
    this.bySession.set(session.id, connection);
    if (previous !== undefined) this.close(previous, CloseCode.replaced, 'replaced by a newer connection');
    connection.expiry = setTimeout(onExpiry, Math.max(0, session.expiresAt - Date.now()), connection);
    connection.expiry.unref();

    try {
      // Subscribe first: a nudge published from here on reaches this socket, and everything
      // published before is already in the pending queue read below. Nothing falls between.
      await this.bus.subscribe(session.id);
      if (!this.isCurrent(connection)) return;
      // Older sockets of this session, on any instance, close when they see this.
      await this.bus.publish(session.id, { t: 'replaced', by: connection.id });
      await this.replay(connection, await this.queue.pending(session.id));
    } catch (error) {
      this.logger.warn(`could not open a nudge channel: ${errorText(error)}`);
      this.close(connection, CloseCode.internalError, 'nudge channel unavailable; reconnect shortly');
    }
  }

  /** The socket closed, for whatever reason. */
  closed(socket: WebSocket): void {
    const connection = (socket as TaggedSocket)[CONNECTION];
    if (connection === undefined) return;
    clearTimeout(connection.expiry);
    connection.held = undefined;
    if (!this.isCurrent(connection)) return;
    this.bySession.delete(connection.sessionId);
    this.bus.unsubscribe(connection.sessionId).catch((error: unknown) => {
      this.logger.warn(`could not unsubscribe a closed socket's channel: ${errorText(error)}`);
    });
  }

  received(connection: Connection, data: WebSocket.RawData, isBinary: boolean): void {
    const frame = parseClientFrame(data, isBinary);
    if (frame === undefined) return; // Garbage is ignored: SPEC wants it harmless, not fatal.
    this.queue.ack(connection.sessionId, frame.nudgeId).catch((error: unknown) => {
      // The nudge stays pending and replays on the next connect; the client de-duplicates.
      this.logger.warn(`could not record an ack: ${errorText(error)}`);
    });
  }

  expire(connection: Connection): void {
    this.end(connection, 'expired');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pinger);
    const closing = [...this.bySession.values()].map((connection) => {
      const closed = new Promise<void>((resolve) => {
        if (connection.socket.readyState === WebSocket.CLOSED) resolve();
        else connection.socket.once('close', () => resolve());
      });
      this.close(connection, CloseCode.goingAway, 'server shutting down');
      return closed;
    });
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    await Promise.race([Promise.all(closing), grace]);
    clearTimeout(timer);
  }

  /**
   * Wake-ups published while the subscriber connection was down are lost, but the nudges are
   * still pending: replay them to every socket here (clients de-duplicate by nudge_id).
   */
  private resync(): void {
    this.logger.log(`re-subscribed; replaying pending nudges to ${this.bySession.size} socket(s)`);
    for (const connection of this.bySession.values()) {
      if (connection.held !== undefined) continue; // Still replaying: that replay reads the queue anyway.
      connection.held = [];
      this.queue
        .pending(connection.sessionId)
        .then((pending) => this.replay(connection, pending))
        .catch((error: unknown) => {
          connection.held = undefined;
          this.logger.warn(`could not resync a socket: ${errorText(error)}`);
        });
    }
  }

  private onBusMessage(sessionId: string, message: BusMessage): void {
    const connection = this.bySession.get(sessionId);
    if (connection === undefined) return;
    switch (message.t) {
      case 'nudge':
        if (connection.held !== undefined) connection.held.push({ id: message.id, frame: message.frame });
        else this.deliver(connection, message.frame);
        return;
      case 'replaced':
        // The channel orders announcements: one that arrives after our own is newer than us.
        // One that arrives before it is older (its socket will see ours and close).
        if (message.by === connection.id) connection.announced = true;
        else if (connection.announced)
          this.close(connection, CloseCode.replaced, 'replaced by a newer connection');
        return;
      case 'ended':
        this.end(connection, message.reason);
        return;
    }
  }

  private async replay(connection: Connection, pending: readonly Nudge[]): Promise<void> {
    const { socket } = connection;
    const replayed = new Set<string>();
    for (const nudge of pending) {
      if (socket.readyState !== WebSocket.OPEN) return;
      replayed.add(nudge.id);
      if (socket.bufferedAmount < REPLAY_HIGH_WATER) socket.send(nudge.frame);
      else await new Promise<void>((resolve) => socket.send(nudge.frame, () => resolve()));
    }
    const held = connection.held ?? [];
    connection.held = undefined;
    for (const nudge of held) if (!replayed.has(nudge.id)) this.deliver(connection, nudge.frame);
  }

  /** Sends a live frame, or closes a client too slow to take it (its nudges stay pending). */
  private deliver(connection: Connection, frame: string): void {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount + Buffer.byteLength(frame) > MAX_BUFFERED_BYTES) {
      this.close(connection, CloseCode.tryAgainLater, 'client too slow; pending nudges replay on reconnect');
      return;
    }
    socket.send(frame);
  }

  private end(connection: Connection, reason: 'deleted' | 'expired'): void {
    if (connection.socket.readyState === WebSocket.OPEN)
      connection.socket.send(JSON.stringify({ type: 'session_ended', reason }));
    this.close(connection, CloseCode.sessionEnded, `session ${reason}`);
  }

  private close(connection: Connection, code: number, reason: string): void {
    const { socket } = connection;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
      socket.close(code, reason);
  }

  private isCurrent(connection: Connection): boolean {
    return this.bySession.get(connection.sessionId) === connection;
  }

  private pingAll(): void {
    for (const connection of this.bySession.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping();
    }
  }
}
