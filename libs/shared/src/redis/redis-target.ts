/** One `host:port` of a Redis node or a Sentinel. */
export interface RedisEndpoint {
  host: string;
  port: number;
}

/** Credentials of the data nodes (ACL user and password; Redis < 6 knows only a password). */
export interface RedisCredentials {
  username?: string;
  password?: string;
}

export type RedisTarget = RedisCredentials & { tls: boolean } & (
    | { kind: 'standalone'; endpoint: RedisEndpoint; db: number }
    | { kind: 'cluster'; nodes: RedisEndpoint[] }
    | {
        kind: 'sentinel';
        sentinels: RedisEndpoint[];
        masterName: string;
        db: number;
        sentinelUsername?: string;
        sentinelPassword?: string;
      }
  );

/** What `REDIS_URL` accepts, for error messages and docs. */
export const REDIS_URL_FORMS =
  'redis://[user:password@]host[:port][/db], rediss://… (TLS), ' +
  'redis+cluster://[user:password@]host:port,host:port,… (Redis Cluster) or ' +
  'redis+sentinel://[user:password@]host:port,host:port,…/<master>[/db] (Sentinel)';

/**
 * A REDIS_URL that cannot be used. The message never quotes any part of the URL: a password
 * with an unencoded `/` or `@` would otherwise show up as a "host" or "database".
 */
export class InvalidRedisUrlError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidRedisUrlError';
  }
}

const DEFAULT_PORT = 6379;
const DEFAULT_SENTINEL_PORT = 26379;
const SCHEME = /^(rediss?)(\+cluster|\+sentinel)?:\/\/(.*)$/s;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[([0-9A-Fa-f:.]+)\]$/;
const MASTER_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const SENTINEL_QUERY = new Set(['sentinelUsername', 'sentinelPassword']);

/**
 * Parses `REDIS_URL` into what ioredis needs for one server, a Cluster or a Sentinel group.
 * The userinfo is the data nodes' credentials (what `AUTH` on the master takes); a Sentinel
 * that itself requires a password gets it from `?sentinelPassword=` (and `sentinelUsername`).
 * Throws `InvalidRedisUrlError` saying what is wrong.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const scheme = SCHEME.exec(url.trim());
  if (scheme === null) throw new InvalidRedisUrlError('unknown scheme');
  const [, base, mode = '', rest] = scheme;
  const tls = base === 'rediss';
  const { authority, path, query } = splitRest(rest);
  const at = authority.lastIndexOf('@');
  const credentials = at < 0 ? {} : parseUserinfo(authority.slice(0, at));
  const hosts = authority.slice(at + 1);
  const params = parseQuery(query, mode === '+sentinel' ? SENTINEL_QUERY : new Set());
  const segments = path.split('/').filter((segment) => segment !== '');

  if (mode === '+sentinel') {
    const [masterName, db, ...extra] = segments;
    if (masterName === undefined || !MASTER_NAME.test(masterName))
      throw new InvalidRedisUrlError('a Sentinel URL needs the master name as its path');
    if (extra.length > 0) throw new InvalidRedisUrlError('the path is /<master>[/db]');
    return {
      kind: 'sentinel',
      tls,
      ...credentials,
      sentinels: parseEndpoints(hosts, DEFAULT_SENTINEL_PORT),
      masterName,
      db: parseDb(db),
      ...optional('sentinelUsername', params.get('sentinelUsername')),
      ...optional('sentinelPassword', params.get('sentinelPassword')),
    };
  }
  if (mode === '+cluster') {
    if (segments.length > 1 || (segments.length === 1 && segments[0] !== '0'))
      throw new InvalidRedisUrlError('Redis Cluster has only database 0');
    return { kind: 'cluster', tls, ...credentials, nodes: parseEndpoints(hosts, DEFAULT_PORT) };
  }
  const endpoints = parseEndpoints(hosts, DEFAULT_PORT);
  if (endpoints.length > 1)
    throw new InvalidRedisUrlError('several hosts need redis+cluster:// or redis+sentinel://');
  if (segments.length > 1) throw new InvalidRedisUrlError('the path is the database number');
  return { kind: 'standalone', tls, ...credentials, endpoint: endpoints[0], db: parseDb(segments[0]) };
}

function splitRest(rest: string): { authority: string; path: string; query: string } {
  const hash = rest.indexOf('#');
  if (hash >= 0) throw new InvalidRedisUrlError('a fragment (#) is not allowed');
  const end = rest.search(/[/?]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const question = tail.indexOf('?');
  return {
    authority,
    path: question < 0 ? tail : tail.slice(0, question),
    query: question < 0 ? '' : tail.slice(question + 1),
  };
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new InvalidRedisUrlError(`the ${what} is not valid percent-encoding`);
  }
}

function parseUserinfo(userinfo: string): RedisCredentials {
  const colon = userinfo.indexOf(':');
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), 'user name');
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1), 'password');
  // `redis://secret@host` is how redis-cli and older clients pass a bare password.
  if (colon < 0) return username === '' ? {} : { password: username };
  return { ...optional('username', username), ...optional('password', password) };
}

function parseEndpoints(hosts: string, defaultPort: number): RedisEndpoint[] {
  if (hosts === '') throw new InvalidRedisUrlError('no host');
  return hosts.split(',').map((entry) => parseEndpoint(entry.trim(), defaultPort));
}

function parseEndpoint(entry: string, defaultPort: number): RedisEndpoint {
  const bracket = entry.startsWith('[') ? entry.indexOf(']') : -1;
  const colon = bracket >= 0 ? entry.indexOf(':', bracket) : entry.lastIndexOf(':');
  const hostPart = colon < 0 ? entry : entry.slice(0, colon);
  const portPart = colon < 0 ? undefined : entry.slice(colon + 1);
  const ipv6 = IPV6.exec(hostPart);
  if (ipv6 === null && !HOST.test(hostPart))
    throw new InvalidRedisUrlError('a host is not a host name or address');
  return { host: ipv6 === null ? hostPart : ipv6[1], port: parsePort(portPart, defaultPort) };
}

function parsePort(text: string | undefined, defaultPort: number): number {
  if (text === undefined) return defaultPort;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new InvalidRedisUrlError('a port is not a number from 1 to 65535');
  return port;
}

function parseDb(text: string | undefined): number {
  if (text === undefined) return 0;
  const db = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(db >= 0 && db <= 10_000)) throw new InvalidRedisUrlError('the database is not a number');
  return db;
}

function parseQuery(query: string, allowed: ReadonlySet<string>): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&').filter((part) => part !== '')) {
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals), 'query');
    if (!allowed.has(name))
      throw new InvalidRedisUrlError(
        allowed.size === 0
          ? 'this form takes no query parameters'
          : `unknown query parameter (accepted: ${[...allowed].join(', ')})`,
      );
    params.set(name, decode(equals < 0 ? '' : pair.slice(equals + 1), 'query'));
  }
  return params;
}

function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [name]: value } as Record<K, string>);
}

/**
 * `value` with its userinfo and `sentinelPassword` masked, so it can be shown in an error
 * line. Masks up to the last `@`, since a password may hold an unencoded `/` or `@`.
 */
export function withoutCredentials(value: string): string {
  return value.replace(/\/\/.*@/s, '//***@').replace(/(sentinelPassword=)[^&#]*/g, '$1***');
}
