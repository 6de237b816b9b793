import { DataSource, Migration } from 'typeorm';

/** The advisory lock key every instance takes around its migrations ("sighej migrations"). */
const MIGRATIONS_LOCK = 0x5349_4748;

/**
 * Applies pending migrations under a Postgres advisory lock, so instances booting at once on a
 * fresh database migrate one after the other: the first applies them, the others find none
 * pending (instead of racing on CREATE TABLE). The embedded PGlite has one process only.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  if ('driver' in dataSource.options && dataSource.options.driver !== undefined)
    return dataSource.runMigrations({ transaction: 'each' });
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
