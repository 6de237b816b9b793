import { parseRedisUrl } from '@sighej/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { optionalRedisTarget } from './support/redis-targets';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A demoted primary (what a standalone client sees after a failover, or after REPLICAOF)
 * still answers reads, so a PING says "up"; every write answers READONLY. The service must
 * say 503 naming Redis, and /health must send the load balancer elsewhere.
 */
const sentinel = optionalRedisTarget('sentinel');
if (sentinel === undefined) it.skip('a read-only Redis (needs TEST_REDIS_SENTINEL_URL)', () => undefined);
else
  describe('connected straight to a replica (a demoted primary)', () => {
    let t: TestApp;
    beforeAll(async () => {
      const parsed = parseRedisUrl(sentinel.url);
      if (parsed.kind !== 'sentinel') throw new Error('not a Sentinel URL');
      const watcher = new Redis(parsed.sentinels[0]);
      const replicas = (await watcher.call('SENTINEL', 'REPLICAS', parsed.masterName)) as unknown[];
      watcher.disconnect(); // Sentinel 7.0 has no QUIT.
      const fields = replicas[0];
      // RESP3 answers maps, RESP2 flat [name, value, …] lists.
      const entries =
        fields instanceof Map ? [...(fields as Map<string, string>).entries()] : pairs(fields as string[]);
      const replica = Object.fromEntries(entries) as Record<string, string>;
      const password = encodeURIComponent(parsed.password ?? '');
      t = await startTestApp({ redisUrl: `redis://:${password}@${replica.ip}:${replica.port}/0` });
    });
    afterAll(() => t.close());

    it('answers writes 503 naming Redis, and /health 503', async () => {
      const created = await request(t.url)
        .post('/session')
        .send({ interests: ['jazz'] });
      expect(created.status).toBe(503);
      expect(created.body.message).toMatch(/Redis/);
      const health = await request(t.url).get('/health');
      expect(health.status).toBe(503);
      // Either the READONLY reply already made the client reconnect, or ROLE says replica.
      expect(health.body.error.redis.message).toMatch(/replica|not connected/);
    });
  });

function pairs(flat: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) result.push([flat[i], flat[i + 1]]);
  return result;
}
