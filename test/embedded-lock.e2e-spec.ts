import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootToExit, BUILT_MAIN, RunningApp, spawnApp } from './support/built-app';

jest.setTimeout(60_000);

const ADMIN_API_KEY = 'test-admin-key-0123456789';

const createSession = (app: RunningApp): Promise<number> =>
  fetch(`${app.url}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ interests: ['chess'] }),
  }).then((response) => response.status);

const sessionsToday = async (app: RunningApp): Promise<number> => {
  const response = await fetch(`${app.url}/stats`, { headers: { Authorization: `Bearer ${ADMIN_API_KEY}` } });
  return ((await response.json()) as { total_sessions_today: number }).total_sessions_today;
};

describe('one process per embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sighej-lock-'));
  const lockFile = join(dataDir, 'sighej.lock');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = (): Promise<RunningApp> =>
    spawnApp(
      BUILT_MAIN,
      { EMBEDDED_DATA_DIR: dataDir, ADMIN_API_KEY, STATS_FLUSH_INTERVAL_MS: '100' },
      90_000,
    );

  it('refuses a second process on the same directory with one line naming EMBEDDED_DATA_DIR and the owner', async () => {
    const first = await start();
    try {
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.child.pid));
      const second = await bootToExit(BUILT_MAIN, { EMBEDDED_DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expect(second.output.trim().split('\n')).toEqual([
        `EMBEDDED_DATA_DIR ${dataDir} is in use by another SigHej process (pid ${first.child.pid}); ` +
          'stop it, or give this one its own EMBEDDED_DATA_DIR (embedded mode is one instance only)',
      ]);
      // The first one is untouched and still counts.
      expect(await createSession(first)).toBe(201);
      expect(await createSession(first)).toBe(201);
      await new Promise((done) => setTimeout(done, 300));
      expect(await sessionsToday(first)).toBe(2);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    expect(existsSync(lockFile)).toBe(false);
  }, 200_000);

  it('takes over a stale lock whose process is gone (SIGKILL) and keeps every count', async () => {
    const crashed = await start();
    expect(await createSession(crashed)).toBe(201);
    await new Promise((done) => setTimeout(done, 500)); // flushed on the 100 ms timer
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect(existsSync(lockFile)).toBe(true);

    const next = await start();
    try {
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(next.child.pid));
      expect(await sessionsToday(next)).toBe(3);
    } finally {
      next.child.kill('SIGTERM');
      await next.exited;
    }
  }, 200_000);

  it('treats a lock naming a pid that does not run as stale', async () => {
    writeFileSync(lockFile, '2147483646\n');
    const app = await start();
    try {
      expect(await sessionsToday(app)).toBe(3);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  }, 200_000);
});
