import { NudgeSettings } from '@sighej/nudge';
import { InvalidConfigError, loadConfiguration } from '@sighej/shared';
import { loadPushConfig } from '../src/push-config';
import { PushSettings } from '../src/push.settings';

const load = (source: Record<string, string>) => loadConfiguration([PushSettings, NudgeSettings], source);
const push = (source: Record<string, string>): PushSettings => load(source).get(PushSettings);

function problemsOf(source: Record<string, string>): string {
  try {
    load(source);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('push settings', () => {
  const vapid = {
    PUSH_WEBPUSH_VAPID_PUBLIC_KEY: `B${'a'.repeat(86)}`,
    PUSH_WEBPUSH_VAPID_PRIVATE_KEY: 'p'.repeat(43),
    PUSH_WEBPUSH_SUBJECT: 'mailto:ops@example.org',
  };

  it('takes a provider with all of its settings, and none', () => {
    expect(push(vapid).PUSH_WEBPUSH_SUBJECT).toBe('mailto:ops@example.org');
    expect(push({}).PUSH_WEBPUSH_SUBJECT).toBeUndefined();
  });

  it('names the missing settings of a half-configured provider', () => {
    expect(problemsOf({ PUSH_APNS_KEY_FILE: '/keys/apns.p8', PUSH_APNS_KEY_ID: 'ABC123DEFG' })).toMatch(
      /PUSH_APNS_TEAM_ID: is required when any apns push setting is set[\s\S]*PUSH_APNS_TOPIC/,
    );
  });

  it('never echoes the VAPID private key', () => {
    const message = problemsOf({ ...vapid, PUSH_WEBPUSH_VAPID_PRIVATE_KEY: 'not-a-key-s3cret' });
    expect(message).toContain('PUSH_WEBPUSH_VAPID_PRIVATE_KEY');
    expect(message).not.toContain('not-a-key-s3cret');
  });

  it('refuses a reclaim time that a slow send could outlast', () => {
    expect(problemsOf({ PUSH_SEND_TIMEOUT_MS: '5000', PUSH_RECLAIM_AFTER_MS: '5000' })).toMatch(
      /PUSH_RECLAIM_AFTER_MS: must be longer than PUSH_SEND_TIMEOUT_MS/,
    );
  });

  it('allows private Web Push endpoints by default only outside production', () => {
    const production = {
      NODE_ENV: 'production',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sighej',
      ADMIN_API_KEY: 'a'.repeat(32),
      LIMIT_KEY_SECRET: 'b'.repeat(32),
    };
    const allowed = (source: Record<string, string>): boolean =>
      loadPushConfig(load(source)).allowPrivateEndpoints;
    expect(allowed({})).toBe(true);
    expect(allowed({ PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'false' })).toBe(false);
    expect(allowed(production)).toBe(false);
  });
});
