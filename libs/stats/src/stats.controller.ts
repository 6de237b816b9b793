import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminKeyGuard } from './admin-key.guard';
import { DailyStatsEntryDto } from './dto/daily-stats-entry.dto';
import { DailyStatsDto } from './dto/daily-stats.dto';
import { StatsDayQueryDto } from './dto/stats-day-query.dto';
import { StatsRangeQueryDto } from './dto/stats-range-query.dto';
import { StatsTodayDto } from './dto/stats-today.dto';
import { DayStats, StatsService } from './stats.service';

const entry = ({ date, sessions, matches, topCategories }: DayStats): DailyStatsEntryDto => ({
  date,
  total_sessions: sessions,
  total_matches: matches,
  top_interest_categories: topCategories,
});

@ApiTags('stats')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({
  description: 'Missing or wrong admin key, or no ADMIN_API_KEY configured (every request refused)',
})
@ApiTooManyRequestsResponse({ description: 'Too many failed admin authentications from this IP' })
@ApiServiceUnavailableResponse({ description: 'Postgres (counters) or Redis (live sessions) is unavailable' })
@UseGuards(AdminKeyGuard)
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({ summary: "A day's anonymised counts (default: today in STATS_TIMEZONE)" })
  @ApiOkResponse({ type: StatsTodayDto })
  @ApiBadRequestResponse({
    description: '`date` is not a real day written YYYY-MM-DD, or an unknown parameter',
  })
  async day(@Query() { date }: StatsDayQueryDto): Promise<StatsTodayDto> {
    const day = await this.stats.day(date);
    return {
      date: day.date,
      total_sessions_today: day.sessions,
      total_matches_today: day.matches,
      top_interest_categories: day.topCategories,
      ...(day.activeSessions === undefined ? {} : { active_sessions_now: day.activeSessions }),
    };
  }

  @Get('daily')
  @ApiOperation({ summary: 'Day-by-day series for a dashboard (at most 366 days, zero-filled)' })
  @ApiOkResponse({ type: DailyStatsDto })
  @ApiBadRequestResponse({
    description: '`from`/`to` missing or not real days, `from` after `to`, or more than 366 days',
  })
  async daily(@Query() { from, to }: StatsRangeQueryDto): Promise<DailyStatsDto> {
    return { from, to, days: (await this.stats.range(from, to)).map(entry) };
  }
}
