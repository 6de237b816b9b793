import 'reflect-metadata';
import { createDataSource, InvalidConfigError, runMigrationsLocked } from '@sighej/shared';
import { STATS_MIGRATIONS } from '@sighej/stats';
import { readAppConfiguration } from './config/app-settings';

/** `npm run migrate`: applies pending migrations (the service also does so at boot). */
async function main(): Promise<void> {
  const { core } = await readAppConfiguration();
  const dataSource = createDataSource({
    url: core.DATABASE_URL,
    embeddedDataDir: core.EMBEDDED_DATA_DIR,
    migrations: STATS_MIGRATIONS,
  });
  await dataSource.initialize();
  const applied = await runMigrationsLocked(dataSource);
  process.stdout.write(
    `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ') || 'none pending'}\n`,
  );
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof InvalidConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
