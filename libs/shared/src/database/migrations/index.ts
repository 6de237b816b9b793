import { CreateStatsTables1764028800000 } from './1764028800000-create-stats-tables';

/** Every migration, oldest first. The schema changes only through these (never `synchronize`). */
export const MIGRATIONS = [CreateStatsTables1764028800000];
