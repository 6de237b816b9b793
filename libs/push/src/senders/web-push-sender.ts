import { errorText } from '@sighej/shared';
import type { Agent } from 'node:https';
import { generateRequestDetails } from 'web-push';
import type { PushChannel } from '../channel/push-channel';
import type { WebPushConfig } from '../push-config';
import { classifyStatus } from './classify-status';
import { httpPost, providerAgent } from './http-post';
import { publicOnlyLookup } from './public-address';
import { PushMessage, PushResult, PushSender } from './push-sender';

/**
 * RFC 8030 Web Push with VAPID (RFC 8292). `web-push` builds the request (the aes128gcm body,
 * the VAPID JWT for the endpoint's origin, `TTL`, `Urgency`, `Topic`); this class sends it,
 * so the connection is ours: a timeout, keep-alive, the extra CA, and a DNS lookup that
 * refuses private addresses unless PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS.
 */
export class WebPushSender implements PushSender {
  readonly provider = 'webpush';
  private readonly agent: Agent;

  constructor(
    private readonly config: WebPushConfig,
    extraCa: string | undefined,
    private readonly allowPrivate: boolean,
    private readonly timeoutMs: number,
  ) {
    this.agent = providerAgent(extraCa);
  }

  async send(channel: PushChannel, message: PushMessage): Promise<PushResult> {
    if (channel.provider !== 'webpush') return { outcome: 'rejected', reason: 'not a Web Push channel' };
    const details = generateRequestDetails(
      { endpoint: channel.endpoint, keys: channel.keys },
      message.frame,
      {
        vapidDetails: {
          subject: this.config.subject,
          publicKey: this.config.vapidPublicKey,
          privateKey: this.config.vapidPrivateKey,
        },
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
