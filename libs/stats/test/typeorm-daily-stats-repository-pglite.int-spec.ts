import { createDataSource } from '@sighej/shared';
import { STATS_MIGRATIONS } from '@sighej/stats';
import { TypeOrmDailyStatsRepository } from '../src/repository/typeorm-daily-stats-repository';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { DataSource } from 'typeorm';
import { dailyStatsRepositoryContract } from './daily-stats-repository.contract';

// The embedded mode runs the same repository and migrations on PGlite. PGlite loads as an
// ES module, which jest can only do under NODE_OPTIONS=--experimental-vm-modules (set by
// `npm run test:unit`); test/stats-embedded.e2e-spec.ts covers PGlite without the flag.
const withVmModules = 'SourceTextModule' in vm;
const directory = mkdtempSync(join(tmpdir(), 'sighej-pglite-'));
let dataSource: DataSource;

(withVmModules ? describe : describe.skip)('on PGlite (needs --experimental-vm-modules)', () => {
  beforeAll(async () => {
    dataSource = createDataSource({ embeddedDataDir: directory, migrations: STATS_MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  }, 30_000);

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  dailyStatsRepositoryContract('TypeOrmDailyStatsRepository on PGlite', async () => {
    await dataSource.query('TRUNCATE daily_stats, interest_category_counts, stats_applied_batches');
    return new TypeOrmDailyStatsRepository(dataSource);
  });

  it('tells a committed transaction on PGlite apart', async () => {
    const repository = new TypeOrmDailyStatsRepository(dataSource);
    await dataSource.query('BEGIN');
    const [{ id }] = await dataSource.query<[{ id: string }]>('SELECT txid_current()::text AS id');
    await dataSource.query('COMMIT');
    expect(await repository.outcome(id)).toBe('committed');
  });
});
