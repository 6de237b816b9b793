import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import type { DataSourceOptions } from 'typeorm';

export interface DatabaseTarget {
  /** A postgres:// URL, or undefined for the embedded Postgres (PGlite) under `embeddedDataDir`. */
  url?: string;
  embeddedDataDir: string;
  /** The schema's migrations, owned by the libs whose tables they create (stats). */
  migrations: DataSourceOptions['migrations'];
}

/**
 * One DataSource for both modes: the same migrations and repository code run on a real
 * Postgres or on the embedded PGlite. Not initialised here.
 */
export function createDataSource({ url, embeddedDataDir, migrations }: DatabaseTarget): DataSource {
  const common = { type: 'postgres' as const, migrations, synchronize: false, logging: false };
  if (url !== undefined) {
    return new DataSource({
      ...common,
      url,
      // Fail fast while Postgres is away; the stats flusher retries on its own schedule.
      connectTimeoutMS: 2000,
      extra: { max: 4, connectionTimeoutMillis: 2000, query_timeout: 5000 },
    });
  }
  const dataDir = resolve(embeddedDataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  return new DataSource({ ...common, driver: new PGliteDriver({ dataDir }).driver });
}
