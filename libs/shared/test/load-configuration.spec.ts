import { IsOptional, Matches } from 'class-validator';
import {
  CrossFieldChecks,
  InvalidConfigError,
  IntSetting,
  loadConfiguration,
  retiredVariableWarnings,
  Secret,
} from '../src/config';

/** A lib's settings as the mechanism sees them: its own fields, a secret, and a check across fields. */
class KitchenSettings implements CrossFieldChecks {
  @IntSetting({ min: 1 })
  KITCHEN_OVENS = 2;

  @IntSetting({ min: 1 })
  KITCHEN_COOKS = 3;

  @IsOptional()
  @Matches(/^[a-z]{12}$/, { message: 'must be 12 lower-case letters' })
  @Secret()
  KITCHEN_SAFE_CODE?: string = undefined;

  crossFieldProblems(): string[] {
    return this.KITCHEN_COOKS < this.KITCHEN_OVENS ? ['KITCHEN_COOKS: must be at least KITCHEN_OVENS'] : [];
  }
}

const loadEnv = (source: Record<string, string>) => loadConfiguration([KitchenSettings], source).core;

function problemsOf(source: Record<string, string>): string {
  try {
    loadConfiguration([KitchenSettings], source);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfiguration error messages', () => {
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
    expect(problemsOf({ REQUEST_TIMEOUT_MS: 'eighty' })).toMatch(/REQUEST_TIMEOUT_MS: .*"eighty"/);
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

describe('loadConfiguration in production', () => {
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

describe('loadConfiguration with the settings of a lib', () => {
  it('reads them beside the core, with their defaults', () => {
    const configuration = loadConfiguration([KitchenSettings], { KITCHEN_COOKS: '7' });
    expect(configuration.get(KitchenSettings)).toMatchObject({ KITCHEN_OVENS: 2, KITCHEN_COOKS: 7 });
    expect(configuration.core.REDIS_KEY_PREFIX).toBe('sighej:');
  });

  it('lists every bad variable of every class in one message', () => {
    const message = problemsOf({ KITCHEN_OVENS: 'many', LIMIT_KEY_SECRET: 'short', NODE_ENV: 'stage' });
    for (const name of ['KITCHEN_OVENS', 'LIMIT_KEY_SECRET', 'NODE_ENV'])
      expect(message).toContain(`${name}: `);
    expect(message).toMatch(/KITCHEN_OVENS: .*"many"/);
  });

  it('runs the checks across fields once each field is valid, beside the other problems', () => {
    expect(problemsOf({ KITCHEN_OVENS: '4', KITCHEN_COOKS: '2', ADMIN_API_KEY: 'short' })).toMatch(
      /ADMIN_API_KEY: .*; KITCHEN_COOKS: must be at least KITCHEN_OVENS/,
    );
  });

  it('never echoes a setting a lib marks secret', () => {
    const message = problemsOf({ KITCHEN_SAFE_CODE: 'Hunter2-s3cret' });
    expect(message).toContain(
      'KITCHEN_SAFE_CODE: must be 12 lower-case letters (a secret of 14 characters, not shown)',
    );
    expect(message).not.toContain('Hunter2-s3cret');
  });

  it('refuses two classes that read one variable', () => {
    class OtherKitchen {
      @IntSetting()
      KITCHEN_OVENS = 1;
    }
    expect(() => loadConfiguration([KitchenSettings, OtherKitchen], {})).toThrow(
      'KITCHEN_OVENS is declared by both KitchenSettings and OtherKitchen',
    );
  });

  it('refuses to hand out a class it did not load', () => {
    expect(() => loadConfiguration([], {}).get(KitchenSettings)).toThrow(/KitchenSettings is not part/);
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
