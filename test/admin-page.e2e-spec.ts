// Code passed to page.evaluate() runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import request from 'supertest';
import {
  Browser,
  chromiumInstalled,
  CHROMIUM,
  launchChromium,
  PageProblems,
  screenshot,
  text,
} from './support/browser';
import { eventually } from './support/client-phone';
import { LocalPushProviders, startLocalPushProviders } from './support/push-providers/local-push-providers';
import { TestPhone } from './support/push-providers/test-phone';
import { createSession, match, meet } from './support/sessions';
import { sleep } from './support/sleep';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

const KEY = 'test-admin-key-0123456789';
const WRONG_KEY = 'wrong-admin-key-0123456789';
// Chromium reports every non-2xx fetch on the console; these are the ones a test provokes.
const EXPECTED_REFUSAL = /Failed to load resource: the server responded with a status of (401|429|503)/;

/** The admin's view of the API, for comparing with what the page shows. */
async function apiStats(t: TestApp, query = ''): Promise<Record<string, unknown>> {
  return (await request(t.url).get(`/stats${query}`).set('Authorization', `Bearer ${KEY}`).expect(200))
    .body as Record<string, unknown>;
}

async function signIn(page: Page, t: TestApp, key = KEY): Promise<void> {
  await page.goto(`${t.url}/admin`);
  await page.fill('#admin-key', key);
  await page.click('#login button[type=submit]');
}

/** Pixels of the "Sessions" bar colour in the lower half of the chart (the legend sits on top). */
function sessionBarPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.getElementById('daily-chart') as HTMLCanvasElement;
    const { data } = canvas
      .getContext('2d')!
      .getImageData(0, canvas.height / 2, canvas.width, canvas.height / 2);
    let pixels = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === 0x2f && data[i + 1] === 0x6f && data[i + 2] === 0xdb && data[i + 3] === 255)
        pixels += 1;
    }
    return pixels;
  });
}

if (!chromiumInstalled()) {
  console.warn(
    `\n!!! ADMIN PAGE BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM}. ` +
      'Install it with `apt-get install -y chromium` (.ci/run does so when it can). !!!\n',
  );
  describe('admin page in Chromium', () => {
    it.skip(`SKIPPED: no Chromium at ${CHROMIUM}, the admin page was not tested in a browser`, () =>
      undefined);
  });
}
const describeInBrowser = chromiumInstalled() ? describe : describe.skip;

describeInBrowser('admin page in Chromium (GET /admin)', () => {
  let browser: Browser;
  let t: TestApp;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    browser = await launchChromium();
    // k = 2 so that a handful of test sessions already shows top categories.
    t = await startTestApp({ env: { STATS_MIN_CATEGORY_COUNT: '2', STATS_TIMEZONE: 'Pacific/Auckland' } });
    const a = await createSession(t.url, ['jazz', 'devops']);
    const b = await createSession(t.url, ['Jazz', 'kubernetes']);
    await createSession(t.url, ['chess']);
    await match(t.url, a, b.bleToken).expect(200);
    await match(t.url, b, a.bleToken).expect(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    page = await browser.context.newPage();
    problems = await PageProblems.watch(page);
  });
  afterEach(async () => {
    await page.close();
  });

  it('asks for the key, then shows the figures, the chart, the categories and health the API reports', async () => {
    await page.goto(`${t.url}/admin`);
    await page.locator('#login').waitFor();
    expect(await page.locator('#dashboard').isHidden()).toBe(true);

    await signIn(page, t);
    await page
      .locator('#today-date')
      .filter({ hasText: /\d{4}-\d{2}-\d{2}/ })
      .waitFor();
    const stats = await apiStats(t);
    expect(stats).toMatchObject({ total_sessions_today: 3, total_matches_today: 1, active_sessions_now: 3 });
    expect(await text(page, '#sessions-today')).toBe(String(stats.total_sessions_today));
    expect(await text(page, '#matches-today')).toBe(String(stats.total_matches_today));
    expect(await text(page, '#active-now')).toBe(String(stats.active_sessions_now));
    expect(await text(page, '#today-date')).toBe(stats.date);
    expect(await page.locator('#top-categories li').allInnerTexts()).toEqual(stats.top_interest_categories);
    expect(stats.top_interest_categories).toEqual(['music', 'tech']);
    expect(await text(page, '#top-categories + .hint')).toMatch(/fewer than 2 times on a day/);
    expect(await text(page, '#time-zone')).toBe('Pacific/Auckland');
    expect(await text(page, '#matches-rule')).toMatch(
      /^A match is counted once per pair of sessions per day/,
    );

    await page.locator('#health-details li').nth(1).waitFor();
    expect(await page.locator('#health-details li').allInnerTexts()).toEqual(['redis: up', 'postgres: up']);
    expect(await text(page, '#health-status')).toBe('Serving phones');
    expect(await text(page, '#deployment')).toMatch(/^External mode: sessions, nudges and fan-out in Redis/);

    // The chart holds the API's 30-day series and has drawn today's bar.
    const day = String(stats.date);
    const from = new Date(`${day}T00:00:00Z`);
    from.setUTCDate(from.getUTCDate() - 29);
    const series = (
      await request(t.url)
        .get(`/stats/daily?from=${from.toISOString().slice(0, 10)}&to=${day}`)
        .set('Authorization', `Bearer ${KEY}`)
        .expect(200)
    ).body as { days: { total_sessions: number; total_matches: number }[] };
    const charted = await page.evaluate(() => {
      const chart = (
        window as unknown as {
          Chart: { getChart: (id: string) => { data: { datasets: { data: number[] }[] } } };
        }
      ).Chart.getChart('daily-chart');
      return chart.data.datasets.map((dataset) => dataset.data);
    });
    expect(charted).toEqual([
      series.days.map((entry) => entry.total_sessions),
      series.days.map((entry) => entry.total_matches),
    ]);
    expect(await sessionBarPixels(page)).toBeGreaterThan(50);

    await screenshot(page, 'admin-page');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.violations).toEqual([]);
  });

  it('keeps the key for this tab only: not in a cookie or the address, gone after signing out', async () => {
    await signIn(page, t);
    await page.locator('#dashboard').waitFor();
    expect(await browser.context.cookies()).toEqual([]);
    expect(page.url()).toBe(`${t.url}/admin`);
    expect(await page.evaluate(() => sessionStorage.getItem('sighej.adminKey'))).toBe(KEY);

    await page.reload();
    await page.locator('#dashboard').waitFor();
    const other = await browser.context.newPage();
    await other.goto(`${t.url}/admin`);
    await other.locator('#login').waitFor();
    await other.close();

    await page.click('#sign-out');
    await page.locator('#login').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sighej.adminKey'))).toBeNull();
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.violations).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, t);
    await page.locator('#today-date').filter({ hasText: /\d/ }).waitFor();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    expect(await page.locator('#daily-chart').boundingBox()).toMatchObject({ width: expect.any(Number) });
    expect((await page.locator('#daily-chart').boundingBox())!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-page-phone');
    expect(problems.consoleErrors).toEqual([]);
  });

  it('refreshes the figures by itself every 12 s', async () => {
    await signIn(page, t);
    await page.locator('#today-date').filter({ hasText: /\d/ }).waitFor();
    const before = Number(await text(page, '#sessions-today'));
    await createSession(t.url, ['poetry']);

    const started = Date.now();
    await page
      .locator('#sessions-today')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 16_000 });
    expect(Date.now() - started).toBeGreaterThan(5_000);
    expect(await text(page, '#active-now')).toBe(String((await apiStats(t)).active_sessions_now));
    expect(problems.consoleErrors).toEqual([]);
  });

  it('shows a past day picked in the date picker', async () => {
    await signIn(page, t);
    await page.locator('#today-date').filter({ hasText: /\d/ }).waitFor();
    const today = await text(page, '#today-date');
    await page.fill('#past-date', today);
    await page.click('#past-day button');
    await page.locator('#past-result').waitFor();
    const stats = await apiStats(t, `?date=${today}`);
    expect(await text(page, '#past-sessions')).toBe(String(stats.total_sessions_today));
    expect(await text(page, '#past-matches')).toBe(String(stats.total_matches_today));

    await page.fill('#past-date', '2020-01-01');
    await page.click('#past-day button');
    await page.locator('#past-sessions').filter({ hasText: '0' }).waitFor();
    expect(await text(page, '#past-categories')).toBe('None above the threshold');
    expect(problems.consoleErrors).toEqual([]);
  });

  it('says the key is wrong with the 401 message and keeps asking', async () => {
    await signIn(page, t, WRONG_KEY);
    await page.locator('#login-error').filter({ hasText: /./ }).waitFor();
    expect(await text(page, '#login-error')).toBe('Missing or invalid admin API key');
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('sighej.adminKey'))).toBeNull();
    expect(problems.consoleErrors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
    expect(problems.violations).toEqual([]);
  });

  it('reports what the CSP blocks (the check above can fail)', async () => {
    await page.goto(`${t.url}/admin`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "inline ran"';
      document.head.append(script);
    });
    await page.waitForFunction(() => document.readyState === 'complete');
    for (let waited = 0; problems.violations.length === 0 && waited < 2_000; waited += 50) await sleep(50);
    expect(problems.violations[0]).toMatch(/^script-src-elem blocked inline/);
    expect(await page.title()).toBe('SigHej admin');
  });
});

describeInBrowser('admin page when Postgres is down or the admin is rate-limited', () => {
  let browser: Browser;
  let proxy: TcpProxy;
  let t: TestApp;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    browser = await launchChromium();
    proxy = await new TcpProxy('127.0.0.1', 5432).start();
    t = await startTestApp({ databaseProxy: proxy, env: { RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    proxy?.restore();
    await browser?.close();
    await t?.close();
    await proxy?.stop();
  });
  beforeEach(async () => {
    page = await browser.context.newPage();
    problems = await PageProblems.watch(page);
  });
  afterEach(async () => {
    await page.close();
  });

  it('shows the 503 message and keeps the rest of the page working while Postgres is cut off', async () => {
    await signIn(page, t);
    await page.locator('#today-date').filter({ hasText: /\d/ }).waitFor();

    proxy.cut();
    await page.reload();
    await page.locator('#notice').filter({ hasText: /./ }).waitFor();
    expect(await text(page, '#notice')).toBe('Postgres is unavailable; try again shortly');
    await page.locator('#health-details li.down').waitFor();
    expect(await text(page, '#health-status')).toBe('Serving phones');
    expect(await text(page, '#health-details li.down')).toMatch(/^postgres: down/);
    expect(await page.locator('#dashboard').isVisible()).toBe(true);
    await screenshot(page, 'admin-page-postgres-down');

    proxy.restore();
    await page.reload();
    await page.locator('#today-date').filter({ hasText: /\d/ }).waitFor();
    expect(await page.locator('#notice').isHidden()).toBe(true);
    expect(problems.consoleErrors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
    expect(problems.violations).toEqual([]);
  });

  it('says when to retry once failed attempts hit the limit (429, Retry-After)', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await signIn(page, t, WRONG_KEY);
      await page.locator('#login-error').filter({ hasText: 'Missing or invalid admin API key' }).waitFor();
    }
    await signIn(page, t, WRONG_KEY);
    await page
      .locator('#login-error')
      .filter({ hasText: /try again at/ })
      .waitFor();
    expect(await text(page, '#login-error')).toMatch(
      /^Too many failed authentication attempts; retry in \d+ s\. You can try again at .+\.$/,
    );
    await screenshot(page, 'admin-page-rate-limited');
    expect(problems.consoleErrors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
  });
});

describeInBrowser('admin page with push configured', () => {
  let browser: Browser;
  let providers: LocalPushProviders;
  let t: TestApp;

  beforeAll(async () => {
    browser = await launchChromium();
    providers = await startLocalPushProviders();
    t = await startTestApp({ env: providers.env });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await providers?.stop();
  });

  /** A phone in a pocket (no socket, a Web Push channel) is nudged once: one push. */
  async function pushOneNudge(device: string): Promise<void> {
    const pocket = await createSession(t.url, ['jazz']);
    const phone = new TestPhone();
    const subscription = {
      endpoint: providers.webpush.subscribe(phone, device),
      keys: phone.keys,
    };
    await request(t.url)
      .put(`/session/${pocket.bleToken}/push`)
      .set('Authorization', `Bearer ${pocket.accessToken}`)
      .send({ provider: 'webpush', subscription })
      .expect(204);
    await meet(t.url, pocket, await createSession(t.url, ['jazz']));
    await eventually(
      () => providers.webpush.script.requests.some((seen) => seen.device === device),
      'a push',
    );
  }

  it('shows the pushes sent and failed in the last hour on the health card, worded for one and for many', async () => {
    const page = await browser.context.newPage();
    const problems = await PageProblems.watch(page);
    const pushLine = page.locator('#health-details li', { hasText: /^push:/ });
    await signIn(page, t);
    await pushLine.waitFor();
    expect(await pushLine.innerText()).toBe('push: up (0 pushes sent / 0 failed in the last hour)');

    await pushOneNudge('first');
    await page.reload();
    await pushLine.filter({ hasText: /\b1 push\b/ }).waitFor();
    expect(await pushLine.innerText()).toBe('push: up (1 push sent / 0 failed in the last hour)');

    // A push service that refuses the push for good (403): counted as failed.
    providers.webpush.script.plan('refused', { kind: 'refused' });
    await pushOneNudge('second');
    await pushOneNudge('refused');
    await page.reload();
    await pushLine.filter({ hasText: /1 failed/ }).waitFor();
    expect(await pushLine.innerText()).toBe('push: up (2 pushes sent / 1 failed in the last hour)');
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('admin page switch and headers (no browser)', () => {
  let on: TestApp;
  let off: TestApp;
  beforeAll(async () => {
    on = await startTestApp();
    off = await startTestApp({ env: { ADMIN_PAGE: 'false' } });
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  it('serves the page and its scripts under the same CSP as every other route', async () => {
    const api = await request(on.url).get('/health/live').expect(200);
    for (const path of ['/admin', '/admin/admin.js', '/admin/admin.css', '/admin/chart.umd.min.js']) {
      const { headers } = await request(on.url).get(path).expect(200);
      expect(headers['content-security-policy']).toBe(api.headers['content-security-policy']);
      expect(headers['content-security-policy']).toMatch(/script-src 'self'/);
    }
  });

  it('answers 404 for the page and its files when ADMIN_PAGE=false', async () => {
    for (const path of ['/admin', '/admin/admin.js', '/admin/admin.css', '/admin/chart.umd.min.js']) {
      await request(off.url).get(path).expect(404);
    }
    await request(off.url).get('/health/live').expect(200);
  });
});
