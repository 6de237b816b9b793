import { RequestTimeoutException, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { toErrorBody } from '../domain-error.filter';

/**
 * Node's own limits on slow clients: the whole request must arrive within these, and an idle
 * keep-alive connection lives longer than a typical load balancer's 60 s idle timeout (so the
 * balancer, not Node, closes it and never reuses a half-closed connection).
 */
export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
}

/**
 * Answers 503 when a handler has not responded within `timeoutMs` (a hung dependency must not
 * pile up open requests), or 408 when the client has not even finished sending its request
 * by then (a slow client, not an outage). Upgrades are not HTTP requests here and are never timed.
 *
 * One timer for all open requests instead of one per request: every request gets the same
 * timeout, so the order they arrive in is the order they fall due, and the timer only ever
 * waits for the oldest one.
 */
export class RequestDeadlines {
  /** Open requests, oldest first, with the time (performance.now) each one falls due. */
  private readonly open = new Map<Response, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly unavailable: object;
  private readonly slowClient: object;
  private readonly sweep = (): void => this.expireDue();

  constructor(private readonly timeoutMs: number) {
    this.unavailable = toErrorBody(
      new ServiceUnavailableException(
        `The request was not answered within ${timeoutMs / 1000} s; try again shortly`,
      ),
    );
    this.slowClient = toErrorBody(
      new RequestTimeoutException(`The request was not received completely within ${timeoutMs / 1000} s`),
    );
  }

  /** Starts the clock of a request that arrived at `startedAt` (`performance.now()`). */
  track(response: Response, startedAt: number): void {
    this.open.set(response, startedAt + this.timeoutMs);
    this.timer ??= setTimeout(this.sweep, this.timeoutMs);
  }

  /** The request is done (answered or abandoned); releasing it twice is harmless. */
  release(response: Response): void {
    this.open.delete(response);
  }

  private expireDue(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const [response, due] of this.open) {
      if (due > now) {
        this.timer = setTimeout(this.sweep, Math.ceil(due - now));
        return;
      }
      this.open.delete(response);
      this.expire(response);
    }
  }

  private expire(response: Response): void {
    if (response.headersSent || response.writableEnded) return;
    response.setHeader('Connection', 'close');
    const incomplete = !response.req.complete;
    response.status(incomplete ? 408 : 503).json(incomplete ? this.slowClient : this.unavailable);
  }
}
