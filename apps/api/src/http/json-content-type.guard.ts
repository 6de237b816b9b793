import { CanActivate, ExecutionContext, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
// application/json, with or without parameters (the JSON parser reads nothing else).
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * The API speaks JSON only. Without this, a text/plain or form body is silently left unparsed
 * and the client gets a confusing "ble_token must be …" 400. A request that sends a body must
 * label it as JSON; bodiless requests pass (validation answers them).
 */
@Injectable()
export class JsonContentTypeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!WITH_BODY.has(request.method) || !hasBody(request)) return true;
    const type = request.headers['content-type'];
    if (type !== undefined && JSON_TYPE.test(type)) return true;
    throw new UnsupportedMediaTypeException('Content-Type must be application/json');
  }
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
