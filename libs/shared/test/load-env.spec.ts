import { InvalidConfigError, loadEnv, retiredVariableWarnings } from '../src/config';

function problemsOf(source: Record<string, string>): string {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadEnv error messages', () => {
  it.each([
    ['ADMIN_API_KEY', 'hunter2'],
    ['METRICS_TOKEN', 'short-tok'],
    ['LIMIT_KEY_SECRET', 'tiny-secret'],
  ])('name %s and what it needs, never its value', (name, value) => {
    const message = problemsOf({ [name]: value });
    expect(message).toContain(name);
    expect(message).toMatch(/at least 16 characters/);
    expect(message).not.toContain(value);
  });

  it('never echo a URL that may carry a password', () => {
    const message = problemsOf({ NODE_ENV: 'production', REDIS_URL: 'http://user:s3cret-pw@redis:6379' });
    expect(message).toContain('REDIS_URL');
    expect(message).not.toContain('s3cret-pw');
  });

  it('still show a harmless rejected value', () => {
    expect(problemsOf({ PORT: 'eighty' })).toMatch(/PORT: .*"eighty"/);
  });
});

/** Everything production requires, with secrets long enough. */
const production = {
  NODE_ENV: 'production',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sighej',
  ADMIN_API_KEY: 'a'.repeat(32),
  LIMIT_KEY_SECRET: 'b'.repeat(32),
};

describe('loadEnv in production', () => {
  it('boots with long secrets', () => {
    expect(loadEnv(production).NODE_ENV).toBe('production');
  });

  it('requires LIMIT_KEY_SECRET', () => {
    expect(() => loadEnv({ ...production, LIMIT_KEY_SECRET: '' })).toThrow(
      /LIMIT_KEY_SECRET: is required when NODE_ENV=production/,
    );
  });

  it.each(['ADMIN_API_KEY', 'METRICS_TOKEN', 'LIMIT_KEY_SECRET'])(
    'refuses a %s shorter than 32 characters without printing it',
    (name) => {
      const short = 'short-but-valid-16+';
      let message = '';
      try {
        loadEnv({ ...production, [name]: short });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(new RegExp(`${name}: must be at least 32 characters.*openssl rand`));
      expect(message).not.toContain(short);
    },
  );
});

describe('loadEnv push settings', () => {
  const vapid = {
    PUSH_WEBPUSH_VAPID_PUBLIC_KEY: `B${'a'.repeat(86)}`,
    PUSH_WEBPUSH_VAPID_PRIVATE_KEY: 'p'.repeat(43),
    PUSH_WEBPUSH_SUBJECT: 'mailto:ops@example.org',
  };

  it('takes a provider with all of its settings, and none', () => {
    expect(loadEnv(vapid).PUSH_WEBPUSH_SUBJECT).toBe('mailto:ops@example.org');
    expect(loadEnv({}).PUSH_WEBPUSH_SUBJECT).toBeUndefined();
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
    expect(loadEnv({}).pushAllowsPrivateEndpoints).toBe(true);
    expect(loadEnv({ PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'false' }).pushAllowsPrivateEndpoints).toBe(false);
    expect(loadEnv(production).pushAllowsPrivateEndpoints).toBe(false);
  });
});

describe('LIMIT_KEY_SECRET outside production', () => {
  it('is drawn at random per process when unset: the same within the process, never a fixed default', () => {
    const first = loadEnv({});
    expect(first.limitKeySecretDrawn).toBe(true);
    expect(first.limitKeySecret.length).toBeGreaterThanOrEqual(32);
    expect(loadEnv({}).limitKeySecret).toBe(first.limitKeySecret);
    const set = loadEnv({ LIMIT_KEY_SECRET: 'c'.repeat(32) });
    expect([set.limitKeySecret, set.limitKeySecretDrawn]).toEqual(['c'.repeat(32), false]);
  });
});

describe('retiredVariableWarnings', () => {
  it('says nothing when INTEREST_HASH_SECRET is not set', () => {
    expect(retiredVariableWarnings({ LIMIT_KEY_SECRET: 'x' })).toEqual([]);
    expect(retiredVariableWarnings({ INTEREST_HASH_SECRET: ' ' })).toEqual([]);
  });

  it('gives one line saying it is no longer used and, with no LIMIT_KEY_SECRET, to rename it', () => {
    const secret = 'an-old-interest-hash-secret-0123456789';
    const [line, ...more] = retiredVariableWarnings({ INTEREST_HASH_SECRET: secret });
    expect(more).toEqual([]);
    expect(line).toMatch(/INTEREST_HASH_SECRET is no longer used.*rename it to LIMIT_KEY_SECRET/);
    expect(line).not.toContain(secret);
    expect(
      retiredVariableWarnings({ INTEREST_HASH_SECRET: secret, LIMIT_KEY_SECRET: 'x'.repeat(32) }),
    ).toEqual([expect.stringMatching(/INTEREST_HASH_SECRET is no longer used.*; remove it$/)]);
  });
});
