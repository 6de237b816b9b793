import { CreateStatsTables1764028800000 } from './1764028800000-create-stats-tables';
import { CreateAppliedBatches1796169600000 } from './1796169600000-create-applied-batches';

/** The stats tables' migrations, oldest first. The schema changes only through these (never `synchronize`). */
export const STATS_MIGRATIONS = [CreateStatsTables1764028800000, CreateAppliedBatches1796169600000];
