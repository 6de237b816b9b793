import { createDataSource } from '@sighej/shared';
import { STATS_MIGRATIONS } from '@sighej/stats';
import { TypeOrmDailyStatsRepository } from '../src/repository/typeorm-daily-stats-repository';
import { StatsBatch } from '../src/buffer/stats-batch';
import { CommitInDoubtError } from '../src/repository/commit-in-doubt.error';
import { DataSource } from 'typeorm';
import { freshTestDatabase } from '../../../test/support/test-services';
import { dailyStatsRepositoryContract } from './daily-stats-repository.contract';
import { ReplyDroppingProxy } from './reply-dropping-proxy';

const databases: { drop: () => Promise<void> }[] = [];
const dataSources: DataSource[] = [];

async function migratedDataSource(url: string): Promise<DataSource> {
  const dataSource = createDataSource({ url, embeddedDataDir: 'unused', migrations: STATS_MIGRATIONS });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  dataSources.push(dataSource);
  return dataSource;
}

async function freshDataSource(): Promise<{ url: string; dataSource: DataSource }> {
  const database = await freshTestDatabase();
  databases.push(database);
  return { url: database.url, dataSource: await migratedDataSource(database.url) };
}

afterAll(async () => {
  const open = dataSources.filter((d) => d.isInitialized);
  await Promise.all(open.map((d) => d.destroy().catch(() => undefined)));
  await Promise.all(databases.map((database) => database.drop()));
}, 30_000);

dailyStatsRepositoryContract('TypeOrmDailyStatsRepository on Postgres', async () => {
  const { dataSource } = await freshDataSource();
  return new TypeOrmDailyStatsRepository(dataSource);
});

describe('TypeOrmDailyStatsRepository commit outcomes', () => {
  const oneSession = (): StatsBatch => {
    const batch = new StatsBatch();
    batch.addSession('2026-03-01', ['tech']);
    return batch;
  };

  it('tells a committed transaction from a rolled-back one', async () => {
    const { dataSource } = await freshDataSource();
    const repository = new TypeOrmDailyStatsRepository(dataSource);
    const txid = async (end: 'COMMIT' | 'ROLLBACK'): Promise<string> => {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      const [{ id }] = (await runner.query('SELECT txid_current()::text AS id')) as [{ id: string }];
      await runner.query(end);
      await runner.release();
      return id;
    };
    expect(await repository.outcome(await txid('COMMIT'))).toBe('committed');
    expect(await repository.outcome(await txid('ROLLBACK'))).toBe('aborted');
  });

  it('reports a commit whose reply was lost as in doubt, and Postgres then says it committed', async () => {
    const { url } = await freshDataSource();
    const proxy = await new ReplyDroppingProxy(new URL(url)).start();
    try {
      const dataSource = await migratedDataSource(proxy.wrap(url));
      const repository = new TypeOrmDailyStatsRepository(dataSource);
      proxy.dropReplyTo('COMMIT');
      const failure = await repository.apply(oneSession()).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CommitInDoubtError);
      expect(await repository.outcome((failure as CommitInDoubtError).transactionId)).toBe('committed');
      expect((await repository.day('2026-03-01')).sessions).toBe(1);
    } finally {
      await proxy.stop();
    }
  });

  it('writes nothing when the connection drops before COMMIT', async () => {
    const { url } = await freshDataSource();
    const proxy = await new ReplyDroppingProxy(new URL(url)).start();
    try {
      const dataSource = await migratedDataSource(proxy.wrap(url));
      const repository = new TypeOrmDailyStatsRepository(dataSource);
      proxy.dropReplyTo('INSERT INTO daily_stats');
      const failure = await repository.apply(oneSession()).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(CommitInDoubtError);
      expect((await repository.day('2026-03-01')).sessions).toBe(0);
    } finally {
      await proxy.stop();
    }
  });
});

describe('TypeOrmDailyStatsRepository.applyOnce across processes', () => {
  it('counts a spooled batch once when two instances write it at the same moment', async () => {
    const { url, dataSource } = await freshDataSource();
    const first = new TypeOrmDailyStatsRepository(dataSource);
    const second = new TypeOrmDailyStatsRepository(await migratedDataSource(url));
    const batch = new StatsBatch();
    batch.addSession('2026-03-01', ['tech']);
    for (let round = 0; round < 10; round += 1) {
      const results = await Promise.all([
        first.applyOnce(`raced-${round}`, batch),
        second.applyOnce(`raced-${round}`, batch),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    expect((await first.day('2026-03-01')).sessions).toBe(10);
  });
});
