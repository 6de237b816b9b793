/**
 * Calendar days as `YYYY-MM-DD` strings: the key of every stats row. Strings rather than
 * Dates so that no code path can shift a day through a time-zone conversion.
 */
export type CalendarDay = string;

const DAY_MS = 86_400_000;
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The day `epochMs` falls on in `timeZone` (an IANA name validated at boot). */
export function dayIn(timeZone: string, epochMs: number): CalendarDay {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(epochMs);
}

/**
 * What `isCalendarDay` accepts, as the OpenAPI `pattern` beside `format: date`: four-digit years
 * 0001-9999 (Postgres has no year 0), two-digit months and days. The calendar check is on top.
 */
export const CALENDAR_DAY_PATTERN = '^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/** True for `YYYY-MM-DD` naming a real day (no 2026-02-30), years 0001-9999. */
export function isCalendarDay(value: unknown): value is CalendarDay {
  if (typeof value !== 'string') return false;
  const parts = SHAPE.exec(value);
  if (parts === null) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (year < 1) return false;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toUtcMs(day: CalendarDay): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `day` moved by `count` days. */
export function addDays(day: CalendarDay, count: number): CalendarDay {
  return new Date(toUtcMs(day) + count * DAY_MS).toISOString().slice(0, 10);
}

/** How many days `from`..`to` spans, both included (0 or less when `to` is before `from`). */
export function daysInclusive(from: CalendarDay, to: CalendarDay): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS) + 1;
}
