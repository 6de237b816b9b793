import { IsString } from 'class-validator';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntSetting, InvalidConfigError, readConfiguration } from '@sighej/shared';

class VenueSettings {
  @IntSetting({ min: 1 })
  VENUE_TTL_SECONDS = 7200;

  @IsString()
  VENUE_ZONE = 'UTC';
}

describe('readConfiguration', () => {
  const original = process.cwd();
  let directory: string;
  const saved = { ...process.env };
  const venue = async (): Promise<VenueSettings> =>
    (await readConfiguration([VenueSettings])).get(VenueSettings);

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
    writeFileSync('.env', 'VENUE_TTL_SECONDS=321\nVENUE_ZONE=Europe/Stockholm\nREDIS_KEY_PREFIX=venue:\n');
    const configuration = await readConfiguration([VenueSettings]);
    expect(configuration.get(VenueSettings)).toMatchObject({
      VENUE_TTL_SECONDS: 321,
      VENUE_ZONE: 'Europe/Stockholm',
    });
    expect(configuration.core.REDIS_KEY_PREFIX).toBe('venue:');
  });

  it('lets the real environment win over .env', async () => {
    writeFileSync('.env', 'VENUE_TTL_SECONDS=321\n');
    process.env.VENUE_TTL_SECONDS = '654';
    expect((await venue()).VENUE_TTL_SECONDS).toBe(654);
  });

  it('works without a .env file', async () => {
    delete process.env.VENUE_TTL_SECONDS;
    expect((await venue()).VENUE_TTL_SECONDS).toBe(7200);
  });

  it('refuses a bad value from .env with the variable named', async () => {
    writeFileSync('.env', 'VENUE_TTL_SECONDS=soon\n');
    delete process.env.VENUE_TTL_SECONDS;
    await expect(venue()).rejects.toThrow(InvalidConfigError);
    await expect(venue()).rejects.toThrow(/VENUE_TTL_SECONDS/);
  });
});
