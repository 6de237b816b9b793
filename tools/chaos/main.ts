import { createRedisClient, parseRedisUrl, RedisClient, Keyspace } from '@sighej/shared';
import { NudgeKeys } from '@sighej/nudge';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { ChaosPhone, PROBE_TOKEN } from './chaos-phone';
import { ClusterFaults, topologyPort, until } from './cluster-faults';
import { HttpLedger } from './http-ledger';
import { ledgerLines, LedgerLine, Meeting } from './ledger';
import { passersBy } from './passers-by';
import { sentinelFailover } from './sentinel-faults';
import { ServiceInstance } from './service-instances';
import { FLUSH_INTERVAL_MS, StatsLedger, StatsToday } from './stats-ledger';
import { TcpProxy } from '../support/tcp-proxy';

const POSTGRES = process.env.CHAOS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PHONES = 24;
/** A socket that hears no probe within this after a fault is deaf (the service closes a channel it cannot keep after 10 s). */
const HEAR_WITHIN_MS = 20_000;
const NEW_NODE_PORT = topologyPort(6);
const STALL_UNTIL_FAILOVER = 'SIGSTOP of a master until its replica takes over';
const POSTGRES_CUT = 'Postgres cut (an instance sent SIGTERM during it)';
/** How long the Postgres cut lasts before an instance is sent SIGTERM during it. */
const POSTGRES_CUT_MS = 2000;

interface Run {
  url: string;
  /** The Cluster's fault helpers (undefined on the Sentinel group). */
  cluster?: ClusterFaults;
  instances: ServiceInstance[];
  /** The TCP proxy every instance reaches Postgres through. */
  postgres: TcpProxy;
  stats: StatsLedger;
  phones: ChaosPhone[];
  publisher: RedisClient;
  keys: NudgeKeys;
  deaf: number;
  /** Meetings the service said it nudged: both phones must get one nudge naming the other's token. */
  nudged: Meeting[];
  /** `nudge_sent` again for tokens already nudged: a meeting decided again (its decision lost). */
  redecided: number;
}

type Fault = { name: string; inject: (run: Run) => Promise<void> };

/** A fault of the Cluster itself (its run has ClusterFaults). */
function onCluster(name: string, inject: (faults: ClusterFaults) => Promise<void>): Fault {
  return {
    name,
    inject: ({ cluster }) => {
      if (cluster === undefined) throw new Error(`${name} needs a Cluster`);
      return inject(cluster);
    },
  };
}

/** Each Cluster fault kind once; the full schedule runs the list twice. */
const CLUSTER_FAULTS: Fault[] = [
  onCluster('CLUSTER FAILOVER', async (faults) => void (await faults.plannedFailover(await faults.victim()))),
  onCluster('kill -9 of a master', async (faults) => {
    const victim = await faults.victim();
    await faults.killMaster(victim);
    await faults.revive(victim.port);
  }),
  onCluster('reshard (add a node, move 300 slots there and back, remove it)', async (faults) => {
    const source = await faults.victim();
    await faults.addNode(NEW_NODE_PORT);
    await faults.reshard(source.port, NEW_NODE_PORT, 300);
    await faults.reshard(NEW_NODE_PORT, source.port, 300);
    await faults.removeNode(NEW_NODE_PORT);
  }),
  onCluster('SIGSTOP of a master for 1 s', async (faults) => faults.stall(await faults.victim(), 1000)),
  onCluster(STALL_UNTIL_FAILOVER, async (faults) => faults.stallUntilFailover(await faults.victim())),
];

/** Faults of the instances and of Postgres, on any Redis. */
const SERVICE_FAULTS: Fault[] = [
  { name: 'kill -9 of an instance', inject: (run) => restartInstance(run, 'SIGKILL') },
  { name: 'SIGTERM of an instance', inject: (run) => restartInstance(run, 'SIGTERM') },
  { name: POSTGRES_CUT, inject: cutPostgres },
];

/**
 * Every Postgres connection dropped and new ones refused; meanwhile an instance gets SIGTERM
 * (its last counts go to the stats spool) and starts again once Postgres is back (and drains it).
 */
async function cutPostgres({ postgres, instances }: Run): Promise<void> {
  const instance = instances[Math.floor(Math.random() * instances.length)];
  postgres.cut();
  try {
    await sleep(POSTGRES_CUT_MS);
    await instance.stop('SIGTERM');
  } finally {
    postgres.restore();
  }
  await instance.start();
}

/** The Sentinel group's fault, and an instance restart on it. */
const SENTINEL_FAULTS: Fault[] = [{ name: 'SENTINEL FAILOVER', inject: ({ url }) => sentinelFailover(url) }];

/** A deployment the schedule runs against: its Redis, its instances' ports, its faults. */
interface Phase {
  url: string;
  ports: number[];
  faults: Fault[];
  /**
   * Phones take new tokens now and then (new meetings all along). Off on the Sentinel group:
   * a failover there loses the last writes (rotations included), and with fixed tokens a
   * meeting decided again after it must carry the same nudge ids (finding 4 of the trial).
   */
  rotate: boolean;
}

async function restartInstance({ instances, stats }: Run, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const instance = instances[Math.floor(Math.random() * instances.length)];
  if (signal === 'SIGKILL') stats.killed(instance.url);
  await instance.stop(signal);
  await sleep(500);
  await instance.start();
}

function topologyUrls(): { cluster: string; sentinel: string } {
  const out = execFileSync('.ci/redis-topologies.sh', ['start'], { encoding: 'utf8' });
  const cluster = /TEST_REDIS_CLUSTER_URL=(\S+)/.exec(out)?.[1];
  const sentinel = /TEST_REDIS_SENTINEL_URL=(\S+)/.exec(out)?.[1];
  if (cluster === undefined || sentinel === undefined) throw new Error('the Redis topologies did not start');
  return { cluster, sentinel };
}

async function withDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `sighej_chaos_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Phones keep meeting in pairs: each report of a pair whose tokens are new decides a meeting. */
async function traffic(run: Run, rotate: boolean, running: () => boolean): Promise<void> {
  while (running()) {
    const pair = Math.floor(Math.random() * (run.phones.length / 2));
    const [a, b] = [run.phones[pair * 2], run.phones[pair * 2 + 1]];
    if (a.retired || b.retired) continue;
    // Now and then new tokens on both sides, so new meetings keep being decided while the
    // faults hit, and each meeting's nudges name tokens no other meeting of the pair had. A
    // pair that could not rotate both stops meeting (one side's token would repeat).
    if (rotate && Math.random() < 0.3 && !(await Promise.all([a.rotate(), b.rotate()])).every(Boolean)) {
      a.retired = b.retired = true;
      continue;
    }
    const [aToken, bToken] = [a.session!.bleToken, b.session!.bleToken];
    // b's report completes the meeting when a's last one was seen but its answer lost.
    const answers = [await b.report(aToken), await a.report(bToken)];
    const answer = answers.find((each) => each?.nudge_sent);
    if (answer !== undefined) {
      if (run.nudged.some((meeting) => meeting.aToken === aToken && meeting.bToken === bToken))
        run.redecided++;
      run.nudged.push({ a, aToken, b, bToken });
      run.stats.match(a.session!.sessionId, b.session!.sessionId, answer.origin);
    }
    await sleep(20);
  }
}

/** A raw SPUBLISH per phone, again every 500 ms until its socket hears one: who stays deaf. */
async function probeAll(run: Run): Promise<number> {
  const deadline = Date.now() + HEAR_WITHIN_MS;
  const deaf = await Promise.all(
    run.phones.map(async (phone) => {
      while (Date.now() < deadline) {
        const id = randomUUID();
        const frame = JSON.stringify({
          type: 'nudge',
          nudge_id: id,
          token: PROBE_TOKEN,
          shared_interests: [],
          message: '',
          sent_at: new Date().toISOString(),
        });
        await run.publisher
          .spublish(run.keys.channel(phone.session!.sessionId), JSON.stringify({ t: 'nudge', id, frame }))
          .catch(() => undefined);
        await sleep(500);
        if (phone.probes.has(id)) return false;
      }
      process.stderr.write(
        `chaos: a deaf socket: socket ${phone.open ? 'open' : 'not open'}, closed before with ${JSON.stringify(phone.closes)}${phone.ended ? ', session ended' : ''}\n`,
      );
      return true;
    }),
  );
  return deaf.filter(Boolean).length;
}

async function schedule(run: Run, faults: Fault[]): Promise<void> {
  for (const fault of faults) {
    const started = Date.now();
    await fault.inject(run);
    await until('/health 200 on every instance', async () =>
      (await Promise.all(run.instances.map((i) => fetch(`${i.url}/health`).then((r) => r.ok)))).every(
        Boolean,
      ),
    );
    const deaf = await probeAll(run);
    run.deaf += deaf;
    process.stderr.write(
      `chaos: ${fault.name}: healed in ${Date.now() - started} ms, ${deaf} deaf socket(s)\n`,
    );
  }
}

/**
 * `--only=<text>` runs just the faults whose name contains it, `--times=N` times on each
 * deployment that has them (to chase one fault kind); the ledger is the same. Without
 * `--only`, `--times` repeats the Cluster list (twice by default, once with `--short`).
 */
function chosen(faults: Fault[], only: string | undefined, times: number): Fault[] {
  const picked = only === undefined ? faults : faults.filter((fault) => fault.name.includes(only));
  return Array.from({ length: times }, () => picked).flat();
}

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<number> {
  const short = process.argv.includes('--short');
  const only = option('only');
  const times = Number(option('times') ?? (short ? 1 : 2));
  const urls = topologyUrls();
  const cluster = [...CLUSTER_FAULTS, ...SERVICE_FAULTS];
  const phases: Phase[] = [
    {
      url: urls.cluster,
      ports: [topologyPort(30), topologyPort(31)],
      faults: chosen(cluster, only, times),
      rotate: true,
    },
    {
      url: urls.sentinel,
      ports: [topologyPort(32), topologyPort(33)],
      faults: chosen(
        short ? SENTINEL_FAULTS : [...SENTINEL_FAULTS, ...SERVICE_FAULTS],
        only,
        only === undefined ? 1 : times,
      ),
      rotate: false,
    },
  ].filter((phase) => phase.faults.length > 0);
  const http = new HttpLedger();
  const stats = new StatsLedger(http);
  const runs: Run[] = [];
  const today = await withDatabase(async (databaseUrl) => {
    const postgres = await new TcpProxy('127.0.0.1', Number(new URL(databaseUrl).port || 5432)).start();
    try {
      let env: Record<string, string> = {};
      for (const phase of phases) {
        env = instanceEnv(phase.url, postgres.wrap(databaseUrl));
        runs.push(await runPhase(phase, env, { http, stats, postgres }));
      }
      return await statsToday(new ServiceInstance(phases[phases.length - 1].ports[0], env));
    } finally {
      await postgres.stop();
    }
  });
  const redecided = runs.reduce((sum, run) => sum + run.redecided, 0);
  const lines: LedgerLine[] = [
    ...ledgerLines(
      runs.flatMap((run) => run.phones),
      runs.flatMap((run) => run.nudged),
      runs.reduce((sum, run) => sum + run.deaf, 0),
      http,
    ),
    ...stats.lines(today),
  ];
  process.stdout.write(
    `info meetings decided again with the same tokens (a decision lost in a failover): ${redecided}; ` +
      `each still counts its pair once in the stats\n`,
  );
  process.stdout.write(`${lines.map((line) => `${line.ok ? 'ok  ' : 'MISS'} ${line.text}`).join('\n')}\n`);
  return lines.every((line) => line.ok) ? 0 : 1;
}

/**
 * Today's counts as `GET /stats` gives them, from an instance started after the last phase
 * (every other one stopped with SIGTERM: flushed, or spooled and drained by now).
 */
async function statsToday(instance: ServiceInstance): Promise<StatsToday> {
  await instance.start();
  try {
    return await readStats(instance);
  } finally {
    await instance.stop('SIGTERM');
  }
}

async function readStats(instance: ServiceInstance): Promise<StatsToday> {
  const response = await fetch(`${instance.url}/stats`, {
    headers: { authorization: `Bearer ${instance.env.ADMIN_API_KEY}` },
  });
  if (!response.ok) throw new Error(`GET /stats answered ${response.status}`);
  return (await response.json()) as StatsToday;
}

/** The instances' environment on one Redis deployment: one key prefix, no limits in the way. */
function instanceEnv(redisUrl: string, databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `chaos${randomBytes(3).toString('hex')}:`,
    DATABASE_URL: databaseUrl,
    LIMIT_KEY_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_API_KEY: randomBytes(32).toString('base64url'),
    RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
    RATE_LIMIT_MATCHES_PER_MINUTE: '0',
    RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
    RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
    MATCH_NEW_MEETINGS_PER_WINDOW: '0',
    SHUTDOWN_GRACE_MS: '500',
    STATS_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
  };
}

/** What every phase shares: the HTTP and stats ledgers, the Postgres proxy. */
interface Shared {
  http: HttpLedger;
  stats: StatsLedger;
  postgres: TcpProxy;
}

/** The phase's instances (one key prefix), phones, traffic and faults; stopped again after. */
async function runPhase(phase: Phase, env: Record<string, string>, shared: Shared): Promise<Run> {
  const instances = phase.ports.map((port) => new ServiceInstance(port, env));
  try {
    await Promise.all(instances.map((instance) => instance.start()));
    return await chaos(phase, env.REDIS_KEY_PREFIX, instances, shared);
  } finally {
    await Promise.all(instances.map((instance) => instance.stop('SIGTERM')));
  }
}

/** Phones on the instances, traffic, the fault schedule with a probe after each fault, the last checks. */
async function chaos(
  phase: Phase,
  prefix: string,
  instances: ServiceInstance[],
  { http, stats, postgres }: Shared,
): Promise<Run> {
  const urls = (): string[] =>
    instances.filter((instance) => instance.running).map((instance) => instance.url);
  const phones = Array.from({ length: PHONES }, (_, n) => new ChaosPhone(urls, n, http, stats));
  await Promise.all(phones.map((phone) => phone.register(['chess', 'music'])));
  await until('every socket open', () => Promise.resolve(phones.every((phone) => phone.open)));
  const publisher = createRedisClient(phase.url, { name: 'sighej-chaos-probe', offlineQueue: true });
  const cluster = parseRedisUrl(phase.url).kind === 'cluster' ? new ClusterFaults(phase.url) : undefined;
  const run: Run = {
    url: phase.url,
    cluster,
    instances,
    postgres,
    stats,
    phones,
    publisher,
    keys: new NudgeKeys(new Keyspace(prefix)),
    deaf: 0,
    nudged: [],
    redecided: 0,
  };
  let running = true;
  const load = Promise.all([
    traffic(run, phase.rotate, () => running),
    passersBy(urls, http, stats, () => running),
  ]);
  try {
    await schedule(run, phase.faults);
  } finally {
    running = false;
    await load;
  }
  try {
    await finish(run);
    await sleep(2 * FLUSH_INTERVAL_MS);
    const [seen, ledger] = [await readStats(instances[0]), stats.today()];
    process.stderr.write(
      `chaos: stats so far: sessions ${seen.total_sessions_today} (ledger ${ledger.total_sessions_today}), ` +
        `matches ${seen.total_matches_today} (ledger ${ledger.total_matches_today})\n`,
    );
    return run;
  } finally {
    publisher.disconnect();
    cluster?.close();
  }
}

/** Waits for the last nudges, then ends every session (each socket must get 4001). */
async function finish(run: Run): Promise<void> {
  await sleep(3000);
  await Promise.all(run.phones.map((phone) => phone.end()));
  await until(
    'every socket told its session ended',
    () => Promise.resolve(run.phones.every((p) => p.ended)),
    10_000,
  ).catch(() => undefined);
  for (const phone of run.phones) phone.stop();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
