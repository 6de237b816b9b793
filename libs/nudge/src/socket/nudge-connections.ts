import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Session, SessionAuthenticator, SessionService } from '@sighej/session';
import { errorText, RateLimitedError, RateLimiter } from '@sighej/shared';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { BusMessage } from '../bus/bus-message';
import type { Nudge } from '../nudge';
import { NudgeBus } from '../bus/nudge-bus';
import { NudgeMetrics } from '../nudge-metrics';
import { NudgeQueue } from '../queue/nudge-queue';
import { parseClientFrame } from './client-frame';
import { CloseCode } from './close-codes';
import { Connection, ConnectionOwner } from './connection';
import { closeConnection, deliver, endSession, replay } from './outbound';
import { Resync } from './resync';
import { attach, connectionOf, onExpiry } from './socket-listeners';
import { WS_CONNECTS } from '../nudge-limits';
import { NudgeSettings } from '../nudge.settings';

const SHUTDOWN_GRACE_MS = 1000;

/**
 * The sockets this instance holds, one per session: opening (subscribe, announce, replay),
 * delivery with back-pressure, acks, replacement, session end and expiry, liveness pings and
 * closing them all at shutdown (`closeAll`, called by the app's shutdown sequence). The gateway
 * only hands sockets in and out.
 */
@Injectable()
export class NudgeConnections implements ConnectionOwner, OnModuleInit {
  private readonly logger = new Logger('NudgeConnections');
  private readonly bySession = new Map<string, Connection>();
  private readonly instanceId = randomBytes(6).toString('base64url');
  private sequence = 0;
  private pinger: NodeJS.Timeout | undefined;
  private readonly maxAgeMs: number;
  private stopping = false;
  private readonly resyncer: Resync;

  constructor(
    private readonly authenticator: SessionAuthenticator,
    sessions: SessionService,
    private readonly queue: NudgeQueue,
    private readonly bus: NudgeBus,
    private readonly limiter: RateLimiter,
    private readonly metrics: NudgeMetrics,
    private readonly settings: NudgeSettings,
  ) {
    this.maxAgeMs = settings.NUDGE_MAX_AGE_SECONDS * 1000;
    this.resyncer = new Resync(this.logger, sessions, metrics, {
      isCurrent: (connection) => this.isCurrent(connection),
      pending: (sessionId) => this.pending(sessionId),
    });
  }

  onModuleInit(): void {
    this.bus.listen((sessionId, message) => this.onBusMessage(sessionId, message));
    this.bus.onGap((sessionIds) => void this.resync(sessionIds));
    this.bus.onLost((sessionIds) => this.deafen(sessionIds));
    this.metrics.watchUnsubscribed(() => this.bus.unsubscribed);
    this.pinger = setInterval(() => this.pingAll(), this.settings.WS_PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Sockets open on this instance. */
  get size(): number {
    return this.bySession.size;
  }

  /** Decides whether an upgrade may proceed: the live session named by `bleToken`, or a DomainError. */
  async admit(bleToken: string, accessToken: string | undefined): Promise<Session> {
    const session = await this.authenticator.authenticate(bleToken, accessToken);
    // Keyed by session id, so rotating the BLE token does not reset the count.
    const { allowed, retryAfterSeconds } = await this.limiter.consumeLimit(WS_CONNECTS, session.id);
    if (!allowed)
      throw new RateLimitedError(
        retryAfterSeconds,
        `Too many connects for this session; retry in ${retryAfterSeconds} s`,
      );
    return session;
  }

  async open(socket: WebSocket, session: Session): Promise<void> {
    const connection = new Connection(socket, session.id, `${this.instanceId}.${++this.sequence}`, this);
    attach(socket, connection);
    if (this.stopping) return void socket.close(CloseCode.goingAway, 'server shutting down');

    const previous = this.bySession.get(session.id);
    this.bySession.set(session.id, connection);
    this.metrics.setOpenSockets(this.bySession.size);
    if (previous !== undefined)
      closeConnection(previous, CloseCode.replaced, 'replaced by a newer connection');
    connection.expiry = setTimeout(onExpiry, Math.max(0, session.expiresAt - Date.now()), connection);
    connection.expiry.unref();

    try {
      // Subscribe first: a nudge published from here on reaches this socket, and everything
      // published before is already in the pending queue read below. Nothing falls between.
      await this.bus.subscribe(session.id);
      if (!this.isCurrent(connection)) return;
      // Older sockets of this session, on any instance, close when they see this.
      await this.bus.publish(session.id, { t: 'replaced', by: connection.id });
      this.metrics.nudgeReplayed(await replay(connection, await this.pending(session.id)));
    } catch (error) {
      this.logger.warn(`could not open a nudge channel: ${errorText(error)}`);
      closeConnection(connection, CloseCode.internalError, 'nudge channel unavailable; reconnect shortly');
    }
  }

  /** The socket closed, for whatever reason. */
  closed(socket: WebSocket): void {
    const connection = connectionOf(socket);
    if (connection === undefined) return;
    clearTimeout(connection.expiry);
    connection.held = undefined;
    if (!this.isCurrent(connection)) return;
    this.bySession.delete(connection.sessionId);
    this.metrics.setOpenSockets(this.bySession.size);
    this.bus.unsubscribe(connection.sessionId).catch((error: unknown) => {
      this.logger.warn(`could not unsubscribe a closed socket's channel: ${errorText(error)}`);
    });
  }

  received(connection: Connection, data: WebSocket.RawData, isBinary: boolean): void {
    const frame = parseClientFrame(data, isBinary);
    if (frame === undefined) return; // Garbage is ignored: SPEC wants it harmless, not fatal.
    this.queue.ack(connection.sessionId, frame.nudgeId).then(
      (removed) => {
        if (removed) this.metrics.nudgeAcked();
      },
      (error: unknown) => {
        // The nudge stays pending and replays on the next connect; the client de-duplicates.
        this.logger.warn(`could not record an ack: ${errorText(error)}`);
      },
    );
  }

  expire(connection: Connection): void {
    endSession(connection, 'expired');
  }

  /** Closes every socket with 1001 (reconnect elsewhere) and waits briefly for them to go. */
  async closeAll(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pinger);
    const closing = [...this.bySession.values()].map((connection) => {
      const closed = new Promise<void>((resolve) => {
        if (connection.socket.readyState === WebSocket.CLOSED) resolve();
        else connection.socket.once('close', () => resolve());
      });
      closeConnection(connection, CloseCode.goingAway, 'server shutting down');
      return closed;
    });
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    await Promise.race([Promise.all(closing), grace]);
    clearTimeout(timer);
  }

  private async resync(sessionIds: readonly string[]): Promise<void> {
    const connections = sessionIds
      .map((sessionId) => this.bySession.get(sessionId))
      .filter((connection) => connection !== undefined);
    if (connections.length > 0) await this.resyncer.run(connections);
  }

  /** Sockets whose channel could not be subscribed again: they reconnect (and replay) at once. */
  private deafen(sessionIds: readonly string[]): void {
    let closed = 0;
    for (const sessionId of sessionIds) {
      const connection = this.bySession.get(sessionId);
      if (connection === undefined) continue;
      closeConnection(connection, CloseCode.internalError, 'nudge channel lost; reconnect shortly');
      closed += 1;
    }
    if (closed > 0)
      this.logger.warn(`closed ${closed} socket(s) whose nudge channel could not be subscribed again`);
  }

  /** The session's fresh pending nudges (the stale ones are counted as dropped). */
  private async pending(sessionId: string): Promise<Nudge[]> {
    const { nudges, expired } = await this.queue.pending(sessionId, this.maxAgeMs);
    this.metrics.nudgeDropped('age', expired);
    return nudges;
  }

  private onBusMessage(sessionId: string, message: BusMessage): void {
    const connection = this.bySession.get(sessionId);
    if (connection === undefined) return;
    switch (message.t) {
      case 'nudge':
        if (connection.held !== undefined) connection.held.push({ id: message.id, frame: message.frame });
        else deliver(connection, { id: message.id, frame: message.frame });
        return;
      case 'replaced':
        // The channel orders announcements: one that arrives after our own is newer than us.
        // One that arrives before it is older (its socket will see ours and close).
        if (message.by === connection.id) connection.announced = true;
        else if (connection.announced)
          closeConnection(connection, CloseCode.replaced, 'replaced by a newer connection');
        return;
      case 'ended':
        endSession(connection, message.reason);
        return;
    }
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
