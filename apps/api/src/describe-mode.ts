import type { Env } from '@sighej/shared';

/** The one boot line that says where state lives. */
export function describeMode(env: Env): string {
  const sessions = env.REDIS_URL !== undefined ? 'Redis' : 'in-process memory (single instance only)';
  const stats =
    env.DATABASE_URL !== undefined ? 'Postgres' : `embedded Postgres (PGlite) under ${env.EMBEDDED_DATA_DIR}`;
  const mode = env.embedded ? 'embedded mode' : 'external mode';
  return `SigHej ${mode}: sessions, nudges and fan-out in ${sessions}; stats in ${stats}`;
}
