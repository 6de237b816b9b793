import { errorText } from '@sighej/shared';
import { ClientHttp2Session, connect, constants, IncomingHttpHeaders } from 'node:http2';
import { rootCertificates } from 'node:tls';
import type { PushChannel } from '../channel/push-channel';
import { encryptPayload } from '../crypto/encrypt-payload';
import type { ApnsConfig } from '../push-config';
import { ApnsProviderToken } from './apns-provider-token';
import { classifyStatus } from './classify-status';
import { PushMessage, PushResult, PushSender } from './push-sender';

/** What the lock screen shows until the app's notification service extension decrypts and rewords it. */
export const APNS_VISIBLE_TEXT = 'Someone nearby shares your interests';
/** The custom key that carries the RFC 8291 ciphertext, base64url. */
export const APNS_PAYLOAD_KEY = 'sighej';
const MAX_PAYLOAD_BYTES = 4096;
const GONE_REASONS = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic']);

interface ApnsReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * APNs over HTTP/2 with token-based authentication: one long-lived connection to
 * PUSH_APNS_URL (reopened when it goes away), an alert with `mutable-content: 1`, the generic
 * visible text and the encrypted nudge in a custom key.
 */
export class ApnsSender implements PushSender {
  readonly provider = 'apns';
  private session: ClientHttp2Session | undefined;
  private readonly token: ApnsProviderToken;

  constructor(
    private readonly config: ApnsConfig,
    private readonly extraCa: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.token = new ApnsProviderToken(config);
  }

  async send(channel: PushChannel, message: PushMessage): Promise<PushResult> {
    if (channel.provider !== 'apns') return { outcome: 'rejected', reason: 'not an APNs channel' };
    const body = JSON.stringify({
      aps: { alert: { body: APNS_VISIBLE_TEXT }, 'mutable-content': 1 },
      [APNS_PAYLOAD_KEY]: encryptPayload(message.frame, channel.keys).toString('base64url'),
    });
    if (Buffer.byteLength(body) > MAX_PAYLOAD_BYTES)
      return { outcome: 'rejected', reason: 'payload over 4 KB' };
    try {
      const reply = await this.post(channel.deviceToken, message, body);
      return this.classify(reply);
    } catch (error) {
      return { outcome: 'retry', reason: errorText(error) };
    }
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  private classify({ status, headers, body }: ApnsReply): PushResult {
    const reason = apnsReason(body);
    if (status === 410 || (status === 400 && GONE_REASONS.has(reason))) return { outcome: 'gone' };
    if (status === 403 && reason === 'ExpiredProviderToken') {
      this.token.expire();
      return { outcome: 'retry', reason };
    }
    return classifyStatus(status, headers, `APNs answered ${status} ${reason}`);
  }

  private async post(deviceToken: string, message: PushMessage, body: string): Promise<ApnsReply> {
    const jwt = this.token.current();
    const session = this.connection();
    return new Promise((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': `/3/device/${deviceToken}`,
        authorization: `bearer ${jwt}`,
        'apns-topic': this.config.topic,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-expiration': String(Math.floor(Date.now() / 1000) + message.ttlSeconds),
        'apns-collapse-id': message.collapseKey,
        'content-type': 'application/json',
      });
      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.setTimeout(this.timeoutMs, () => {
        stream.close(constants.NGHTTP2_CANCEL);
        reject(new Error(`APNs did not answer within ${this.timeoutMs} ms`));
      });
      stream.on('response', (received) => (headers = received));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        resolve({
          status: Number(headers[':status'] ?? 0),
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      stream.on('error', reject);
      stream.end(body);
    });
  }

  private connection(): ClientHttp2Session {
    if (this.session !== undefined && !this.session.closed && !this.session.destroyed) return this.session;
    const session = connect(this.config.url, {
      ca: this.extraCa === undefined ? undefined : [...rootCertificates, this.extraCa],
    });
    const forget = (): void => {
      if (this.session === session) this.session = undefined;
    };
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    // An idle connection must not keep a stopping process alive.
    session.unref();
    this.session = session;
    return session;
  }
}

function apnsReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : '';
  } catch {
    return '';
  }
}
