import { InMemoryDailyStatsRepository } from '../src';
import { dailyStatsRepositoryContract } from './daily-stats-repository.contract';

dailyStatsRepositoryContract('InMemoryDailyStatsRepository', () =>
  Promise.resolve(new InMemoryDailyStatsRepository()),
);
