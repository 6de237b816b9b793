/**
 * How many sessions are live right now. Provided by the session module (stats must not
 * depend on it); implementations must not scan the key space.
 */
export abstract class LiveSessionCounter {
  abstract countLive(): Promise<number>;
}
