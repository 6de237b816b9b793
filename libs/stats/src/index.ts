export { InMemoryStatsRecorder } from './in-memory-stats-recorder';
export { StatsModule } from './stats.module';
export { StatsRecorder } from './stats-recorder';
