import { CALENDAR_DAY_PATTERN, isCalendarDay } from '../src/calendar-day';
import { daysInclusive } from '../src/calendar-day';
import { dayIn } from '../src/calendar-day';
import { addDays } from '../src/calendar-day';

describe('calendar days', () => {
  it('places an instant on its day in the given time zone', () => {
    const instant = Date.parse('2026-03-01T11:30:00Z');
    expect(dayIn('UTC', instant)).toBe('2026-03-01');
    expect(dayIn('Pacific/Auckland', instant)).toBe('2026-03-02');
    expect(dayIn('America/Los_Angeles', Date.parse('2026-03-01T05:00:00Z'))).toBe('2026-02-28');
  });

  it.each([
    '2026-02-28',
    '2024-02-29',
    '2026-12-31',
    '1999-01-01',
    '0999-01-01',
    '0050-03-01',
    '0001-01-01',
    '0004-02-29',
  ])('accepts %s', (day) => expect(isCalendarDay(day)).toBe(true));
  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-1-01',
    '2026-01-1',
    '26-01-01',
    '2026/01/01',
    ' 2026-01-01',
    '2026-01-01T00:00:00Z',
    '0000-01-01',
    '0003-02-29',
    '',
    'today',
  ])('refuses %j', (day) => expect(isCalendarDay(day)).toBe(false));
  it('has a pattern that agrees with it on shape', () => {
    const pattern = new RegExp(CALENDAR_DAY_PATTERN);
    for (const day of ['0999-01-01', '2026-12-31']) expect(pattern.test(day)).toBe(true);
    for (const day of ['0000-01-01', '2026-13-01', '2026-00-10', '2026-01-32', '2026-1-01']) {
      expect([pattern.test(day), isCalendarDay(day)]).toEqual([false, false]);
    }
  });
  it('refuses non-strings', () => expect(isCalendarDay(['2026-01-01'])).toBe(false));

  it('counts and moves days across month, year and leap boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysInclusive('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInclusive('2026-03-02', '2026-03-01')).toBe(0);
  });
});
