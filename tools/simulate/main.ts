import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackgroundPushes } from './background-pushes';
import { EmbeddedService } from './embedded-service';
import { reportTable } from './report-table';
import { settingsLine } from './service-settings';
import { count } from './svg-text';
import { parseSimulateOptions } from './simulate-options';
import { simulate } from './simulation';
import { venueReport } from './venue-report';

/** `npm run simulate`: a venue of phones against the service; exits 1 if a nudge was lost or duplicated. */
async function main(): Promise<number> {
  const options = parseSimulateOptions(process.argv.slice(2));
  const pushes = options.background > 0 ? await BackgroundPushes.start() : undefined;
  const service =
    options.urls.length === 0
      ? await EmbeddedService.start(options.port, pushes?.serviceSettings())
      : undefined;
  const urls = service === undefined ? options.urls : [service.url];
  // Ctrl-C must not leave the embedded service running on its own.
  const interrupted = (): void =>
    void Promise.all([service?.stop(), pushes?.stop()]).finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  process.stderr.write(
    `${options.phones} phones, ${options.seconds} s, venue ${options.width} x ${options.height} m, ` +
      `range ${options.range} m, scan every ${options.scanInterval} s, seed ${options.seed}, ` +
      `${service === undefined ? urls.join(' ') : `embedded service at ${service.url}`}\n`,
  );
  try {
    const { zones, phones, stats, totals } = await simulate(options, urls, pushes);
    const push =
      pushes === undefined
        ? undefined
        : {
            backgroundPhones: phones.filter((phone) => phone.background).length,
            sentByService: await pushesSent(urls[0]),
            stats: pushes.stats,
            violations: pushes.violations.length,
          };
    process.stdout.write(`${reportTable(options.phones, options.seconds, stats, totals, push)}\n`);
    if (service === undefined) process.stdout.write(`the instance must run with: ${settingsLine()}\n`);
    mkdirSync(dirname(options.svg), { recursive: true });
    const errors = stats.errorCount();
    const subtitle =
      `${service === undefined ? `instances ${urls.join(', ')}` : 'embedded service'} · ` +
      `${count(totals.delivered)} of ${count(totals.expected)} nudges delivered, ${count(totals.lost)} lost · ` +
      `${errors === 0 ? 'no errors' : `${count(errors)} errors (see the table)`}`;
    const report = venueReport({
      phones: options.phones,
      seconds: options.seconds,
      hall: { width: options.width, height: options.height },
      zones,
      meetings: stats.meetings,
      timeline: stats.timeline,
      subtitle,
    });
    writeFileSync(options.svg, report);
    process.stdout.write(`venue report: ${options.svg}\n`);
    const pushFailed = push !== undefined && (push.stats.duplicated > 0 || push.violations > 0);
    return totals.lost > 0 || totals.duplicated > 0 || pushFailed ? 1 : 0;
  } finally {
    await service?.stop();
    await pushes?.stop();
  }
}

/** The pushes the service sent in the last hour (`/health`'s push entry), or undefined. */
async function pushesSent(url: string): Promise<number | undefined> {
  try {
    const body = (await (await fetch(`${url}/health`)).json()) as { details?: { push?: { sent?: unknown } } };
    const sent = body.details?.push?.sent;
    return typeof sent === 'number' ? sent : undefined;
  } catch {
    return undefined;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
