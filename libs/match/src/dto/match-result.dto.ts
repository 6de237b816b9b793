import { ApiProperty } from '@nestjs/swagger';

export class MatchResultDto {
  @ApiProperty({
    description:
      'True when the two live sessions share at least MATCH_MIN_SHARED interests. An unknown or expired detected_token answers false, exactly like no overlap.',
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
      'True for the one call that nudged both phones; false for every other call for this pair within NUDGE_COOLDOWN_SECONDS.',
    example: true,
  })
  nudge_sent!: boolean;
}
