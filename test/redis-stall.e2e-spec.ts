import { COMMAND_TIMEOUT_MS } from '@sighej/shared';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import request from 'supertest';
import { topologyPort } from '../tools/chaos/cluster-faults';
import { appForSuite, clusterFaultsForSuite } from './support/fixtures';
import { until } from './support/failover-traffic';
import { needsTopology, optionalRedisTarget } from './support/redis-targets';
import { createSession, CreatedSession, match } from './support/sessions';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** A port of `.ci/redis-topologies.sh`'s range that it leaves free: a private server to stall. */
const PORT = topologyPort(15);
/** Slack for the event loop and the HTTP round trip on a busy 2-core machine. */
const SLACK_MS = 400;

interface Timed {
  startedAt: number;
  tookMs: number;
  status: number;
}

async function timed(call: () => Promise<{ status: number }>): Promise<Timed> {
  const startedAt = Date.now();
  const { status } = await call();
  return { startedAt, tookMs: Date.now() - startedAt, status };
}

describe('a stalled Redis (SIGSTOP)', () => {
  let server: ChildProcess;
  let t: TestApp;
  let phones: [CreatedSession, CreatedSession];

  beforeAll(async () => {
    server = spawn(
      'redis-server',
      ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    const probe = new Redis({ port: PORT, lazyConnect: true, retryStrategy: () => 100 });
    await until('the private Redis', async () => (await probe.ping()) === 'PONG', 10_000);
    probe.disconnect();
    t = await startTestApp({ redisUrl: `redis://127.0.0.1:${PORT}` });
    phones = [await createSession(t.url, ['chess']), await createSession(t.url, ['chess'])];
  });
  afterAll(async () => {
    server.kill('SIGCONT');
    await t.close();
    server.kill('SIGTERM');
  });

  it('fails each request within the command timeout, answers /health within 1 s, and serves again after SIGCONT', async () => {
    expect((await match(t.url, phones[0], phones[1].bleToken)).status).toBe(200);
    server.kill('SIGSTOP');
    const stoppedAt = Date.now();
    // Phones keep calling while Redis answers nothing.
    const calls: Promise<Timed>[] = [];
    for (let n = 0; n < 12; n++) {
      calls.push(timed(() => match(t.url, phones[n % 2], phones[(n + 1) % 2].bleToken)));
      calls.push(
        timed(() =>
          request(t.url)
            .post('/session')
            .send({ interests: ['chess'] }),
        ),
      );
      await sleep(250);
    }
    const health = await Promise.all([0, 1, 2].map(() => timed(() => request(t.url).get('/health'))));
    const answers = await Promise.all(calls);
    server.kill('SIGCONT');

    const failed = answers.filter((answer) => answer.status === 503);
    const summary = {
      answers: answers.length,
      unavailable: failed.length,
      firstUnavailableAfterMs:
        Math.min(...failed.map((answer) => answer.startedAt + answer.tookMs)) - stoppedAt,
      slowestFailureMs: Math.max(...failed.map((answer) => answer.tookMs)),
      slowestHealthMs: Math.max(...health.map((answer) => answer.tookMs)),
    };
    console.log(`SIGSTOP of Redis: ${JSON.stringify(summary)}`);
    expect(answers.every((answer) => answer.status === 503)).toBe(true);
    expect(summary.slowestFailureMs).toBeLessThanOrEqual(COMMAND_TIMEOUT_MS + SLACK_MS);
    expect(health.every((answer) => answer.status === 503 && answer.tookMs <= 1000)).toBe(true);

    await until(
      'service after SIGCONT',
      async () => (await match(t.url, phones[0], phones[1].bleToken)).status === 200,
    );
    expect((await request(t.url).get('/health')).status).toBe(200);
  });
});

const cluster = optionalRedisTarget('cluster');
if (cluster === undefined) it.skip(needsTopology('TEST_REDIS_CLUSTER_URL'), () => undefined);
else
  describe('a Cluster master stalled (SIGSTOP) until its replica takes over', () => {
    const t = appForSuite({ redisUrl: cluster.url });
    const faults = clusterFaultsForSuite(cluster.url);

    it('fails each request within the command timeout, also those that arrive while a batch to it waits', async () => {
      // Phones out of step: new requests keep coming while the stalled master holds a batch
      // (ioredis sends the next batch for a node only after it), each from its own phone. A
      // `/match` makes several Redis operations in a row (the session, the sighting, ...).
      const pairs = await Promise.all(
        Array.from({ length: 4 }, async () => [
          await createSession(t.url, ['chess']),
          await createSession(t.url, ['chess']),
        ]),
      );
      let running = true;
      const answers: Timed[] = [];
      const phone = async (n: number): Promise<void> => {
        const [own, other] = pairs[n % pairs.length];
        for (let call = 0; running; call++) {
          answers.push(
            await timed(() =>
              call % 2 === 0
                ? request(t.url)
                    .post('/session')
                    .send({ interests: ['chess'] })
                : match(t.url, own, other.bleToken),
            ),
          );
          await sleep(Math.random() * 200);
        }
      };
      const phones = Array.from({ length: 8 }, (_, n) => phone(n));
      await sleep(300);
      await faults.stallUntilFailover(await faults.victim());
      await until('service after the failover', () =>
        Promise.resolve(answers.slice(-6).every((answer) => answer.status === 201 || answer.status === 200)),
      );
      running = false;
      await Promise.all(phones);

      const failed = answers.filter((answer) => answer.status === 503);
      const summary = {
        answers: answers.length,
        unavailable: failed.length,
        slowestFailureMs: Math.max(...failed.map((answer) => answer.tookMs)),
      };
      console.log(`SIGSTOP of a Cluster master until failover: ${JSON.stringify(summary)}`);
      expect(answers.every((answer) => [200, 201, 503].includes(answer.status))).toBe(true);
      expect(failed.length).toBeGreaterThan(0);
      expect(summary.slowestFailureMs).toBeLessThanOrEqual(COMMAND_TIMEOUT_MS + SLACK_MS);
    });
  });
