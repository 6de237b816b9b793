export { LiveSessionCounter } from './live-session-counter';
export { STATS_MIGRATIONS } from './migrations';
export { StatsFlusher } from './stats-flusher';
export { StatsModule } from './stats.module';
export { StatsRecorder } from './stats-recorder';
export { dayIn } from './calendar-day';
