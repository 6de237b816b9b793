import { createRedisClient, parseRedisUrl, RedisClient, Keyspace } from '@sighej/shared';
import { NudgeKeys } from '@sighej/nudge';
import Redis from 'ioredis';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { ChaosPhone, PROBE_TOKEN } from './chaos-phone';
import { ClusterFaults, topologyPort, until } from './cluster-faults';
import { HttpLedger } from './http-ledger';
import { ledgerLines, Meeting } from './ledger';
import { ServiceInstance } from './service-instances';

const POSTGRES = process.env.CHAOS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PHONES = 24;
/** A socket that hears no probe within this after a fault is deaf (the service closes a channel it cannot keep after 10 s). */
const HEAR_WITHIN_MS = 20_000;
const NEW_NODE_PORT = topologyPort(6);

interface Run {
  url: string;
  /** The Cluster's fault helpers (undefined on the Sentinel group). */
  cluster?: ClusterFaults;
  instances: ServiceInstance[];
  phones: ChaosPhone[];
  publisher: RedisClient;
  keys: NudgeKeys;
  deaf: number;
  /** Meetings the service said it nudged: both phones must get one nudge naming the other's token. */
  nudged: Meeting[];
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
  { name: 'kill -9 of an instance', inject: (run) => restartInstance(run, 'SIGKILL') },
  { name: 'SIGTERM of an instance', inject: (run) => restartInstance(run, 'SIGTERM') },
];

/** SENTINEL FAILOVER; resolves once the Sentinel names the new primary. */
async function sentinelFailover({ url }: Run): Promise<void> {
  const target = parseRedisUrl(url);
  if (target.kind !== 'sentinel') throw new Error('not a Sentinel URL');
  const sentinel = new Redis(target.sentinels[0]);
  const primary = async (): Promise<string> =>
    ((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', target.masterName)) as string[]).join(':');
  try {
    const before = await primary();
    // A replica must be in sync (and known to the Sentinel) before it can be promoted.
    await until(
      'a failover the Sentinel accepts',
      async () => (await sentinel.call('SENTINEL', 'FAILOVER', target.masterName)) === 'OK',
    );
    await until('the new primary', async () => (await primary()) !== before, 30_000);
  } finally {
    sentinel.disconnect(); // Sentinel 7.0 has no QUIT.
  }
}

/** The Sentinel group's fault, and an instance restart on it. */
const SENTINEL_FAULTS: Fault[] = [{ name: 'SENTINEL FAILOVER', inject: sentinelFailover }];

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

async function restartInstance({ instances }: Run, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const instance = instances[Math.floor(Math.random() * instances.length)];
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
    await b.report(aToken);
    const answer = await a.report(bToken);
    if (answer?.nudge_sent) run.nudged.push({ a, aToken, b, bToken });
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

async function main(): Promise<number> {
  const short = process.argv.includes('--short');
  const urls = topologyUrls();
  const twice = (faults: Fault[]): Fault[] => (short ? faults : [...faults, ...faults]);
  const phases: Phase[] = [
    {
      url: urls.cluster,
      ports: [topologyPort(30), topologyPort(31)],
      faults: twice(CLUSTER_FAULTS),
      rotate: true,
    },
    {
      url: urls.sentinel,
      ports: [topologyPort(32), topologyPort(33)],
      faults: SENTINEL_FAULTS,
      rotate: false,
    },
  ];
  const http = new HttpLedger();
  const runs: Run[] = [];
  await withDatabase(async (databaseUrl) => {
    for (const phase of phases) runs.push(await runPhase(phase, databaseUrl, http));
  });
  const lines = ledgerLines(
    runs.flatMap((run) => run.phones),
    runs.flatMap((run) => run.nudged),
    runs.reduce((sum, run) => sum + run.deaf, 0),
    http,
  );
  process.stdout.write(`${lines.map((line) => `${line.ok ? 'ok  ' : 'MISS'} ${line.text}`).join('\n')}\n`);
  return lines.every((line) => line.ok) ? 0 : 1;
}

/** The phase's instances (one key prefix), phones, traffic and faults; stopped again after. */
async function runPhase(phase: Phase, databaseUrl: string, http: HttpLedger): Promise<Run> {
  const prefix = `chaos${randomBytes(3).toString('hex')}:`;
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL: phase.url,
    REDIS_KEY_PREFIX: prefix,
    DATABASE_URL: databaseUrl,
    LIMIT_KEY_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_API_KEY: randomBytes(32).toString('base64url'),
    RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
    RATE_LIMIT_MATCHES_PER_MINUTE: '0',
    RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
    RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
    MATCH_NEW_MEETINGS_PER_WINDOW: '0',
    SHUTDOWN_GRACE_MS: '500',
  };
  const instances = phase.ports.map((port) => new ServiceInstance(port, env));
  try {
    await Promise.all(instances.map((instance) => instance.start()));
    return await chaos(phase, prefix, instances, http);
  } finally {
    await Promise.all(instances.map((instance) => instance.stop('SIGTERM')));
  }
}

/** Phones on the instances, traffic, the fault schedule with a probe after each fault, the last checks. */
async function chaos(
  phase: Phase,
  prefix: string,
  instances: ServiceInstance[],
  http: HttpLedger,
): Promise<Run> {
  const urls = (): string[] =>
    instances.filter((instance) => instance.running).map((instance) => instance.url);
  const phones = Array.from({ length: PHONES }, (_, n) => new ChaosPhone(urls, n, http));
  await Promise.all(phones.map((phone) => phone.register(['chess', 'music'])));
  await until('every socket open', () => Promise.resolve(phones.every((phone) => phone.open)));
  const publisher = createRedisClient(phase.url, { name: 'sighej-chaos-probe', offlineQueue: true });
  const cluster = parseRedisUrl(phase.url).kind === 'cluster' ? new ClusterFaults(phase.url) : undefined;
  const run: Run = {
    url: phase.url,
    cluster,
    instances,
    phones,
    publisher,
    keys: new NudgeKeys(new Keyspace(prefix)),
    deaf: 0,
    nudged: [],
  };
  let running = true;
  const load = traffic(run, phase.rotate, () => running);
  try {
    await schedule(run, phase.faults);
  } finally {
    running = false;
    await load;
  }
  try {
    await finish(run);
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
