import type { IncomingHttpHeaders } from 'node:http';
import type { PushResult } from './push-sender';
import { retryAfterMs } from './retry-after';

/** The answers every provider shares: 2xx sent, 429 and 5xx retried (Retry-After kept), other 4xx rejected. */
export function classifyStatus(status: number, headers: IncomingHttpHeaders, reason: string): PushResult {
  if (status >= 200 && status < 300) return { outcome: 'sent' };
  if (status === 429 || status >= 500)
    return { outcome: 'retry', retryAfterMs: retryAfterMs(headers['retry-after']), reason };
  return { outcome: 'rejected', reason };
}
