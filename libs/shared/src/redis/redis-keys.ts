/**
 * Every Redis key and channel the service uses, in one place. Per-session keys carry the
 * session id as a hash tag (`{s:<id>}`) so all of a session's keys share a Cluster slot;
 * meeting keys carry the two token epochs (`{m:<eA>:<eB>}`), a partner budget its epoch (`{e:<epoch>}`). The public BLE token appears
 * only in `token()`.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  token(bleToken: string): string {
    return `${this.prefix}tok:${bleToken}`;
  }
  live(): string {
    return `${this.prefix}live`;
  }
  channel(sessionId: string): string {
    return `${this.prefix}{s:${sessionId}}:ch`;
  }
  /** Ids of the unacknowledged nudges, scored by when they were queued. */
  pending(sessionId: string): string {
    return `${this.prefix}{s:${sessionId}}:pending`;
  }
  /** The frames of the pending nudges, by nudge id. */
  frames(sessionId: string): string {
    return `${this.prefix}{s:${sessionId}}:frames`;
  }
  /**
   * A token epoch's partner budget: the nudged meetings it took part in, scored by when (a
   * sorted set, trimmed to the sliding window). Its own hash tag: an epoch meets partners
   * whose meetings live in every slot.
   */
  budget(epoch: string): string {
    return `${this.prefix}{e:${epoch}}:budget`;
  }
  /** Marks a pair of sessions whose match `day` is already counted in the stats. */
  countedPair(day: string, sessionA: string, sessionB: string): string {
    const [first, second] = ordered(sessionA, sessionB);
    return `${this.prefix}{s:${first}}:counted:${day}:${second}`;
  }
  /** The meeting of two token epochs (unordered); its sightings share its hash tag. */
  meeting(epochA: string, epochB: string): string {
    return `${this.meetingTag(epochA, epochB)}:met`;
  }
  /** `byEpoch`'s sighting within the meeting of `epochA` and `epochB`. */
  sighting(epochA: string, epochB: string, byEpoch: string): string {
    return `${this.meetingTag(epochA, epochB)}:seen:${byEpoch}`;
  }
  /** The session's push channel (SPEC, Push): expires with the session. */
  pushChannel(sessionId: string): string {
    return `${this.prefix}{s:${sessionId}}:push`;
  }
  /** Which push job is a nudge's one push (its queuedAt), until the nudge ages out. */
  pushClaim(sessionId: string, nudgeId: string): string {
    return `${this.prefix}{s:${sessionId}}:pushed:${nudgeId}`;
  }
  /** Push jobs not due yet, scored by when they are; one slot with the stream below. */
  pushDue(): string {
    return `${this.prefix}{push}:due`;
  }
  /** Push jobs due, read by every instance through one consumer group. */
  pushJobs(): string {
    return `${this.prefix}{push}:jobs`;
  }
  /** Push outcomes (sent, failed) counted in one minute (epoch minutes), for the last-hour figures. */
  pushOutcomes(minute: number): string {
    return `${this.prefix}{push}:outcomes:${minute}`;
  }
  rateLimit(name: string): string {
    return `${this.prefix}rl:${name}`;
  }
  /** Stats batches Postgres would not take at an instance's shutdown (see StatsSpool). */
  statsSpool(): string {
    return `${this.prefix}stats:spool`;
  }
  /** The fingerprint of the LIMIT_KEY_SECRET every instance on this prefix uses (no expiry). */
  secretFingerprint(): string {
    return `${this.prefix}secret-fingerprint`;
  }

  private meetingTag(epochA: string, epochB: string): string {
    const [first, second] = ordered(epochA, epochB);
    return `${this.prefix}{m:${first}:${second}}`;
  }
}

function ordered(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}
