import { RequestTimeoutException, ServiceUnavailableException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Server } from 'node:http';
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

const TIMER = Symbol('requestTimer');
type TimedResponse = Response & { [TIMER]?: NodeJS.Timeout };

function clear(this: TimedResponse): void {
  clearTimeout(this[TIMER]);
}

/**
 * Answers 503 when a handler has not responded within `timeoutMs` (a hung dependency must not
 * pile up open requests), or 408 when the client has not even finished sending its request
 * by then (a slow client, not an outage). Upgrades are not HTTP requests here and are never timed.
 */
export function requestTimeout(timeoutMs: number): RequestHandler {
  const body = toErrorBody(
    new ServiceUnavailableException(
      `The request was not answered within ${timeoutMs / 1000} s; try again shortly`,
    ),
  );
  const slowClient = toErrorBody(
    new RequestTimeoutException(`The request was not received completely within ${timeoutMs / 1000} s`),
  );
  const expire = (response: TimedResponse): void => {
    if (response.headersSent || response.writableEnded) return;
    response.setHeader('Connection', 'close');
    const incomplete = !response.req.complete;
    response.status(incomplete ? 408 : 503).json(incomplete ? slowClient : body);
  };
  return (_request: Request, response: TimedResponse, next: NextFunction): void => {
    response[TIMER] = setTimeout(expire, timeoutMs, response);
    // Shared listeners (`on`, not `once`, which wraps each in a new closure); clearing twice is harmless.
    response.on('finish', clear);
    response.on('close', clear);
    next();
  };
}
