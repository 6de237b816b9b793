import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the page lives in the repository; the Dockerfile copies it to the same place in the image. */
const PAGE_DIR = join('apps', 'api', 'admin-page');
const K_PLACEHOLDER = '{{STATS_MIN_CATEGORY_COUNT}}';

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

  /** `minCategoryCount` is written into the page's one-line explanation of the k rule. */
  static load(minCategoryCount: number): AdminPageFiles {
    const dir = findPageDir(__dirname);
    const html = readFileSync(join(dir, 'index.html'), 'utf8').replaceAll(
      K_PLACEHOLDER,
      String(minCategoryCount),
    );
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
