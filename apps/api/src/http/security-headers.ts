import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Helmet's defaults (CSP, nosniff, frame-ancestors 'none', HSTS, no referrer, …). Swagger UI at
 * /docs loads only same-origin scripts and uses inline styles and data: images, all of which
 * the default CSP allows. `upgrade-insecure-requests` is dropped: it would break /docs on a
 * plain-HTTP development host, and production TLS ends at the load balancer anyway.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    // The API serves JSON to phones and one admin page; nothing needs cross-origin embedding.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
