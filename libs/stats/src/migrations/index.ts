import { CreateStatsTables1764028800000 } from './1764028800000-create-stats-tables';

/** The stats tables' migrations, oldest first. The schema changes only through these (never `synchronize`). */
export const STATS_MIGRATIONS = [CreateStatsTables1764028800000];
