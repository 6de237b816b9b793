import { Keyspace, RedisCommands, SecretFingerprint } from '@sighej/shared';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { LimitKeySecretWatch } from '../apps/api/src/health/limit-key-secret-watch';
import {
  afterBootLine,
  bootToExit,
  BUILT_MAIN,
  RunningApp,
  serviceDeployment,
  spawnApp,
} from './support/built-app';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';

jest.setTimeout(60_000);

const SECRET_A = 'limit-key-e2e-first-0123456789ab';
const SECRET_B = 'limit-key-e2e-other-0123456789ab';

/** What the service stores: HMAC-SHA256(secret, "sighej fingerprint") in hex. */
const fingerprintOf = (secret: string): string =>
  createHmac('sha256', secret).update('sighej fingerprint').digest('hex');

const stop = async (app: RunningApp): Promise<void> => {
  app.child.kill('SIGTERM');
  await app.exited;
};

describe('one LIMIT_KEY_SECRET per Redis and key prefix', () => {
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(() => redis.quit());

  describe('at boot (the built service: npm run build first)', () => {
    const shared = serviceDeployment();
    const { prefix } = shared;
    const key = SecretFingerprint.key(new Keyspace(prefix));

    const deployment = (secret: string): Record<string, string> => ({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: shared.databaseUrl,
      LIMIT_KEY_SECRET: secret,
    });

    it('refuses a second process with another secret in one line naming LIMIT_KEY_SECRET, and starts one with the same secret', async () => {
      const first = await spawnApp(BUILT_MAIN, deployment(SECRET_A));
      try {
        const created = await fetch(`${first.url}/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ interests: ['chess'] }),
        });
        expect(created.status).toBe(201);
        expect(await redis.get(key)).toBe(fingerprintOf(SECRET_A));

        const refused = await bootToExit(BUILT_MAIN, deployment(SECRET_B));
        expect(refused.code).toBe(1);
        expect(afterBootLine(refused.output)).toEqual([
          'LIMIT_KEY_SECRET differs from the one the other instances on this Redis and key prefix use ' +
            `(fingerprint ${fingerprintOf(SECRET_B).slice(0, 8)} here, ${fingerprintOf(SECRET_A).slice(0, 8)} in ${key}); ` +
            `every instance needs the same secret (to rotate it: stop them all, then DEL ${key})`,
        ]);
        expect(refused.output).not.toContain(SECRET_B);
        expect(refused.output).not.toContain(SECRET_A);
        // The refused one changed nothing.
        expect(await redis.get(key)).toBe(fingerprintOf(SECRET_A));

        const second = await spawnApp(BUILT_MAIN, deployment(SECRET_A));
        try {
          expect((await fetch(`${second.url}/health`)).status).toBe(200);
          expect((await fetch(`${first.url}/health`)).status).toBe(200);
        } finally {
          await stop(second);
        }
      } finally {
        await stop(first);
      }
    });
  });

  describe('a deployment without a shared secret (the built service)', () => {
    const shared = serviceDeployment();

    it('refuses an instance without LIMIT_KEY_SECRET beside instances that share one, in one line', async () => {
      const key = SecretFingerprint.key(new Keyspace(shared.prefix));
      await redis.set(key, fingerprintOf(SECRET_A));
      try {
        const refused = await bootToExit(BUILT_MAIN, {
          REDIS_URL: TEST_REDIS_URL,
          REDIS_KEY_PREFIX: shared.prefix,
          DATABASE_URL: shared.databaseUrl,
        });
        expect(refused.code).toBe(1);
        expect(afterBootLine(refused.output)).toEqual([
          'LIMIT_KEY_SECRET is unset here (a random one for this process), but the other instances on this ' +
            `Redis and key prefix share one (fingerprint ${fingerprintOf(SECRET_A).slice(0, 8)} in ${key}); set the same LIMIT_KEY_SECRET`,
        ]);
        expect(await redis.get(key)).toBe(fingerprintOf(SECRET_A));
      } finally {
        await redis.del(key);
      }
    });

    it('warns once, without the value, when INTEREST_HASH_SECRET is still set, and says to rename it', async () => {
      const old = 'an-old-interest-hash-secret-0123456789';
      const app = await spawnApp(BUILT_MAIN, {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: shared.prefix,
        DATABASE_URL: shared.databaseUrl,
        INTEREST_HASH_SECRET: old,
        LOG_LEVEL: 'warn',
      });
      try {
        const lines = app
          .output()
          .split('\n')
          .filter((line) => line.includes('INTEREST_HASH_SECRET'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/INTEREST_HASH_SECRET is no longer used.*rename it to LIMIT_KEY_SECRET/);
        expect(app.output()).not.toContain(old);
      } finally {
        await stop(app);
      }
    });
  });

  describe('while running', () => {
    let service: TestApp;
    let key: string;
    beforeAll(async () => {
      service = await startTestApp();
      key = SecretFingerprint.key(new Keyspace(service.env.REDIS_KEY_PREFIX));
    });
    afterAll(() => service?.close());
    afterEach(() => jest.restoreAllMocks());

    const health = (): request.Test => request(service.app.getHttpServer()).get('/health');
    const watch = (): LimitKeySecretWatch => service.app.get(LimitKeySecretWatch);

    it('answers /health 503 with a coarse reason and logs one line once another fingerprint holds the key, and 200 once it matches again', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      await health().expect(200);
      await redis.set(key, fingerprintOf(SECRET_B));
      // What the 30 s timer runs; twice: still one line.
      await watch().check();
      await watch().check();

      const { body } = await health().expect(503);
      expect(body.error).toEqual({
        limit_key_secret: { status: 'down', message: "differs from the other instances'" },
      });
      const text = JSON.stringify(body);
      for (const hidden of [service.env.limitKeySecret, fingerprintOf(SECRET_B).slice(0, 8), key])
        expect(text).not.toContain(hidden);
      const lines = errors.mock.calls.map(([message]) => String(message));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^LIMIT_KEY_SECRET differs .*; readiness off \(\/health 503\) until it matches$/,
      );
      expect(lines[0]).not.toContain(service.env.limitKeySecret);

      // The operator deletes the key (a rotation): the next check sets this instance's fingerprint.
      await redis.del(key);
      await watch().check();
      expect(await redis.get(key)).toBe(fingerprintOf(service.env.limitKeySecret));
      await health().expect(200);
    });

    it('sets the fingerprint again as soon as the connection is back after Redis lost it', async () => {
      // As a flush or a restart without persistence would, then a reconnect.
      await redis.del(key);
      service.app.get(RedisCommands).disconnect(true);
      const deadline = Date.now() + 5000;
      while ((await redis.get(key)) === null && Date.now() < deadline) await sleep(50);
      expect(await redis.get(key)).toBe(fingerprintOf(service.env.limitKeySecret));
      await health().expect(200);
    });
  });
});
