import { runInNewContext } from 'node:vm';
import { COMMAND_TIMEOUT_MS, DependencyUnavailableError, isRedisUnavailable, redisOperation } from '../src';

const replyError = (message: string): Error => Object.assign(new Error(message), { name: 'ReplyError' });

describe('isRedisUnavailable', () => {
  it.each([
    'CLUSTERDOWN The cluster is down',
    "READONLY You can't write against a read only replica.",
    'LOADING Redis is loading the dataset in memory',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no',
    'MOVED 3999 127.0.0.1:6381',
    'ASK 3999 127.0.0.1:6381',
  ])('treats the failover reply "%s" as Redis being unavailable', (message) => {
    expect(isRedisUnavailable(replyError(message))).toBe(true);
  });

  it.each([
    "Cluster isn't ready and enableOfflineQueue options is false",
    'None of startup nodes is available',
    'Failed to refresh slots cache.',
    'All sentinels are unreachable. Retrying from scratch after 100ms.',
    'All keys in the pipeline should belong to the same slots allocation group',
  ])('treats the client error "%s" as Redis being unavailable', (message) => {
    expect(isRedisUnavailable(new Error(message))).toBe(true);
  });

  it("treats a socket error made in another realm (Node's own net, seen from a sandbox) alike", () => {
    expect(isRedisUnavailable(runInNewContext("new Error('read ECONNRESET')"))).toBe(true);
  });

  it('treats ClusterAllFailedError by name', () => {
    expect(isRedisUnavailable(Object.assign(new Error('x'), { name: 'ClusterAllFailedError' }))).toBe(true);
  });

  it('treats a MULTI aborted by a failover reply as unavailable, and one aborted by a bug as a bug', () => {
    const aborted = (cause: string): Error =>
      Object.assign(replyError('EXECABORT Transaction discarded because of previous errors.'), {
        previousErrors: [replyError(cause)],
      });
    expect(isRedisUnavailable(aborted('READONLY You can not write against a read only replica.'))).toBe(true);
    expect(isRedisUnavailable(aborted("ERR wrong number of arguments for 'zadd' command"))).toBe(false);
  });

  it('leaves refused commands (bugs) alone', () => {
    expect(
      isRedisUnavailable(replyError('WRONGTYPE Operation against a key holding the wrong kind of value')),
    ).toBe(false);
    expect(isRedisUnavailable(replyError("CROSSSLOT Keys in request don't hash to the same slot"))).toBe(
      false,
    );
    expect(isRedisUnavailable('READONLY')).toBe(false);
  });
});

describe('redisOperation', () => {
  const unsent = (): Error =>
    new Error('All keys in the pipeline should belong to the same slots allocation group');

  it('runs an operation once more when a reshard moved a slot under its batch before it was sent', async () => {
    let calls = 0;
    const operation = (): Promise<string> =>
      ++calls === 1 ? Promise.reject(unsent()) : Promise.resolve('ok');
    await expect(redisOperation(operation)).resolves.toBe('ok');
    expect(calls).toBe(2);
  });

  it('answers 503 when the second run is refused too, and never re-runs what Redis may have executed', async () => {
    await expect(redisOperation(() => Promise.reject(unsent()))).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    let calls = 0;
    const timedOut = (): Promise<never> => (calls++, Promise.reject(new Error('Command timed out')));
    await expect(redisOperation(timedOut)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(calls).toBe(1);
  });

  it('answers 503 at the deadline, counted from the call, however long the driver holds the operation', async () => {
    const started = performance.now();
    // A command ioredis holds back unsent (behind a stalled node's batch) never settles on its own.
    await expect(redisOperation(() => new Promise<never>(() => undefined))).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 5);
    expect(tookMs).toBeLessThan(COMMAND_TIMEOUT_MS + 300);
  });

  it('gives the re-run after an unsent batch what is left of the same deadline', async () => {
    const started = performance.now();
    let calls = 0;
    const operation = (): Promise<never> =>
      ++calls === 1
        ? new Promise((_, reject) => setTimeout(() => reject(unsent()), 1000))
        : new Promise<never>(() => undefined);
    await expect(redisOperation(operation)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(calls).toBe(2);
    expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + 300);
  });
});
