import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { StatsBatch } from '../buffer/stats-batch';
import { addDays, CalendarDay, daysInclusive } from '../calendar-day';
import { CommitInDoubtError } from './commit-in-doubt.error';
import type { DailyCounts } from './daily-counts';
import { DailyStatsRepository, TransactionOutcome } from './daily-stats-repository';
import { SerialQueue } from './serial-queue';

// One statement for both tables; arrays as parameters keep the text (and plan) the same
// whatever the batch size, and far from the 65 535-parameter limit.
const UPSERT = `
  WITH days AS (
    INSERT INTO daily_stats (date, total_sessions, total_matches)
    SELECT * FROM unnest($1::date[], $2::int[], $3::int[])
    ON CONFLICT (date) DO UPDATE SET
      total_sessions = daily_stats.total_sessions + EXCLUDED.total_sessions,
      total_matches = daily_stats.total_matches + EXCLUDED.total_matches
    RETURNING 1
  ), categories AS (
    INSERT INTO interest_category_counts (date, category, count)
    SELECT * FROM unnest($4::date[], $5::text[], $6::int[])
    ON CONFLICT (date, category) DO UPDATE SET count = interest_category_counts.count + EXCLUDED.count
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM days)::int AS days, (SELECT count(*) FROM categories)::int AS categories`;

// Applied-batch ids are kept for 90 days: far longer than any spool entry waits.
const RECORD_BATCH = `
  WITH forgotten AS (DELETE FROM stats_applied_batches WHERE applied_at < now() - interval '90 days')
  INSERT INTO stats_applied_batches (id) VALUES ($1) ON CONFLICT (id) DO NOTHING RETURNING id`;

interface DayRow {
  date: string;
  total_sessions: number;
  total_matches: number;
}
interface CategoryRow {
  date: string;
  category: string;
  count: number;
}

/** The counters in Postgres (or the embedded PGlite: same SQL, same migrations). */
@Injectable()
export class TypeOrmDailyStatsRepository implements DailyStatsRepository {
  // One writer and no overlapping transactions: required on PGlite, harmless on Postgres.
  private readonly queue = new SerialQueue();

  constructor(private readonly dataSource: DataSource) {}

  async apply(batch: StatsBatch): Promise<void> {
    if (!batch.isEmpty) await this.write(batch);
  }

  applyOnce(batchId: string, batch: StatsBatch): Promise<boolean> {
    return this.write(batch, batchId);
  }

  /** One transaction: the batch id (if any) recorded first, then the counters. */
  private write(batch: StatsBatch, batchId?: string): Promise<boolean> {
    return this.queue.run(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
        // Read first: if COMMIT's reply is lost, this id says whether it happened.
        const [{ id }] = (await runner.query('SELECT txid_current()::text AS id')) as [{ id: string }];
        if (batchId !== undefined) {
          const recorded = (await runner.query(RECORD_BATCH, [batchId])) as unknown[];
          if (recorded.length === 0) {
            await runner.rollbackTransaction();
            return false;
          }
        }
        if (!batch.isEmpty) await runner.query(UPSERT, upsertParameters(batch));
        await this.commit(runner, id);
        return true;
      } catch (error) {
        // Before COMMIT nothing is written; roll back so the pooled connection is reusable.
        if (!(error instanceof CommitInDoubtError) && runner.isTransactionActive)
          await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      } finally {
        await runner.release().catch(() => undefined);
      }
    });
  }

  outcome(transactionId: string): Promise<TransactionOutcome> {
    return this.queue.run(async () => {
      const [{ status }] = await this.dataSource.query<[{ status: string | null }]>(
        'SELECT txid_status($1::bigint) AS status',
        [transactionId],
      );
      if (status === 'committed') return 'committed';
      // 'in progress': the server has not yet noticed the dead connection; ask again later.
      if (status === 'in progress') return 'unknown';
      // 'aborted', or null (too old to tell, which a seconds-old transaction never is).
      return 'aborted';
    });
  }

  async day(date: CalendarDay): Promise<DailyCounts> {
    return (await this.range(date, date))[0];
  }

  range(from: CalendarDay, to: CalendarDay): Promise<DailyCounts[]> {
    return this.queue.run(async () => {
      const days = await this.dataSource.query<DayRow[]>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, total_sessions, total_matches
           FROM daily_stats WHERE date BETWEEN $1::date AND $2::date`,
        [from, to],
      );
      const categories = await this.dataSource.query<CategoryRow[]>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, category, count
           FROM interest_category_counts WHERE date BETWEEN $1::date AND $2::date`,
        [from, to],
      );
      const byDay = new Map<CalendarDay, DailyCounts>();
      const count = Math.max(0, daysInclusive(from, to));
      for (let i = 0; i < count; i += 1) {
        const date = addDays(from, i);
        byDay.set(date, { date, sessions: 0, matches: 0, categories: new Map() });
      }
      for (const row of days) {
        const entry = byDay.get(row.date);
        if (entry === undefined) continue;
        entry.sessions = Number(row.total_sessions);
        entry.matches = Number(row.total_matches);
      }
      for (const row of categories) byDay.get(row.date)?.categories.set(row.category, Number(row.count));
      return [...byDay.values()];
    });
  }

  private async commit(runner: QueryRunner, transactionId: string): Promise<void> {
    try {
      await runner.commitTransaction();
    } catch (error) {
      // Whether the server committed before the connection dropped cannot be known here.
      throw new CommitInDoubtError(transactionId, error);
    }
  }
}

function upsertParameters(batch: StatsBatch): unknown[] {
  const days: string[] = [];
  const sessions: number[] = [];
  const matches: number[] = [];
  const categoryDays: string[] = [];
  const categories: string[] = [];
  const counts: number[] = [];
  for (const entry of batch.entries()) {
    days.push(entry.date);
    sessions.push(entry.sessions);
    matches.push(entry.matches);
    for (const [category, count] of entry.categories) {
      categoryDays.push(entry.date);
      categories.push(category);
      counts.push(count);
    }
  }
  return [days, sessions, matches, categoryDays, categories, counts];
}
