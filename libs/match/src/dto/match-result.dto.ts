import { ApiProperty } from '@nestjs/swagger';

export class MatchResultDto {
  @ApiProperty({
    description:
      'True once both phones reported each other (a meeting) and share at least MATCH_MIN_SHARED categories (`other` never counts). A token with no live session, a sighting not confirmed by the other phone, and a meeting over either partner budget all answer false, exactly alike.',
    example: true,
  })
  match!: boolean;

  @ApiProperty({
    description: 'The shared category labels, alphabetical; never an interest, never `other`.',
    example: ['music', 'tech'],
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
