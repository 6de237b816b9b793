import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';

/** Object literals and arrays: what controllers return as JSON answers. */
function isPlainJson(body: unknown): body is object {
  if (body === null || typeof body !== 'object') return false;
  const prototype = Object.getPrototypeOf(body) as unknown;
  return prototype === Object.prototype || Array.isArray(body);
}

/** Answers of these are never cached or revalidated, so an ETag on them buys nothing. */
const UNCACHEABLE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Express's `res.json` → `res.send` path, for a controller's plain JSON answer to a POST,
 * re-parses the content type to add the charset and hashes the body for an ETag nobody can
 * use. This writes the same status, body, `Content-Type` and `Content-Length` directly.
 * Anything else (GET answers with their ETag and 304s, streams, strings, errors, a route
 * that set its own content type) takes Nest's own path.
 */
export class JsonReplyExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (
      !isPlainJson(body) ||
      !UNCACHEABLE.has(response.req.method) ||
      response.getHeader('Content-Type') !== undefined
    ) {
      return super.reply(response, body, statusCode);
    }
    if (statusCode !== undefined) response.statusCode = statusCode;
    const json = JSON.stringify(body);
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(json));
    return response.end(json);
  }
}
