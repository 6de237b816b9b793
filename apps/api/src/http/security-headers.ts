import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Helmet's defaults (CSP, nosniff, frame-ancestors 'none', HSTS, no referrer, …). Swagger UI at
 * /docs loads only same-origin scripts and uses inline styles and data: images, all of which
 * the default CSP allows. `upgrade-insecure-requests` is dropped: it would break /docs on a
 * plain-HTTP development host, and production TLS ends at the load balancer anyway.
 */
const HELMET = helmet({
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  // The API serves JSON to phones and one admin page; nothing needs cross-origin embedding.
  crossOriginResourcePolicy: { policy: 'same-origin' },
});

/**
 * The headers helmet sets, captured once by running it on a recording response. With this
 * configuration they do not depend on the request (no CSP nonces), so every response gets the
 * same list: helmet itself, per request, rebuilt and validated the policy strings each time.
 */
function helmetHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
      return this;
    },
    removeHeader() {},
  };
  let called = false;
  HELMET(
    { headers: {}, method: 'GET', url: '/' } as IncomingMessage,
    recorder as unknown as ServerResponse,
    () => (called = true),
  );
  if (!called) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return headers;
}

export function securityHeaders(): RequestHandler {
  const headers = helmetHeaders();
  return (_request: Request, response: Response, next: NextFunction): void => {
    for (const [name, value] of headers) response.setHeader(name, value);
    next();
  };
}
