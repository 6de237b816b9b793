import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MatchService } from '@sighej/match';
import { NudgeConnections } from '@sighej/nudge';
import { StatsFlusher } from '@sighej/stats';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ServerSettings } from '../config/server.settings';
import { StatsDatabase } from '../deployment/stats-database';
import { Readiness } from '../health/readiness';
import { StoreConnections } from './store-connections';

const STOP_ACCEPTING_MS = 2000;

/**
 * What happens on SIGTERM (and `app.close()`), in this order, in one place:
 * 0. readiness off (`/health` 503 "shutting down"), then SHUTDOWN_GRACE_MS of still answering,
 *    every response with `Connection: close`, so the balancer moves phones away before the
 *    listener closes (no connection reset, no 5xx);
 * 1. stop accepting HTTP requests (requests in flight finish; waits at most 2 s);
 * 2. close every WebSocket with 1001, so phones reconnect to another instance;
 * 2b. check the pair counts still held (a meeting decided again after a Redis failover), so
 *    the ones kept are in the last flush;
 * 3. flush the buffered stats counts to Postgres (retrying for a few seconds, then handing
 *    what is left to the stats spool);
 * — Nest then closes the WebSocket and HTTP servers —
 * 4. flush any count that arrived after step 3;
 * 5. close the stores: the Redis connections and the database.
 * Each lib owns its step (`NudgeConnections.closeAll`, `StatsFlusher.drain`, …); only the
 * order lives here.
 */
@Injectable()
export class ShutdownSequence implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly settings: ServerSettings,
    private readonly readiness: Readiness,
    private readonly http: HttpAdapterHost,
    private readonly sockets: NudgeConnections,
    private readonly matches: MatchService,
    private readonly stats: StatsFlusher,
    private readonly database: StatsDatabase,
    private readonly stores: StoreConnections,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal !== undefined) this.logger.log(`${signal}: shutting down`);
    await this.failReadinessThenWait();
    await this.stopAcceptingRequests();
    this.logger.log('listener closed: no new HTTP requests');
    await this.sockets.closeAll();
    this.logger.log('WebSockets closed (1001)');
    await this.matches.settleHeldCounts();
    await this.stats.drain();
    this.logger.log(
      `stats flushed (spooled counts: ${this.stats.spooledCounts}, lost counts: ${this.stats.lostCounts})`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.logger.log('closing the stores (Redis, database); exiting');
    await this.stats.flushLate();
    await this.stores.close();
    await this.database.close();
  }

  private async failReadinessThenWait(): Promise<void> {
    this.readiness.off('shutdown', 'shutting down');
    this.logger.log(`readiness off (/health 503); answering for ${this.settings.SHUTDOWN_GRACE_MS} ms more`);
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening !== true) return;
    // Runs before Express: every answer from now on closes its connection after it.
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) =>
      response.setHeader('Connection', 'close'),
    );
    await new Promise((resolve) => setTimeout(resolve, this.settings.SHUTDOWN_GRACE_MS));
  }

  private async stopAcceptingRequests(): Promise<void> {
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening !== true) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => server.close(() => resolve())),
      // Open WebSockets keep the server from closing; they are closed next.
      new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_ACCEPTING_MS))),
    ]);
    clearTimeout(timer);
  }
}
