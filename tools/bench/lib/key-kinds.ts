// MEMORY USAGE of every key the service left under a prefix, by kind. For redis-footprint.ts.
import type Redis from 'ioredis';
import { keyBytes } from './redis-info';

/** Key kinds by what follows the prefix; the first pattern that matches names the key. */
const KINDS: [string, RegExp][] = [
  ['session record (tok:<token>)', /^tok:/],
  ['live set (one ZSET, per member)', /^live$/],
  ['sighting ({m:eA:eB}:seen:<epoch>)', /^\{m:[^}]+\}:seen:/],
  ['meeting decision / claim ({m:eA:eB}:met)', /^\{m:[^}]+\}:met$/],
  ['per-epoch budget ({e:<epoch>}:budget)', /^\{e:[^}]+\}:budget$/],
  ['day-count marker ({s:a}:counted:<day>:b)', /^\{s:[^}]+\}:counted:/],
  ['pending nudges ZSET ({s:id}:pending)', /^\{s:[^}]+\}:pending$/],
  ['pending frames hash ({s:id}:frames)', /^\{s:[^}]+\}:frames$/],
  ['push channel ({s:id}:push)', /^\{s:[^}]+\}:push$/],
  ['push claim ({s:id}:pushed:<nudge>)', /^\{s:[^}]+\}:pushed:/],
  ['push queue ({push}:due, {push}:jobs)', /^\{push\}:(due|jobs)$/],
  ['push outcomes ({push}:outcomes:<minute>)', /^\{push\}:outcomes:/],
  ['limit key (rl:<name>)', /^rl:/],
  ['stats spool', /^stats:spool$/],
  ['secret fingerprint', /^secret-fingerprint$/],
];

export interface KindUsage {
  keys: number;
  bytes: number;
  members: number;
  example: string;
  bytesPerKey?: number;
  bytesPerMember?: number;
}

async function members(redis: Redis, key: string): Promise<number> {
  const type = await redis.type(key);
  if (type === 'zset') return redis.zcard(key);
  if (type === 'hash') return redis.hlen(key);
  if (type === 'set') return redis.scard(key);
  if (type === 'stream') return redis.xlen(key);
  return 1;
}

export async function memoryByKind(redis: Redis, prefix: string): Promise<Record<string, KindUsage>> {
  const byKind: Record<string, KindUsage> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const rest = key.slice(prefix.length);
      const kind = KINDS.find(([, pattern]) => pattern.test(rest))?.[0] ?? `other (${rest.slice(0, 20)})`;
      const entry = (byKind[kind] ??= { keys: 0, bytes: 0, members: 0, example: rest });
      entry.keys += 1;
      entry.bytes += await keyBytes(redis, key);
      entry.members += await members(redis, key);
    }
  } while (cursor !== '0');
  for (const entry of Object.values(byKind)) {
    entry.bytesPerKey = Math.round(entry.bytes / entry.keys);
    entry.bytesPerMember = Math.round(entry.bytes / entry.members);
  }
  return byKind;
}
