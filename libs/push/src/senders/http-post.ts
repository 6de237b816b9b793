import { request as httpRequest, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpPostOptions {
  timeoutMs: number;
  /** The keep-alive agent for https: URLs (see `providerAgent`). */
  agent: Agent;
  lookup?: LookupFunction;
}

// Push answers are small; a provider that sends more is not read further.
const MAX_REPLY_BYTES = 64 * 1024;

/** A keep-alive HTTPS agent trusting the system's CAs plus `extraCa` (PUSH_TLS_CA_FILE). */
export function providerAgent(extraCa: string | undefined): Agent {
  return new Agent({
    keepAlive: true,
    ca: extraCa === undefined ? undefined : [...rootCertificates, extraCa],
  });
}

/** POSTs `body` and resolves with the answer; rejects on a network error or after `timeoutMs`. */
export function httpPost(
  url: string,
  headers: OutgoingHttpHeaders,
  body: Buffer | string,
  { timeoutMs, agent, lookup }: HttpPostOptions,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const options = { method: 'POST', headers, lookup, timeout: timeoutMs, ...(secure ? { agent } : {}) };
    const request = (secure ? httpsRequest : httpRequest)(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
