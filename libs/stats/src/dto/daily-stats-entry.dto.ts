import { ApiProperty } from '@nestjs/swagger';

export class DailyStatsEntryDto {
  @ApiProperty({ example: '2026-11-24', format: 'date' })
  date!: string;

  @ApiProperty({ description: 'Sessions created that day', example: 142 })
  total_sessions!: number;

  @ApiProperty({ description: 'Pairs matched that day', example: 38 })
  total_matches!: number;

  @ApiProperty({
    description: 'Up to 5 categories, k-anonymous as in GET /stats',
    example: ['tech', 'music'],
    type: [String],
  })
  top_interest_categories!: string[];
}
