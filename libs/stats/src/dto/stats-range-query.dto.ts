import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDay } from './is-calendar-day';

export class StatsRangeQueryDto {
  @ApiProperty({ description: 'First day (YYYY-MM-DD), included', example: '2026-11-01', format: 'date' })
  @IsCalendarDay()
  from!: string;

  @ApiProperty({
    description: 'Last day (YYYY-MM-DD), included; not before `from`, at most 366 days after it',
    example: '2026-11-24',
    format: 'date',
  })
  @IsCalendarDay()
  to!: string;
}
