import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILT_MAIN, BUILT_SIMULATE, ROOT, RunningApp, spawnApp } from './support/built-app';

jest.setTimeout(180_000);

const run = promisify(execFile);

/** `npm run simulate -- --url` against an instance left at the default abuse limits. */
describe('the simulator against an instance with the default limits', () => {
  let service: RunningApp;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sighej-simulate-limits-'));
    service = await spawnApp(
      BUILT_MAIN,
      { EMBEDDED_DATA_DIR: join(scratch, 'data'), LOG_LEVEL: 'warn' },
      90_000,
    );
  });
  afterAll(async () => {
    if (service !== undefined) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reports the sessions the limit refused as errors, and the settings the instance needs', async () => {
    const svg = join(scratch, 'venue.svg');
    // 40 phones from one IP against 30 sessions per minute: some must be refused.
    const { stdout } = await run(
      process.execPath,
      [BUILT_SIMULATE, '--url', service.url, '--phones', '40', '--seconds', '4', '--svg', svg],
      { cwd: ROOT, timeout: 120_000 },
    ).catch((error: { stdout: string }) => error);
    const errors = /^\| errors +\| (.*) \|$/m.exec(stdout)?.[1] ?? '';
    expect(errors).toMatch(/429 POST \/session: \d+/);
    expect(stdout).toContain(
      'the instance must run with: RATE_LIMIT_SESSIONS_PER_MINUTE=0 RATE_LIMIT_MATCHES_PER_MINUTE=0 ' +
        'RATE_LIMIT_WS_CONNECTS_PER_MINUTE=0 RATE_LIMIT_ROTATIONS_PER_HOUR=0 ' +
        'RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE=0 MATCH_MUTUAL_WINDOW_SECONDS=30',
    );
    expect(readFileSync(svg, 'utf8')).toMatch(/errors \(see the table\)/);
  });
});
