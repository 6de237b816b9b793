// Code passed to page.evaluate() runs in the browser: it needs the DOM types.
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { floorPlan, Zone } from '../tools/simulate/floor-plan';
import { Meeting } from '../tools/simulate/run-stats';
import { seededRandom } from '../tools/simulate/seeded-random';
import { Timeline } from '../tools/simulate/timeline';
import { venueReport } from '../tools/simulate/venue-report';
import { Browser, chromiumInstalled, launchChromium, PageProblems, screenshot } from './support/browser';

jest.setTimeout(60_000);

const PHONES = 2000;
const SECONDS = 60;
const HALL = { width: 346, height: 231 }; // the simulator's default for 2,000 phones (40 m² each, 3:2)

/** A run's worth of events: meetings crowding the dance floor, a timeline with a latency spike. */
function syntheticRun(zones: readonly Zone[]): { meetings: Meeting[]; timeline: Timeline } {
  const random = seededRandom(7);
  const dance = zones.find((zone) => zone.name === 'dance floor')!;
  const meetings = Array.from({ length: 6000 }, (_, index): Meeting => {
    const inDance = index % 2 === 0;
    const x = inDance ? dance.x + random() * dance.width : random() * HALL.width;
    const y = inDance ? dance.y + random() * dance.height : random() * HALL.height;
    return { a: { x, y }, b: { x: x + 1, y } };
  });
  const timeline = new Timeline(0);
  for (let second = 0; second < SECONDS; second++) {
    const at = second * 1000 + 500;
    for (let i = 0; i < (second < 3 ? 600 : 5); i++) timeline.count('sessions', at);
    for (let i = 0; i < 900; i++) timeline.count('sightings', at);
    for (let i = 0; i < 100; i++) timeline.count('meetings', at);
    for (let i = 0; i < 200; i++) timeline.count('nudges', at);
    for (let i = 0; i < 50; i++) timeline.latency(at, 20 + i + (second === 30 ? 900 : 0));
  }
  return { meetings, timeline };
}

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Every pair of text boxes on the page that overlap (labels drawn over each other). */
async function overlappingTexts(page: Page): Promise<string[]> {
  const boxes = await page.evaluate(() =>
    Array.from(document.querySelectorAll('text')).map((element) => {
      const { left, right, top, bottom } = element.getBoundingClientRect();
      return { text: element.textContent ?? '', left, right, top, bottom };
    }),
  );
  const overlaps = (a: Box, b: Box): boolean =>
    a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  return boxes.flatMap((a, i) =>
    boxes.slice(i + 1).flatMap((b) => (overlaps(a, b) ? [`${a.text} / ${b.text}`] : [])),
  );
}

const describeInBrowser = chromiumInstalled() ? describe : describe.skip;

/** The simulator's venue report, rendered by Chromium for a 2,000-phone venue. */
describeInBrowser('the venue report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let svg: string;
  const zones = floorPlan(HALL.width, HALL.height);

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
    const problems = await PageProblems.watch(page);
    svg = venueReport({
      phones: PHONES,
      seconds: SECONDS,
      hall: HALL,
      zones,
      ...syntheticRun(zones),
      subtitle: 'embedded service · 12,000 of 12,000 nudges delivered, 0 lost · no errors',
    });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    await screenshot(page, 'venue-report');
    expect(problems.consoleErrors).toEqual([]);
  });
  afterAll(() => browser?.close());

  it('stays one small picture whatever the number of phones and meetings', async () => {
    expect(Buffer.byteLength(svg)).toBeLessThan(100_000);
    expect(await page.locator('svg *').count()).toBeLessThan(1500);
    expect(await page.locator('svg > title').textContent()).toBe(
      'SigHej venue report: 2,000 phones, 60 s, 6,000 meetings',
    );
  });

  it('draws every zone with its name, meetings and density inside it, the densest darkest', async () => {
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll('g.zone')).map((group) => {
        const rect = group.querySelector('rect')!.getBoundingClientRect();
        const labels = Array.from(group.querySelectorAll('text')).map((label) =>
          label.getBoundingClientRect(),
        );
        return {
          name: group.getAttribute('data-zone'),
          fill: group.querySelector('rect')!.getAttribute('fill'),
          labels: Array.from(group.querySelectorAll('text')).map((label) => label.textContent),
          inside: labels.every(
            (l) =>
              l.left >= rect.left && l.right <= rect.right && l.top >= rect.top && l.bottom <= rect.bottom,
          ),
        };
      }),
    );
    expect(drawn.map((zone) => zone.name)).toEqual(zones.map((zone) => zone.name));
    for (const zone of drawn) {
      expect([zone.name, zone.inside]).toEqual([zone.name, true]);
      expect(zone.labels).toEqual([
        zone.name,
        expect.stringMatching(/^[\d,]+ meetings$/),
        expect.stringMatching(/per 100 m²$/),
      ]);
    }
    expect(drawn.find((zone) => zone.name === 'dance floor')!.fill).toBe('#7f2704');
  });

  it('has a legend and a scale bar', async () => {
    expect(await page.locator('g.legend rect').count()).toBe(5);
    expect(await page.locator('g.legend').textContent()).toMatch(/Meetings per 100 m².*Aisles/);
    expect(await page.locator('g.scale-bar text').textContent()).toMatch(/^\d+ m$/);
  });

  it('charts sessions, sightings, meetings and nudges per second and the latency percentiles on one time axis', async () => {
    const series = await page
      .locator('g.panel')
      .evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-series')));
    expect(series).toEqual(['sessions', 'sightings', 'meetings', 'nudges', 'latency']);
    for (const name of ['sessions', 'sightings', 'meetings', 'nudges'])
      expect(await page.locator(`g.panel[data-series="${name}"] g rect`).count()).toBe(SECONDS);
    expect(await page.locator('g.panel[data-series="latency"] polyline').count()).toBe(2);
    expect(await page.locator('g.time-axis').textContent()).toMatch(/^0 s.*60 s$/);
  });

  it('draws no label over another', async () => {
    expect(await overlappingTexts(page)).toEqual([]);
  });
});
