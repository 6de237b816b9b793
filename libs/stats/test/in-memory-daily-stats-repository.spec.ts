import { InMemoryDailyStatsRepository } from '../src/repository/in-memory-daily-stats-repository';
import { dailyStatsRepositoryContract } from './daily-stats-repository.contract';

dailyStatsRepositoryContract('InMemoryDailyStatsRepository', () =>
  Promise.resolve(new InMemoryDailyStatsRepository()),
);
