import type { CategoryMask } from './interests/interest-profile';

/** What the service keeps about a live session: nothing that identifies a person. */
export interface Session {
  id: string;
  /** SHA-256 of the access token; the token itself is never stored. */
  accessHash: string;
  /** The profile: the session's categories as a bitmask over the catalog's; no interest. */
  categories: CategoryMask;
  /**
   * Random id of the session's current BLE token, new at creation and at every rotation.
   * Meetings and partner budgets are keyed by epochs, so a rotated token is a new partner for everyone.
   */
  epoch: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type RotationOutcome = 'rotated' | 'taken' | 'gone';
