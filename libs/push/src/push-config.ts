import { NudgeSettings } from '@sighej/nudge';
import { Configuration } from '@sighej/shared';
import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PushProvider } from './channel/push-channel';
import { PushSettings } from './push.settings';

export interface WebPushConfig {
  vapidPublicKey: string;
  vapidPrivateKey: string;
  subject: string;
}

export interface ApnsConfig {
  key: KeyObject;
  keyId: string;
  teamId: string;
  topic: string;
  url: string;
}

export interface FcmConfig {
  projectId: string;
  clientEmail: string;
  key: KeyObject;
  url: string;
  tokenUrl: string;
}

/** The configured push providers and how pushes are sent; read once at boot. */
export class PushConfig {
  constructor(
    readonly webpush: WebPushConfig | undefined,
    readonly apns: ApnsConfig | undefined,
    readonly fcm: FcmConfig | undefined,
    /** Extra CAs for the providers' hosts (PEM), beside the system's. */
    readonly ca: string | undefined,
    readonly allowPrivateEndpoints: boolean,
    readonly afterMs: number,
    readonly maxAgeMs: number,
  ) {}

  get enabled(): boolean {
    return this.webpush !== undefined || this.apns !== undefined || this.fcm !== undefined;
  }

  configured(provider: PushProvider): boolean {
    return this[provider] !== undefined;
  }
}

/** A key or account file that cannot be used stops the boot, naming the variable (never the key). */
export class InvalidPushFileError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'InvalidPushFileError';
  }
}

function readPrivateKey(variable: string, file: string, pem?: string): KeyObject {
  try {
    return createPrivateKey(pem ?? readFileSync(file, 'utf8'));
  } catch {
    throw new InvalidPushFileError(variable, `${file} is not a readable PEM private key`);
  }
}

function apnsConfig(settings: PushSettings): ApnsConfig | undefined {
  const { PUSH_APNS_KEY_FILE: file, PUSH_APNS_KEY_ID: keyId, PUSH_APNS_TEAM_ID: teamId } = settings;
  if (
    file === undefined ||
    keyId === undefined ||
    teamId === undefined ||
    settings.PUSH_APNS_TOPIC === undefined
  )
    return undefined;
  const key = readPrivateKey('PUSH_APNS_KEY_FILE', file);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new InvalidPushFileError('PUSH_APNS_KEY_FILE', `${file} is not a P-256 (.p8) signing key`);
  return { key, keyId, teamId, topic: settings.PUSH_APNS_TOPIC, url: settings.PUSH_APNS_URL };
}

function fcmConfig(settings: PushSettings): FcmConfig | undefined {
  const file = settings.PUSH_FCM_SERVICE_ACCOUNT_FILE;
  if (file === undefined) return undefined;
  let account: Record<string, unknown>;
  try {
    account = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidPushFileError('PUSH_FCM_SERVICE_ACCOUNT_FILE', `${file} is not a readable JSON file`);
  }
  const { project_id: projectId, client_email: clientEmail, private_key: pem } = account;
  if (typeof projectId !== 'string' || typeof clientEmail !== 'string' || typeof pem !== 'string')
    throw new InvalidPushFileError(
      'PUSH_FCM_SERVICE_ACCOUNT_FILE',
      `${file} lacks project_id, client_email or private_key (a service account key file has them)`,
    );
  const key = readPrivateKey('PUSH_FCM_SERVICE_ACCOUNT_FILE', file, pem);
  return { projectId, clientEmail, key, url: settings.PUSH_FCM_URL, tokenUrl: settings.PUSH_FCM_TOKEN_URL };
}

function webPushConfig(settings: PushSettings): WebPushConfig | undefined {
  const { PUSH_WEBPUSH_VAPID_PUBLIC_KEY: publicKey, PUSH_WEBPUSH_VAPID_PRIVATE_KEY: privateKey } = settings;
  if (publicKey === undefined || privateKey === undefined || settings.PUSH_WEBPUSH_SUBJECT === undefined)
    return undefined;
  return { vapidPublicKey: publicKey, vapidPrivateKey: privateKey, subject: settings.PUSH_WEBPUSH_SUBJECT };
}

export function loadPushConfig(configuration: Configuration): PushConfig {
  const settings = configuration.get(PushSettings);
  const ca = settings.PUSH_TLS_CA_FILE;
  let caPem: string | undefined;
  try {
    caPem = ca === undefined ? undefined : readFileSync(ca, 'utf8');
  } catch {
    throw new InvalidPushFileError('PUSH_TLS_CA_FILE', `${ca} is not readable`);
  }
  return new PushConfig(
    webPushConfig(settings),
    apnsConfig(settings),
    fcmConfig(settings),
    caPem,
    settings.PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS ?? configuration.core.NODE_ENV !== 'production',
    settings.PUSH_AFTER_MS,
    configuration.get(NudgeSettings).NUDGE_MAX_AGE_SECONDS * 1000,
  );
}
