import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/**
 * CORS for the browser clients in ALLOWED_ORIGINS (the admin page). Phones do not need CORS;
 * with no allow-list, CORS is not enabled at all and no response carries
 * Access-Control-Allow-Origin. Bearer tokens, not cookies: no credentials.
 */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptions | undefined {
  if (allowedOrigins.length === 0) return undefined;
  return {
    origin: [...allowedOrigins],
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  };
}
