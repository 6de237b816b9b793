import { ApiProperty } from '@nestjs/swagger';
import { DailyStatsEntryDto } from './daily-stats-entry.dto';

export class DailyStatsDto {
  @ApiProperty({ example: '2026-11-01', format: 'date' })
  from!: string;

  @ApiProperty({ example: '2026-11-24', format: 'date' })
  to!: string;

  @ApiProperty({
    description: 'One entry per day from `from` to `to`, oldest first, zeros included',
    type: [DailyStatsEntryDto],
  })
  days!: DailyStatsEntryDto[];
}
