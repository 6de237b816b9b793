import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILT_SIMULATE, ROOT } from './support/built-app';

jest.setTimeout(180_000);

const run = promisify(execFile);

interface Finished {
  stdout: string;
  stderr: string;
  code: number;
}

function simulate(...args: string[]): Promise<Finished> {
  return run(process.execPath, [BUILT_SIMULATE, ...args], { cwd: ROOT, timeout: 150_000 }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: Finished) => error,
  );
}

/** The number in the report row whose label starts with `label`. */
function row(stdout: string, label: string): number {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(`| ${label}`));
  if (line === undefined) throw new Error(`no row "${label}" in:\n${stdout}`);
  return Number(line.split('|')[2].trim().replace(/,/g, '').replace(/ ms$/, ''));
}

/** `npm run simulate -- --background`: phones in a pocket reached by Web Push, end to end. */
describe('the simulator with phones in a pocket', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'sighej-simulate-background-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reaches half the phones by push only: every nudge delivered, none pushed twice, none lost', async () => {
    const { stdout, code } = await simulate(
      ...['--phones', '60', '--seconds', '12', '--background', '0.5', '--svg', join(scratch, 'venue.svg')],
    );
    expect(code).toBe(0);
    expect(row(stdout, 'phones in a pocket')).toBe(30);
    expect(row(stdout, 'nudges lost')).toBe(0);
    expect(row(stdout, 'nudges duplicated')).toBe(0);
    expect(row(stdout, 'pushes duplicated')).toBe(0);
    expect(row(stdout, 'pushes lost')).toBe(0);
    expect(row(stdout, 'pushes refused by the push service')).toBe(0);
    const delivered = row(stdout, 'pushes delivered');
    expect(delivered).toBeGreaterThan(0);
    // The service sent each push once; each one reached its phone and decrypted with its key.
    expect(row(stdout, 'pushes sent')).toBe(delivered);
    expect(row(stdout, 'pushed nudges acked over the woken socket')).toBeGreaterThan(0);
    expect(row(stdout, 'push latency p50')).toBeGreaterThan(0);
    expect(row(stdout, 'push latency p99')).toBeGreaterThanOrEqual(row(stdout, 'push latency p50'));
    expect(stdout).toMatch(/^\| errors +\| +0 \|$/m);
  });

  it('refuses a share outside 0–1, and --background with --url (the simulator configures the push keys)', async () => {
    const share = await simulate('--background', '1.5');
    expect([share.code, share.stderr]).toEqual([
      2,
      expect.stringMatching(/^--background must be a share from 0 to 1/),
    ]);
    const url = await simulate('--background', '0.5', '--url', 'http://127.0.0.1:1');
    expect([url.code, url.stderr]).toEqual([
      2,
      expect.stringMatching(/^--background needs the embedded service/),
    ]);
  });
});
