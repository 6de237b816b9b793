import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StatsTodayDto {
  @ApiProperty({ description: 'The day reported, in STATS_TIMEZONE', example: '2026-11-24', format: 'date' })
  date!: string;

  @ApiProperty({ description: 'Sessions created that day', example: 142 })
  total_sessions_today!: number;

  @ApiProperty({
    description:
      'Meetings with shared interests that day, each pair of sessions counted once per day however often either rotates',
    example: 38,
  })
  total_matches_today!: number;

  @ApiProperty({
    description:
      'Up to 5 categories by sessions that day, ties alphabetical; categories counted fewer than ' +
      'STATS_MIN_CATEGORY_COUNT (default 11) times are left out',
    example: ['tech', 'music', 'philosophy'],
    type: [String],
  })
  top_interest_categories!: string[];

  @ApiPropertyOptional({
    description:
      'Sessions live right now: only when `date` is today in STATS_TIMEZONE, absent for any other day',
    example: 12,
  })
  active_sessions_now?: number;
}
