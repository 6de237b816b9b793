import { ApiProperty } from '@nestjs/swagger';

export class MatchResultDto {
  @ApiProperty({
    description:
      'True once both phones reported each other (a meeting) and share at least MATCH_MIN_SHARED interests. A token with no live session, a sighting not confirmed by the other phone, and a meeting over the partner budget all answer false, exactly alike.',
    example: true,
  })
  match!: boolean;

  @ApiProperty({
    description:
      'Category labels of the shared interests, de-duplicated, most shared first, ties alphabetical. Never raw interests.',
    example: ['tech', 'music'],
    type: [String],
  })
  shared_interests!: string[];

  @ApiProperty({
    description:
      'True for the one call that completed the meeting and nudged both phones; false for every other call.',
    example: true,
  })
  nudge_sent!: boolean;
}
