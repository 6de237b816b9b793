import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';

/** Direct SQL on a test database (seeding past days, reading what the flusher wrote). */
export class StatsDb {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<StatsDb> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return new StatsDb(client);
  }

  async query<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(text, values)).rows;
  }

  async sessionsOn(day: string): Promise<number> {
    const rows = await this.query<{ n: number }>(
      'SELECT total_sessions AS n FROM daily_stats WHERE date = $1',
      [day],
    );
    return rows[0]?.n ?? 0;
  }

  async categoriesOn(day: string): Promise<Record<string, number>> {
    const rows = await this.query<{ category: string; count: number }>(
      'SELECT category, count FROM interest_category_counts WHERE date = $1',
      [day],
    );
    return Object.fromEntries(rows.map((row) => [row.category, row.count]));
  }

  async seed(
    day: string,
    sessions: number,
    matches: number,
    categories: Record<string, number>,
  ): Promise<void> {
    await this.query('INSERT INTO daily_stats (date, total_sessions, total_matches) VALUES ($1, $2, $3)', [
      day,
      sessions,
      matches,
    ]);
    for (const [category, count] of Object.entries(categories))
      await this.query('INSERT INTO interest_category_counts (date, category, count) VALUES ($1, $2, $3)', [
        day,
        category,
        count,
      ]);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/**
 * Polls `read` until it returns something deep-equal to `expected` or `timeoutMs` passes;
 * returns the last value (a read that throws, e.g. before migrations ran, counts as a miss).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  expected: T,
  timeoutMs = 5000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  const attempt = (): Promise<T | undefined> => read().catch(() => undefined);
  let value = await attempt();
  while (!isDeepStrictEqual(value, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await attempt();
  }
  return value;
}
