import { CALENDAR_DAY_PATTERN } from '../calendar-day';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDay } from './is-calendar-day';

export class StatsDayQueryDto {
  @ApiPropertyOptional({
    description: 'A day (YYYY-MM-DD) in STATS_TIMEZONE; defaults to today there',
    example: '2026-11-24',
    format: 'date',
    pattern: CALENDAR_DAY_PATTERN,
  })
  @IsOptional()
  @IsCalendarDay()
  date?: string;
}
