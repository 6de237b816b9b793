/**
 * The single point of truth for "has this pair of sessions been nudged in this window?".
 * A pair is unordered: claim(a, b) and claim(b, a) compete for the same claim.
 */
export abstract class PairClaims {
  /** True for exactly one caller per pair until `cooldownSeconds` have passed. */
  abstract claim(sessionA: string, sessionB: string, cooldownSeconds: number): Promise<boolean>;
  /** Gives a claim back, so a nudge that could not be dispatched is not lost for the window. */
  abstract release(sessionA: string, sessionB: string): Promise<void>;
}
