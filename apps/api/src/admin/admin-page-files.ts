import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the page lives in the repository; the Dockerfile copies it to the same place in the image. */
const PAGE_DIR = join('apps', 'api', 'admin-page');

/** What the page says about this instance, written into it once at boot. */
export interface PageFacts {
  /** The k of the small-cell rule (STATS_MIN_CATEGORY_COUNT). */
  minCategoryCount: number;
  /** STATS_TIMEZONE: the zone "today" is counted in. */
  timeZone: string;
  embedded: boolean;
}

const EMBEDDED =
  'Embedded mode: one process keeps sessions, nudges and fan-out in its own memory (no Redis) and stats in an embedded Postgres (PGlite); it serves one instance only.';
const EXTERNAL =
  'External mode: sessions, nudges and fan-out in Redis, stats in Postgres; any number of instances.';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The page's placeholders and what each becomes. */
function placeholders({ minCategoryCount, timeZone, embedded }: PageFacts): Record<string, string> {
  return {
    '{{STATS_MIN_CATEGORY_COUNT_TIMES}}': `${minCategoryCount} ${minCategoryCount === 1 ? 'time' : 'times'}`,
    '{{STATS_TIMEZONE}}': timeZone,
    '{{DEPLOYMENT_MODE}}': embedded ? 'embedded' : 'external',
    '{{DEPLOYMENT}}': embedded ? EMBEDDED : EXTERNAL,
  };
}

export interface PageAsset {
  body: Buffer;
  contentType: string;
}

/**
 * The admin page's files, read once at boot. They sit outside `src/` so no build step touches
 * them; the directory is found by walking up from this file, which works from the sources
 * (tests), from `dist/` (`npm start`) and from the Docker image alike.
 */
export class AdminPageFiles {
  private constructor(
    readonly index: PageAsset,
    readonly script: PageAsset,
    readonly styles: PageAsset,
    readonly chartLibrary: PageAsset,
  ) {}

  /** The facts are written into the page (the k rule, the time zone, the deployment mode). */
  static load(facts: PageFacts): AdminPageFiles {
    const dir = findPageDir(__dirname);
    let html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const [placeholder, value] of Object.entries(placeholders(facts)))
      html = html.replaceAll(placeholder, escapeHtml(value));
    // chart.js's package exports its CommonJS build; the browser bundle sits beside it.
    const chartJs = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
    return new AdminPageFiles(
      { body: Buffer.from(html), contentType: 'text/html; charset=utf-8' },
      asset(join(dir, 'admin.js'), 'text/javascript; charset=utf-8'),
      asset(join(dir, 'admin.css'), 'text/css; charset=utf-8'),
      asset(chartJs, 'text/javascript; charset=utf-8'),
    );
  }
}

function asset(path: string, contentType: string): PageAsset {
  return { body: readFileSync(path), contentType };
}

function findPageDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, PAGE_DIR);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(
        `admin page files (${PAGE_DIR}) not found above ${from}; set ADMIN_PAGE=false to run without it`,
      );
    }
  }
}
