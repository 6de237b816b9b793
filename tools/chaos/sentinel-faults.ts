import { parseRedisUrl } from '@sighej/shared';
import Redis from 'ioredis';
import { until } from './cluster-faults';

/** SENTINEL FAILOVER of the group `url` names; resolves once the Sentinel names the new primary. */
export async function sentinelFailover(url: string): Promise<void> {
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
