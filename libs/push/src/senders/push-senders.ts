import type { PushProvider } from '../channel/push-channel';
import type { PushConfig } from '../push-config';
import { ApnsSender } from './apns-sender';
import { FcmSender } from './fcm-sender';
import type { PushSender } from './push-sender';
import { WebPushSender } from './web-push-sender';

/** The sender of each configured provider. */
export class PushSenders {
  private readonly byProvider = new Map<PushProvider, PushSender>();

  constructor(config: PushConfig, timeoutMs: number) {
    const { webpush, apns, fcm, ca } = config;
    if (webpush !== undefined)
      this.byProvider.set('webpush', new WebPushSender(webpush, ca, config.allowPrivateEndpoints, timeoutMs));
    if (apns !== undefined) this.byProvider.set('apns', new ApnsSender(apns, ca, timeoutMs));
    if (fcm !== undefined) this.byProvider.set('fcm', new FcmSender(fcm, ca, timeoutMs));
  }

  of(provider: PushProvider): PushSender | undefined {
    return this.byProvider.get(provider);
  }

  closeAll(): void {
    for (const sender of this.byProvider.values()) sender.close();
  }
}
