import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Browser, chromiumInstalled, launchChromium, PageProblems, text } from './support/browser';
import { BUILT_MAIN, RunningApp, spawnApp } from './support/built-app';

jest.setTimeout(120_000);

const KEY = 'test-admin-key-0123456789';
const describeInBrowser = chromiumInstalled() ? describe : describe.skip;

/** The admin page of the built service in embedded mode (no Redis, no Postgres server), with k = 1. */
describeInBrowser('admin page in Chromium, embedded mode', () => {
  let browser: Browser;
  let service: RunningApp;
  let dataDir: string;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sighej-admin-embedded-'));
    browser = await launchChromium();
    service = await spawnApp(
      BUILT_MAIN,
      { EMBEDDED_DATA_DIR: dataDir, ADMIN_API_KEY: KEY, STATS_MIN_CATEGORY_COUNT: '1', LOG_LEVEL: 'warn' },
      // A fresh embedded Postgres boots in seconds, far slower on a busy machine.
      90_000,
    );
  });
  afterAll(async () => {
    await browser?.close();
    if (service !== undefined) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what stands in for Redis and Postgres instead of claiming them up, and counts in the singular', async () => {
    page = await browser.context.newPage();
    const problems = await PageProblems.watch(page);
    await page.goto(`${service.url}/admin`);
    await page.fill('#admin-key', KEY);
    await page.click('#login button[type=submit]');
    await page.locator('#health-details li').nth(1).waitFor();
    expect(await page.locator('#health-details li').allInnerTexts()).toEqual([
      'sessions and nudges (in this process, no Redis): up',
      'stats (embedded Postgres, PGlite): up',
    ]);
    expect(await text(page, '#deployment')).toMatch(/^Embedded mode: one process .*\(no Redis\)/);
    expect(await text(page, '#top-categories + .hint')).toMatch(/fewer than 1 time on a day/);
    expect(await text(page, '#time-zone')).toBe('UTC');
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
