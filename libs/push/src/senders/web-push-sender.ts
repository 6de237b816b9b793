import { errorText } from '@sighej/shared';
import type { Agent } from 'node:https';
import { generateRequestDetails } from 'web-push';
import type { PushChannel } from '../channel/push-channel';
import type { WebPushConfig } from '../push-config';
import { classifyStatus } from './classify-status';
import { httpPost, providerAgent } from './http-post';
import { publicOnlyLookup } from './public-address';
import { PushMessage, PushResult, PushSender } from './push-sender';
import { VapidHeaders } from './vapid-headers';

/**
 * RFC 8030 Web Push with VAPID (RFC 8292). `web-push` builds the request (the aes128gcm body,
 * `TTL`, `Urgency`, `Topic`) and signs the VAPID JWT for the endpoint's origin, which
 * `VapidHeaders` keeps for hours; this class sends it,
 * so the connection is ours: a timeout, keep-alive, the extra CA, and a DNS lookup that
 * refuses private addresses unless PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS.
 */
export class WebPushSender implements PushSender {
  readonly provider = 'webpush';
  private readonly agent: Agent;
  private readonly vapid: VapidHeaders;

  constructor(
    config: WebPushConfig,
    extraCa: string | undefined,
    private readonly allowPrivate: boolean,
    private readonly timeoutMs: number,
  ) {
    this.agent = providerAgent(extraCa);
    this.vapid = new VapidHeaders(config);
  }

  async send(channel: PushChannel, message: PushMessage): Promise<PushResult> {
    if (channel.provider !== 'webpush') return { outcome: 'rejected', reason: 'not a Web Push channel' };
    const details = generateRequestDetails(
      { endpoint: channel.endpoint, keys: channel.keys },
      message.frame,
      {
        // The VAPID header comes signed from the cache (web-push would sign one per push).
        headers: { Authorization: this.vapid.for(channel.endpoint) },
        TTL: message.ttlSeconds,
        urgency: 'high',
        topic: message.collapseKey,
        contentEncoding: 'aes128gcm',
      },
    );
    try {
      const reply = await httpPost(details.endpoint, details.headers, details.body ?? Buffer.alloc(0), {
        timeoutMs: this.timeoutMs,
        agent: this.agent,
        lookup: this.allowPrivate ? undefined : publicOnlyLookup,
      });
      // RFC 8030 §7.3: 404/410 say the subscription is gone.
      if (reply.status === 404 || reply.status === 410) return { outcome: 'gone' };
      return classifyStatus(reply.status, reply.headers, `push service answered ${reply.status}`);
    } catch (error) {
      return { outcome: 'retry', reason: errorText(error) };
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
