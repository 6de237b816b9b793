/** The time source of the stats buffer, so tests can place an event just before or after midnight. */
export abstract class Clock {
  /** Milliseconds since the epoch. */
  abstract now(): number;
}
