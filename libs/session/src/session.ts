import type { HashedInterest } from './interests/interest-profile';

/** What the service keeps about a live session: nothing that identifies a person. */
export interface Session {
  id: string;
  /** SHA-256 of the access token; the token itself is never stored. */
  accessHash: string;
  interests: HashedInterest[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type RotationOutcome = 'rotated' | 'taken' | 'gone';
