import { ApiProperty } from '@nestjs/swagger';

export class StatsTodayDto {
  @ApiProperty({ description: 'The day reported, in STATS_TIMEZONE', example: '2026-11-24', format: 'date' })
  date!: string;

  @ApiProperty({ description: 'Sessions created that day', example: 142 })
  total_sessions_today!: number;

  @ApiProperty({ description: 'Pairs matched (and nudged) that day, each pair once per window', example: 38 })
  total_matches_today!: number;

  @ApiProperty({
    description:
      'Up to 5 categories by sessions that day, ties alphabetical; categories counted fewer than ' +
      'STATS_MIN_CATEGORY_COUNT (default 11) times are left out',
    example: ['tech', 'music', 'philosophy'],
    type: [String],
  })
  top_interest_categories!: string[];

  @ApiProperty({ description: 'Sessions live right now (whatever `date` asks for)', example: 12 })
  active_sessions_now!: number;
}
