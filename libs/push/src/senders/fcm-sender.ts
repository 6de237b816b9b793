import { errorText } from '@sighej/shared';
import type { Agent } from 'node:https';
import type { PushChannel } from '../channel/push-channel';
import { encryptPayload } from '../crypto/encrypt-payload';
import type { FcmConfig } from '../push-config';
import { classifyStatus } from './classify-status';
import { FcmAccessToken } from './fcm-access-token';
import { httpPost, HttpReply, providerAgent } from './http-post';
import { PushMessage, PushResult, PushSender } from './push-sender';

/** The data key that carries the RFC 8291 ciphertext, base64url (as for APNs). */
export const FCM_PAYLOAD_KEY = 'sighej';

/** FCM HTTP v1 `messages:send`: a high-priority data message, collapsed per session. */
export class FcmSender implements PushSender {
  readonly provider = 'fcm';
  private readonly agent: Agent;
  private readonly token: FcmAccessToken;

  constructor(
    private readonly config: FcmConfig,
    extraCa: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.agent = providerAgent(extraCa);
    this.token = new FcmAccessToken(config, this.agent, timeoutMs);
  }

  async send(channel: PushChannel, message: PushMessage): Promise<PushResult> {
    if (channel.provider !== 'fcm') return { outcome: 'rejected', reason: 'not an FCM channel' };
    const body = JSON.stringify({
      message: {
        token: channel.registrationToken,
        data: { [FCM_PAYLOAD_KEY]: encryptPayload(message.frame, channel.keys).toString('base64url') },
        android: { collapse_key: message.collapseKey, priority: 'high', ttl: `${message.ttlSeconds}s` },
      },
    });
    try {
      const reply = await httpPost(
        `${this.config.url}/v1/projects/${encodeURIComponent(this.config.projectId)}/messages:send`,
        { authorization: `Bearer ${await this.token.current()}`, 'content-type': 'application/json' },
        body,
        { timeoutMs: this.timeoutMs, agent: this.agent },
      );
      return this.classify(reply);
    } catch (error) {
      return { outcome: 'retry', reason: errorText(error) };
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private classify(reply: HttpReply): PushResult {
    const code = fcmErrorCode(reply.body);
    if (code === 'UNREGISTERED' || reply.status === 404) return { outcome: 'gone' };
    if (reply.status === 401) {
      this.token.expire();
      return { outcome: 'retry', reason: 'FCM refused the access token' };
    }
    return classifyStatus(reply.status, reply.headers, `FCM answered ${reply.status} ${code}`);
  }
}

/** The FCM error code (`error.details[].errorCode`, e.g. UNREGISTERED) of an error answer. */
function fcmErrorCode(body: string): string {
  try {
    const { error } = JSON.parse(body) as {
      error?: { details?: { errorCode?: unknown }[]; status?: unknown };
    };
    const detail = error?.details?.find((entry) => typeof entry.errorCode === 'string')?.errorCode;
    if (typeof detail === 'string') return detail;
    return typeof error?.status === 'string' ? error.status : '';
  } catch {
    return '';
  }
}
