export { Metrics, NUDGE_DROP_REASONS, type NudgeDropReason } from './metrics';
export { MetricsModule } from './metrics.module';
