import { InvalidConfigError, loadEnv } from '../src/config';

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
    ['INTEREST_HASH_SECRET', 'tiny-secret'],
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
