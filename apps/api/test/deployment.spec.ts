import { CoreSettings, loadConfiguration } from '@sighej/shared';
import { Deployment } from '../src/deployment/deployment';

const core = (source: Record<string, string>): CoreSettings => loadConfiguration([], source).core;

describe('Deployment.of', () => {
  it('is embedded with neither REDIS_URL nor DATABASE_URL', () => {
    const deployment = Deployment.of(core({ EMBEDDED_DATA_DIR: '/var/sighej' }));
    expect(deployment.sessions).toEqual({ kind: 'in-process' });
    expect(deployment.stats).toEqual({ kind: 'embedded', dataDir: '/var/sighej' });
    expect(deployment.embedded).toBe(true);
    expect(deployment.describe()).toBe(
      'SigHej embedded mode: sessions, nudges and fan-out in in-process memory (single instance only); ' +
        'stats in embedded Postgres (PGlite) under /var/sighej',
    );
  });

  it('shares Redis and Postgres when both are set', () => {
    const env = core({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'venue:',
      DATABASE_URL: 'postgres://127.0.0.1/sighej',
    });
    const deployment = Deployment.of(env);
    expect(deployment.sessions).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'venue:',
    });
    expect(deployment.stats).toEqual({ kind: 'postgres', url: 'postgres://127.0.0.1/sighej' });
    expect(deployment.embedded).toBe(false);
    expect(deployment.describe()).toBe(
      'SigHej external mode: sessions, nudges and fan-out in Redis; stats in Postgres',
    );
  });

  it('is not embedded with Redis but the embedded Postgres', () => {
    const deployment = Deployment.of(core({ REDIS_URL: 'redis://127.0.0.1:6379' }));
    expect(deployment.stats.kind).toBe('embedded');
    expect(deployment.embedded).toBe(false);
  });
});
