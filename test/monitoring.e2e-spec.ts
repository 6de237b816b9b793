import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const OPS = resolve(__dirname, '../docs/ops');
const DASHBOARD = join(OPS, 'grafana-dashboard.json');
const ALERTS = join(OPS, 'prometheus-alerts.yml');
const ALERT_TESTS = join(OPS, 'prometheus-alerts.test.yml');
// Series Prometheus adds itself for every scrape target; not in any /metrics.
const SYNTHETIC = ['up'];
// The service's own metrics and prom-client's process ones; anything else in an expression is
// a PromQL function, keyword or label, none of which start like this.
const METRIC_NAME = /\b(?:sighej|nodejs|process)_[a-z0-9_]+\b|\bup\b(?=\s*\{)/g;

interface Panel {
  type: string;
  title: string;
  datasource?: { type: string };
  targets?: { expr: string }[];
}

/** Every sample name /metrics can carry: histograms and summaries add their suffixes. */
function exposedNames(exposition: string): Set<string> {
  const names = new Set(SYNTHETIC);
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
    if (type === 'summary') ['_sum', '_count'].forEach((suffix) => names.add(name + suffix));
  }
  return names;
}

const namesIn = (text: string): string[] => [...new Set(text.match(METRIC_NAME) ?? [])];

const promtoolInstalled = spawnSync('promtool', ['--version']).status === 0;
if (!promtoolInstalled) {
  console.warn(
    '\n!!! PROMTOOL CHECKS SKIPPED: promtool is not installed (Debian package `prometheus`); ' +
      'the alert rules were only checked for metric names. !!!\n',
  );
}

describe('monitoring artefacts (docs/ops) against what /metrics exposes', () => {
  let t: TestApp;
  let exposed: Set<string>;
  beforeAll(async () => {
    t = await startTestApp();
    const { text } = await request(t.url)
      .get('/metrics')
      .set('Authorization', 'Bearer test-admin-key-0123456789')
      .expect(200);
    exposed = exposedNames(text);
  });
  afterAll(() => t.close());

  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[]; uid: string };
  const graphs = dashboard.panels.filter((panel) => panel.type !== 'row');

  it('has a dashboard whose every panel queries Prometheus', () => {
    expect(dashboard.uid).toBe('sighej-backend');
    expect(graphs.length).toBeGreaterThan(10);
    for (const panel of graphs) {
      expect({ title: panel.title, datasource: panel.datasource?.type }).toEqual({
        title: panel.title,
        datasource: 'prometheus',
      });
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it('uses only metric names the service exposes, in every dashboard query', () => {
    for (const panel of graphs) {
      for (const { expr } of panel.targets ?? []) {
        const names = namesIn(expr);
        expect({ panel: panel.title, expr, names: names.length > 0 }).toEqual({
          panel: panel.title,
          expr,
          names: true,
        });
        expect({ expr, unknown: names.filter((name) => !exposed.has(name)) }).toEqual({ expr, unknown: [] });
      }
    }
  });

  it('covers what an operator watches', () => {
    const used = new Set(
      graphs.flatMap((panel) => (panel.targets ?? []).flatMap(({ expr }) => namesIn(expr))),
    );
    for (const name of [
      'sighej_http_requests_total',
      'sighej_http_request_duration_seconds_bucket',
      'sighej_ws_open_sockets',
      'sighej_nudges_sent_total',
      'sighej_nudges_replayed_total',
      'sighej_nudges_acked_total',
      'sighej_nudges_dropped_total',
      'sighej_ws_resync_duration_seconds_bucket',
      'sighej_stats_flush_lag_seconds',
      'sighej_stats_lost_counts_total',
      'sighej_redis_errors_total',
      'sighej_postgres_errors_total',
      'sighej_rate_limited_total',
    ]) {
      expect({ name, used: used.has(name) }).toEqual({ name, used: true });
    }
  });

  it('uses only exposed metric names in the alert rules and their tests', () => {
    for (const file of [ALERTS, ALERT_TESTS]) {
      const names = namesIn(readFileSync(file, 'utf8'));
      expect(names.length).toBeGreaterThan(3);
      expect({ file, unknown: names.filter((name) => !exposed.has(name)) }).toEqual({ file, unknown: [] });
    }
    const rules = readFileSync(ALERTS, 'utf8');
    for (const alert of [
      'SighejStatsCountsLost',
      'SighejStatsFlushLag',
      'SighejHigh5xxRate',
      'SighejRedisDown',
      'SighejResyncStorm',
    ]) {
      expect(rules).toContain(`- alert: ${alert}\n`);
    }
  });

  (promtoolInstalled ? it : it.skip)(
    'passes `promtool check rules` and the rules unit tests (`promtool test rules`)',
    async () => {
      const run = promisify(execFile);
      const checked = await run('promtool', ['check', 'rules', ALERTS]);
      expect(checked.stdout).toMatch(/SUCCESS: \d+ rules found/);
      const tested = await run('promtool', ['test', 'rules', ALERT_TESTS], { cwd: OPS });
      expect(tested.stdout).toMatch(/SUCCESS/);
    },
  );
  if (!promtoolInstalled) {
    it.skip('SKIPPED: promtool is not installed, the alert rules were not checked by promtool', () =>
      undefined);
  }
});
