// Code passed to page.evaluate() runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = (): boolean => existsSync(CHROMIUM);

/** Git-ignored; screenshots land here so a failed run can be looked at. */
export const ARTIFACTS_DIR = resolve(__dirname, '../../test-artifacts');

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Headless Chromium on a fresh profile, with nothing running in the background. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sighej-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 900, height: 1000 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Everything a page complains about: console errors, uncaught exceptions and
 * Content-Security-Policy violations (reported by the `securitypolicyviolation` event, which
 * also fires for what the console would only summarise). Survives reloads.
 */
export class PageProblems {
  readonly consoleErrors: string[] = [];
  readonly violations: string[] = [];

  private constructor() {}

  static async watch(page: Page): Promise<PageProblems> {
    const problems = new PageProblems();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
    await page.exposeFunction('reportCspViolation', (violation: string) =>
      problems.violations.push(violation),
    );
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportCspViolation: (violation: string) => void })
          .reportCspViolation;
        report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`);
      });
    });
    return problems;
  }
}

/** The visible text of the first element `selector` finds, trimmed. */
export const text = (page: Page, selector: string): Promise<string> =>
  page
    .locator(selector)
    .innerText()
    .then((value) => value.trim());
