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

/** Polls `read` until it returns `expected` (deep-equal as JSON) or `timeoutMs` passes; returns the last value. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
