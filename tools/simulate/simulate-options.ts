import { parseArgs } from 'node:util';

export interface SimulateOptions {
  phones: number;
  seconds: number;
  /** Venue size in metres. */
  width: number;
  height: number;
  /** BLE range in metres. */
  range: number;
  /** Seconds between two scans of a phone. */
  scanInterval: number;
  seed: number;
  /** Running instances to use (phones spread over them); none: start one in embedded mode. */
  urls: string[];
  /** Port of the embedded service (none: a free one); not with `urls`. */
  port?: number;
  svg: string;
  /** Rotate each phone's token every random [min, max] seconds. */
  rotateMinSeconds: number;
  rotateMaxSeconds: number;
  /** Calls in flight at most, over all phones: bounds the traffic the run makes. */
  maxInFlight: number;
  /** Share of phones in a pocket (0–1): no socket, reached by push from a local push service. */
  background: number;
}

const USAGE = `npm run simulate -- [--phones 200] [--seconds 30] [--width W] [--height H] [--range 8]
  [--scan-interval 2] [--seed 1] [--port 8000 | --url http://127.0.0.1:8000[,http://127.0.0.1:8001]]
  [--svg simulate-output/venue.svg] [--rotate 10-20] [--max-in-flight 64] [--background 0.5]
Width and height default to a venue with about 40 m² per phone (3:2). Without --url the
simulator starts the service in embedded mode (on --port, e.g. to watch /admin meanwhile).
--background: that share of phones keeps no socket and is reached by Web Push from a local push
service the simulator starts (embedded mode only: the service is configured for it).`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function positive(name: string, text: string | undefined, fallback: number): number {
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number\n${USAGE}`);
  return value;
}

export function parseSimulateOptions(argv: string[]): SimulateOptions {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      [
        'phones',
        'seconds',
        'width',
        'height',
        'range',
        'scan-interval',
        'seed',
        'url',
        'port',
        'svg',
        'rotate',
        'max-in-flight',
        'background',
      ].map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const phones = Math.round(positive('phones', values.phones, 200));
  const side = Math.sqrt(phones * 40 * 1.5);
  const urls = (values.url ?? '').split(',').filter((url) => url !== '');
  for (const url of urls) {
    // The simulator makes venue-sized traffic: it is for one's own machine, never someone's server.
    if (!LOOPBACK.has(new URL(url).hostname)) throw new Error(`--url must be a loopback address: ${url}`);
  }
  if (values.port !== undefined && urls.length > 0)
    throw new Error(`--port is for the embedded service, not with --url\n${USAGE}`);
  const port = values.port === undefined ? undefined : Math.round(positive('port', values.port, 0));
  const background = Number(values.background ?? 0);
  if (!(background >= 0 && background <= 1))
    throw new Error(`--background must be a share from 0 to 1\n${USAGE}`);
  if (background > 0 && urls.length > 0)
    throw new Error(
      `--background needs the embedded service (it configures its push keys), not --url\n${USAGE}`,
    );
  const [rotateMin, rotateMax] = (values.rotate ?? '10-20').split('-').map(Number);
  if (!(rotateMin > 0 && rotateMax >= rotateMin))
    throw new Error(`--rotate must be min-max seconds\n${USAGE}`);
  return {
    phones,
    seconds: positive('seconds', values.seconds, 30),
    width: positive('width', values.width, Math.round(side)),
    height: positive('height', values.height, Math.round(side / 1.5)),
    range: positive('range', values.range, 8),
    scanInterval: positive('scan-interval', values['scan-interval'], 2),
    seed: Math.round(positive('seed', values.seed, 1)),
    urls: urls.map((url) => url.replace(/\/+$/, '')),
    port,
    svg: values.svg ?? 'simulate-output/venue.svg',
    rotateMinSeconds: rotateMin,
    rotateMaxSeconds: rotateMax,
    maxInFlight: Math.round(positive('max-in-flight', values['max-in-flight'], 64)),
    background,
  };
}
