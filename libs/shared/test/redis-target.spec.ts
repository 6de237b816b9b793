import { InvalidConfigError, loadConfiguration, parseRedisUrl, withoutCredentials } from '../src';

describe('parseRedisUrl', () => {
  it('reads one server with its database, credentials and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/3')).toEqual({
      kind: 'standalone',
      tls: false,
      endpoint: { host: '127.0.0.1', port: 6380 },
      db: 3,
    });
    expect(parseRedisUrl('rediss://app:p%40ss%2Fw@redis.example.com')).toEqual({
      kind: 'standalone',
      tls: true,
      username: 'app',
      password: 'p@ss/w',
      endpoint: { host: 'redis.example.com', port: 6379 },
      db: 0,
    });
  });

  it('takes a bare userinfo or an empty user name as the password', () => {
    expect(parseRedisUrl('redis://secret@h:1')).toMatchObject({ password: 'secret' });
    expect(parseRedisUrl('redis://:secret@h:1')).toMatchObject({ password: 'secret' });
    expect(parseRedisUrl('redis://:secret@h:1')).not.toHaveProperty('username');
  });

  it('reads a Cluster as its startup nodes', () => {
    expect(parseRedisUrl('redis+cluster://u:p@10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      tls: false,
      username: 'u',
      password: 'p',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(parseRedisUrl('rediss+cluster://node-1:7000/0')).toMatchObject({ kind: 'cluster', tls: true });
  });

  it("reads a Sentinel group: sentinels, master name, database and the sentinels' own password", () => {
    expect(
      parseRedisUrl(
        'redis+sentinel://:data@s1:26379,s2/mymaster/2?sentinelPassword=s%26cret&sentinelUsername=watch',
      ),
    ).toEqual({
      kind: 'sentinel',
      tls: false,
      password: 'data',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      masterName: 'mymaster',
      db: 2,
      sentinelUsername: 'watch',
      sentinelPassword: 's&cret',
    });
  });

  it.each([
    ['http://h:6379', /scheme/],
    ['redis://', /no host/],
    ['redis://a:1,b:2', /redis\+cluster/],
    ['redis://h:99999', /port/],
    ['redis://h/x', /database/],
    ['redis://h?family=6', /no query/],
    ['redis+cluster://h:1/3', /only database 0/],
    ['redis+sentinel://s:26379', /master name/],
    ['redis+sentinel://s/m?password=x', /unknown query parameter/],
    ['redis://bad_host!:1', /host/],
  ])('refuses %s', (url, reason) => {
    expect(() => parseRedisUrl(url)).toThrow(reason);
  });

  it('never quotes the URL in an error, even when an unencoded "/" moves the password into the path', () => {
    for (const url of [
      'redis://user:top/secret@h',
      'redis+cluster://user:top/secret@h:1,x',
      'redis://top-secret@h:1/top-secret',
    ]) {
      let message = '';
      try {
        parseRedisUrl(url);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toMatch(/secret/);
    }
  });

  it('masks credentials for display', () => {
    expect(withoutCredentials('redis+sentinel://u:p@w/d@s:1/m?sentinelPassword=x&sentinelUsername=y')).toBe(
      'redis+sentinel://***@s:1/m?sentinelPassword=***&sentinelUsername=y',
    );
  });
});

describe('REDIS_URL validation', () => {
  const problem = (value: string): string => {
    try {
      loadConfiguration([], { REDIS_URL: value });
    } catch (error) {
      if (error instanceof InvalidConfigError) return error.problems.join('\n');
    }
    return '';
  };

  it('accepts every form', () => {
    for (const url of [
      'redis://127.0.0.1:6379/0',
      'rediss://u:p@h:6380',
      'redis+cluster://h1:7000,h2:7001',
      'redis+sentinel://:p@s1:26379,s2:26379/mymaster',
    ])
      expect(loadConfiguration([], { REDIS_URL: url }).core.REDIS_URL).toBe(url);
  });

  it('says in one line what is accepted and what is wrong, without the password', () => {
    const line = problem('redis+cluster://admin:hunter2-password@h1:7000/5');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^REDIS_URL: must be redis:\/\/.*rediss:\/\/.*redis\+cluster:\/\/.*redis\+sentinel:\/\//,
    );
    expect(line).toMatch(/only database 0/);
    expect(line).not.toMatch(/hunter2/);
    expect(problem('redis://admin:hunter2/x@h1:7000')).not.toMatch(/hunter2/);
  });
});
