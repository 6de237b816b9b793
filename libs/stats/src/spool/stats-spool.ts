import { StatsBatch } from '../buffer/stats-batch';

/** A batch Postgres could not take at shutdown, waiting for the next flusher. */
export interface SpooledBatch {
  /** Unique per batch: Postgres records it with the write, so a batch is applied once. */
  id: string;
  batch: StatsBatch;
  /** Set when the batch's own commit was in doubt: written only if that transaction aborted. */
  afterTransaction?: string;
  /** When it was spooled (epoch ms), for the log. */
  spooledAt: number;
}

/**
 * Where a shutting-down flusher leaves the counts Postgres would not take, so no count is
 * lost: Redis when the deployment has one (any instance drains it), a file next to the
 * embedded data otherwise (the next start drains it). Entries are removed only after
 * Postgres has them; applying one twice is harmless (see `DailyStatsRepository.applyOnce`).
 */
export abstract class StatsSpool {
  /** Where entries go, for log lines ("Redis hash sighej:stats:spool"). */
  abstract readonly location: string;
  abstract keep(entry: SpooledBatch): Promise<void>;
  /** Every entry kept so far, oldest first; a damaged entry is reported as `damaged`. */
  abstract list(): Promise<{ entries: SpooledBatch[]; damaged: string[] }>;
  /** Forgets an entry (no-op when it is already gone). */
  abstract remove(id: string): Promise<void>;
}

/** An entry as stored: JSON of the batch and its metadata. */
export function serialiseSpooled(entry: SpooledBatch): string {
  return JSON.stringify({ ...entry, batch: entry.batch.toJSON() });
}

/**
 * Stored entries (id → text) as a `StatsSpool.list` answer: parsed, oldest first, and the
 * ids of those that do not parse (or whose id differs from the one they are stored under).
 */
export function parseStored(stored: Iterable<readonly [string, string]>): {
  entries: SpooledBatch[];
  damaged: string[];
} {
  const entries: SpooledBatch[] = [];
  const damaged: string[] = [];
  for (const [id, text] of stored) {
    try {
      const entry = parseSpooled(text);
      if (entry.id !== id) throw new TypeError('entry stored under another id');
      entries.push(entry);
    } catch {
      damaged.push(id);
    }
  }
  return { entries: entries.sort((a, b) => a.spooledAt - b.spooledAt), damaged };
}

/** The entry `serialiseSpooled` wrote; throws on anything else. */
export function parseSpooled(text: string): SpooledBatch {
  const value = JSON.parse(text) as Partial<Record<keyof SpooledBatch, unknown>>;
  if (typeof value.id !== 'string' || typeof value.spooledAt !== 'number')
    throw new TypeError('a spooled stats batch needs an id and a time');
  if (value.afterTransaction !== undefined && typeof value.afterTransaction !== 'string')
    throw new TypeError('afterTransaction is a transaction id');
  return {
    id: value.id,
    batch: StatsBatch.fromJSON(value.batch),
    spooledAt: value.spooledAt,
    ...(value.afterTransaction === undefined ? {} : { afterTransaction: value.afterTransaction }),
  };
}
