import 'reflect-metadata';
import { createDataSource, InvalidConfigError, loadConfig, runMigrationsLocked } from '@sighej/shared';
import { STATS_MIGRATIONS } from '@sighej/stats';

/** `npm run migrate`: applies pending migrations (the service also does so at boot). */
async function main(): Promise<void> {
  const env = await loadConfig();
  const dataSource = createDataSource({
    url: env.DATABASE_URL,
    embeddedDataDir: env.EMBEDDED_DATA_DIR,
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
