import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalApns } from './local-apns';
import { LocalFcm } from './local-fcm';
import { LocalPushService } from '../../../tools/push-service/local-push-service';

export interface LocalPushProviders {
  apns: LocalApns;
  fcm: LocalFcm;
  webpush: LocalPushService;
  /** PUSH_* settings that point the service at the three (key files written to a temp dir). */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

/** The three local providers, started, and the settings a service needs to use them. */
export async function startLocalPushProviders(): Promise<LocalPushProviders> {
  const apns = new LocalApns();
  const fcm = new LocalFcm();
  const webpush = new LocalPushService();
  const [apnsUrl, fcmUrl] = await Promise.all([apns.start(), fcm.start(), webpush.start()]);
  const dir = mkdtempSync(join(tmpdir(), 'sighej-push-'));
  writeFileSync(join(dir, 'apns.p8'), apns.identity.keyPem);
  writeFileSync(join(dir, 'fcm.json'), JSON.stringify(fcm.serviceAccount));
  writeFileSync(join(dir, 'ca.pem'), apns.ca);
  const env = {
    PUSH_WEBPUSH_VAPID_PUBLIC_KEY: webpush.vapid.publicKey,
    PUSH_WEBPUSH_VAPID_PRIVATE_KEY: webpush.vapid.privateKey,
    PUSH_WEBPUSH_SUBJECT: 'mailto:ops@sighej.test',
    PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'true',
    PUSH_APNS_KEY_FILE: join(dir, 'apns.p8'),
    PUSH_APNS_KEY_ID: apns.identity.keyId,
    PUSH_APNS_TEAM_ID: apns.identity.teamId,
    PUSH_APNS_TOPIC: apns.identity.topic,
    PUSH_APNS_URL: apnsUrl,
    PUSH_FCM_SERVICE_ACCOUNT_FILE: join(dir, 'fcm.json'),
    PUSH_FCM_URL: fcmUrl,
    PUSH_FCM_TOKEN_URL: fcm.tokenUrl,
    PUSH_TLS_CA_FILE: join(dir, 'ca.pem'),
  };
  return {
    apns,
    fcm,
    webpush,
    env,
    stop: async () => {
      await Promise.all([apns.stop(), fcm.stop(), webpush.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
