import { CALENDAR_DAY_PATTERN } from '../calendar-day';
import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDay } from './is-calendar-day';

export class StatsRangeQueryDto {
  @ApiProperty({
    description: 'First day (YYYY-MM-DD), included; not after `to` (else 400)',
    example: '2026-11-01',
    format: 'date',
    pattern: CALENDAR_DAY_PATTERN,
  })
  @IsCalendarDay()
  from!: string;

  @ApiProperty({
    description: 'Last day (YYYY-MM-DD), included; not before `from`, at most 365 days after it (else 400)',
    example: '2026-11-24',
    format: 'date',
    pattern: CALENDAR_DAY_PATTERN,
  })
  @IsCalendarDay()
  to!: string;
}
