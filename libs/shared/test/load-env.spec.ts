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

describe('loadEnv in production', () => {
  const production = {
    NODE_ENV: 'production',
    REDIS_URL: 'redis://127.0.0.1:6379',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sighej',
    ADMIN_API_KEY: 'a'.repeat(32),
    LIMIT_KEY_SECRET: 'b'.repeat(32),
  };

  it('boots with long secrets', () => {
    expect(loadEnv(production).NODE_ENV).toBe('production');
  });

  it('requires LIMIT_KEY_SECRET', () => {
    expect(() => loadEnv({ ...production, LIMIT_KEY_SECRET: '' })).toThrow(/LIMIT_KEY_SECRET: is required when NODE_ENV=production/);
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
