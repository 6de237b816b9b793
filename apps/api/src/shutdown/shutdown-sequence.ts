import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NudgeConnections } from '@sighej/nudge';
import { DatabaseConnector, RedisConnections } from '@sighej/shared';
import { StatsFlusher } from '@sighej/stats';
import type { Server } from 'node:http';

const STOP_ACCEPTING_MS = 2000;

/**
 * What happens on SIGTERM (and `app.close()`), in this order, in one place:
 * 1. stop accepting HTTP requests (requests in flight finish; waits at most 2 s);
 * 2. close every WebSocket with 1001, so phones reconnect to another instance;
 * 3. flush the buffered stats counts to Postgres (retrying for a few seconds);
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
    private readonly http: HttpAdapterHost,
    private readonly sockets: NudgeConnections,
    private readonly stats: StatsFlusher,
    private readonly database: DatabaseConnector,
    @Optional() private readonly redis?: RedisConnections,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal !== undefined) this.logger.log(`${signal}: shutting down`);
    await this.stopAcceptingRequests();
    await this.sockets.closeAll();
    await this.stats.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stats.flushLate();
    await this.redis?.close();
    await this.database.close();
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
