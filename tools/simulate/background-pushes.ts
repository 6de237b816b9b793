import { LocalPushService } from '../push-service/local-push-service';
import { PushStats } from './push-stats';

/**
 * The push side of `--background`: a local RFC 8030 push service (VAPID checked, bodies handed
 * to the subscribed phone to decrypt) and what the backgrounded phones saw of it.
 */
export class BackgroundPushes {
  readonly stats = new PushStats();
  /** Sessions of backgrounded phones: their nudges can only come by push. */
  readonly sessions = new Set<string>();

  private constructor(private readonly service: LocalPushService) {}

  static async start(): Promise<BackgroundPushes> {
    const service = new LocalPushService();
    await service.start();
    return new BackgroundPushes(service);
  }

  /** What the service needs to push to it: its VAPID keys, and loopback endpoints allowed. */
  serviceSettings(): Record<string, string> {
    return {
      PUSH_WEBPUSH_VAPID_PUBLIC_KEY: this.service.vapid.publicKey,
      PUSH_WEBPUSH_VAPID_PRIVATE_KEY: this.service.vapid.privateKey,
      PUSH_WEBPUSH_SUBJECT: 'mailto:simulate@sighej.test',
      PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
    };
  }

  /** A subscription whose pushes go to `receive` (which decrypts them); its endpoint. */
  subscribe(id: string, receive: (body: Buffer) => Promise<string>): string {
    return this.service.subscribe({ decrypt: receive }, id);
  }

  /** Pushes the service refused as a browser vendor would (bad VAPID, TTL, encoding): must be none. */
  get violations(): readonly string[] {
    return this.service.script.violations;
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}
