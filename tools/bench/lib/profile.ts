// Reads a V8 .cpuprofile and says where the time goes: self time by component (framework,
// validation, Redis client, logging, JSON, Node's HTTP stack, GC) and the top functions.
import { readFileSync } from 'node:fs';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  error?: string;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileMarker {
  label: string;
  test: (frame: CallFrame) => boolean;
}

/** [name, ms] entries, the largest first. */
export type Timings = [string, number][];

export interface ProfileAnalysis {
  busyMs: number;
  idleMs: number;
  components: Timings;
  topSelf: Timings;
  inclusive: Timings;
}

const COMPONENTS: [string, RegExp][] = [
  [
    'Redis client (ioredis)',
    /node_modules\/(ioredis|@ioredis|redis-parser|redis-errors|cluster-key-slot|denque)\//,
  ],
  [
    'logging (pino, pino-http)',
    /node_modules\/(pino|pino-http|nestjs-pino|sonic-boom|fast-redact|quick-format-unescaped|pino-std-serializers|on-exit-leak-free|thread-stream|atomic-sleep|safe-stable-stringify)\//,
  ],
  [
    'validation (class-validator, class-transformer)',
    /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//,
  ],
  ['Nest (router, pipes, filters, DI)', /node_modules\/(@nestjs|rxjs|reflect-metadata|path-to-regexp)\//],
  [
    'Express + body parser',
    /node_modules\/(express|router|body-parser|raw-body|iconv-lite|type-is|content-type|finalhandler|on-finished|qs|media-typer|mime-types|mime-db|depd|http-errors|statuses|send|parseurl|encodeurl|escape-html|fresh|vary|accepts|negotiator|cookie|proxy-addr|forwarded|ipaddr\.js|utils-merge|merge-descriptors|setprototypeof|bytes|debug|ms|content-disposition|etag|range-parser|serve-static|ee-first|unpipe|destroy|call-bind.*|get-intrinsic|side-channel.*|object-inspect|es-errors|function-bind|hasown|has-symbols|gopd|dunder-proto|math-intrinsics|es-object-atoms|get-proto|call-bound|once|wrappy|inherits|safe-buffer|safer-buffer|toidentifier|depd)\//,
  ],
  ['helmet (security headers)', /node_modules\/helmet\//],
  ['other dependencies', /node_modules\//],
  // dist/, or any other build directory of the service (tools/bench/ab.ts takes two).
  ['SigHej code', /\/apps\/api\/(apps|libs)\//],
  [
    'Node HTTP, net, streams',
    /^node:(_http|http|net|stream|internal\/(streams|http|stream_base|net|timers|async_hooks|process\/task_queues)|events|buffer|timers)/,
  ],
  ['Node crypto', /^node:(crypto|internal\/crypto)/],
  ['other Node internals', /^node:/],
];

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'GC',
  '(idle)': 'idle',
  '(program)': 'V8/native (unattributed)',
  '(root)': 'V8/native (unattributed)',
};

function componentOf({ functionName, url }: CallFrame): string {
  if (url === '') {
    if (SPECIAL[functionName]) return SPECIAL[functionName];
    if (/^(parse|stringify|JSONParse|JSONStringify)$/.test(functionName)) return 'JSON (native)';
    // Native halves of Node's stream and crypto bindings.
    if (
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString|shutdown|close|readStart|onStreamRead|onStreamAlloc)$/.test(
        functionName,
      )
    )
      return 'Node HTTP, net, streams';
    if (
      /^(digest|update|Hash|Hmac|randomBytes|randomUUID|timingSafeEqual|createHash|createHmac)$/.test(
        functionName,
      )
    )
      return 'Node crypto';
    return 'V8 builtins';
  }
  for (const [name, pattern] of COMPONENTS) if (pattern.test(url)) return name;
  return 'other';
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.search(/\/apps\/api\/(apps|libs)\//);
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** Self time by component, the top functions by self time, the inclusive time of each marker. */
export function analyseProfile(
  path: string,
  { inclusiveMarkers = [] }: { inclusiveMarkers?: ProfileMarker[] } = {},
): ProfileAnalysis {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  if (profile.error) throw new Error(profile.error);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i + 1] is the time until the next sample: the time this sample stands for.
    const dt = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
  }

  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const component = componentOf(frame);
    components.set(component, (components.get(component) ?? 0) + us);
    if (component === 'idle') continue;
    busyUs += us;
    const label = `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '(native)'}`;
    functions.set(label, (functions.get(label) ?? 0) + us);
  }

  // Inclusive time of a few marker functions (each sample counted once per marker).
  const inclusive = new Map<string, number>(inclusiveMarkers.map((marker) => [marker.label, 0]));
  for (const [id, us] of selfUs) {
    const hit = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      for (const marker of inclusiveMarkers) {
        if (!hit.has(marker.label) && marker.test(frame)) hit.add(marker.label);
      }
    }
    for (const label of hit) inclusive.set(label, (inclusive.get(label) ?? 0) + us);
  }

  const toMs = (entries: [string, number][]): Timings =>
    entries.map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]);
  return {
    busyMs: busyUs / 1000,
    idleMs: (components.get('idle') ?? 0) / 1000,
    components: toMs([...components].filter(([k]) => k !== 'idle')),
    topSelf: toMs([...functions]).slice(0, 20),
    inclusive: toMs([...inclusive]),
  };
}
