import { BUILT_MAIN, RunningApp, serviceDeployment, spawnApp } from './support/built-app';
import { TEST_REDIS_URL } from './support/test-services';

jest.setTimeout(60_000);

const GRACE_MS = 1500;
const WORKERS = 8;

interface Outcome {
  statuses: number[];
  errors: string[];
  closeHeaders: number;
  afterSigterm: number;
}

/**
 * Clients behaving like a load balancer: they keep sending (keep-alive connections) until a
 * health check says the instance is not ready, then send nothing new. Every request sent
 * before that must be answered.
 */
async function trafficAcrossSigterm(app: RunningApp): Promise<{ outcome: Outcome; health: number[] }> {
  const outcome: Outcome = { statuses: [], errors: [], closeHeaders: 0, afterSigterm: 0 };
  const health: number[] = [];
  let notReady = false;
  let sigtermAt = Infinity;
  const worker = async (): Promise<void> => {
    while (!notReady) {
      const sentAt = Date.now();
      try {
        const response = await fetch(`${app.url}/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ interests: ['chess'] }),
        });
        await response.arrayBuffer();
        outcome.statuses.push(response.status);
        if (sentAt > sigtermAt) outcome.afterSigterm += 1;
        if (sentAt > sigtermAt && response.headers.get('connection') === 'close') outcome.closeHeaders += 1;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        outcome.errors.push(cause?.code ?? cause?.message ?? String(error));
      }
    }
  };
  const poller = async (): Promise<void> => {
    while (!notReady) {
      const response = await fetch(`${app.url}/health`);
      const body = (await response.json()) as { error?: { shutdown?: { message?: string } } };
      health.push(response.status);
      if (response.status === 503) {
        expect(body.error?.shutdown?.message).toBe('shutting down');
        notReady = true;
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  };
  const running = [poller(), ...Array.from({ length: WORKERS }, worker)];
  await new Promise((done) => setTimeout(done, 500));
  sigtermAt = Date.now();
  app.child.kill('SIGTERM');
  await Promise.all(running);
  return { outcome, health };
}

describe('SIGTERM under load (SHUTDOWN_GRACE_MS)', () => {
  const deployment = serviceDeployment();
  const { prefix } = deployment;

  it('fails readiness first, answers every request sent before that, with Connection: close, then exits', async () => {
    const app = await spawnApp(BUILT_MAIN, {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: deployment.databaseUrl,
      INTEREST_HASH_SECRET: 'test-interest-hash-secret',
      RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });
    const startedAt = Date.now();
    const { outcome, health } = await trafficAcrossSigterm(app);
    const exit = await app.exited;

    expect(outcome.errors).toEqual([]); // no ECONNRESET, no socket hang up, no refused connection
    expect(outcome.statuses.filter((status) => status !== 201)).toEqual([]); // no 5xx
    expect(outcome.statuses.length).toBeGreaterThan(50);
    expect(outcome.afterSigterm).toBeGreaterThan(0);
    expect(outcome.closeHeaders).toBeGreaterThan(0);
    expect(health.at(-1)).toBe(503);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(GRACE_MS);
    console.log(
      `graceful shutdown: ${outcome.statuses.length} answered (${outcome.afterSigterm} sent after SIGTERM, ` +
        `${outcome.closeHeaders} with Connection: close), ${outcome.errors.length} errors`,
    );
  });
});
