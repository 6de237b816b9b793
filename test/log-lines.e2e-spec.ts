import { once } from 'node:events';
import { BUILT_MAIN, serviceDeployment, spawnApp } from './support/built-app';
import { TcpProxy } from './support/tcp-proxy';
import { TEST_REDIS_URL } from './support/test-services';

jest.setTimeout(60_000);

type LogLine = Record<string, unknown> & { level: number; msg: string; context?: string };

const jsonLines = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

describe('logs: one line per event', () => {
  const deployment = serviceDeployment();
  const { prefix } = deployment;

  it('logs a 503 once, at warn with its reason and no stack, and the shutdown steps', async () => {
    const redisHost = new URL(TEST_REDIS_URL);
    const proxy = await new TcpProxy(redisHost.hostname, Number(redisHost.port || 6379)).start();
    const app = await spawnApp(BUILT_MAIN, {
      REDIS_URL: proxy.wrap(TEST_REDIS_URL),
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: deployment.databaseUrl,
      INTEREST_HASH_SECRET: 'test-interest-hash-secret',
      RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
    });
    const closed = once(app.child, 'close');
    try {
      proxy.cut();
      const response = await fetch(`${app.url}/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'one-503' },
        body: JSON.stringify({ interests: ['chess'] }),
      });
      expect(response.status).toBe(503);
      await new Promise((done) => setTimeout(done, 300));
      // The request's own line and any other line about it (Redis's connection events are their own).
      const about503 = jsonLines(app.output()).filter(
        (line) =>
          'req' in line || line.context === 'DomainErrorFilter' || /stack|status code 503/.test(line.msg),
      );
      expect(about503).toHaveLength(1);
      expect(about503[0]).toMatchObject({
        level: 40,
        req: { id: 'one-503', method: 'POST', route: '/session' },
        res: { statusCode: 503 },
        msg: expect.stringMatching(/^unavailable: Redis is unavailable/),
      });
      expect(about503[0]).not.toHaveProperty('err');
      expect(JSON.stringify(about503[0])).not.toMatch(/stack|failed with status code/);
    } finally {
      proxy.restore();
      app.child.kill('SIGTERM');
      await app.exited;
      await proxy.stop();
    }
    // 'exit' can come before the last output is read: wait for the pipes to close.
    await closed;
    const shutdown = jsonLines(app.output())
      .filter((line) => line.context === 'Shutdown')
      .map((line) => line.msg);
    // Every step, to the last: lines are written before the process ends by the signal.
    expect(shutdown).toEqual([
      'SIGTERM: shutting down',
      'readiness off (/health 503); answering for 0 ms more',
      'listener closed: no new HTTP requests',
      'WebSockets closed (1001)',
      'stats flushed (spooled counts: 0, lost counts: 0)',
      'closing the stores (Redis, database); exiting',
    ]);
  });
});
