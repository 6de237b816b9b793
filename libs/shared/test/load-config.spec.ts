import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError, loadConfig } from '@sighej/shared';

describe('loadConfig', () => {
  const original = process.cwd();
  let directory: string;
  const saved = { ...process.env };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sighej-config-'));
    process.chdir(directory);
  });

  afterEach(() => {
    process.chdir(original);
    rmSync(directory, { recursive: true, force: true });
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('reads .env from the working directory', async () => {
    writeFileSync('.env', 'SESSION_TTL_SECONDS=321\nSTATS_TIMEZONE=Europe/Stockholm\n');
    const env = await loadConfig();
    expect(env.SESSION_TTL_SECONDS).toBe(321);
    expect(env.STATS_TIMEZONE).toBe('Europe/Stockholm');
  });

  it('lets the real environment win over .env', async () => {
    writeFileSync('.env', 'SESSION_TTL_SECONDS=321\n');
    process.env.SESSION_TTL_SECONDS = '654';
    expect((await loadConfig()).SESSION_TTL_SECONDS).toBe(654);
  });

  it('works without a .env file', async () => {
    delete process.env.SESSION_TTL_SECONDS;
    expect((await loadConfig()).SESSION_TTL_SECONDS).toBe(7200);
  });

  it('refuses a bad value from .env with the variable named', async () => {
    writeFileSync('.env', 'SESSION_TTL_SECONDS=soon\n');
    delete process.env.SESSION_TTL_SECONDS;
    await expect(loadConfig()).rejects.toThrow(InvalidConfigError);
    await expect(loadConfig()).rejects.toThrow(/SESSION_TTL_SECONDS/);
  });
});
