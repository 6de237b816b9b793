/** What the backgrounded phones saw of push: each push decrypted, per nudge. */
export class PushStats {
  /** Pushes that reached a phone and decrypted with its key. */
  received = 0;
  /** Nudges that reached a phone by push (first push per nudge). */
  delivered = 0;
  /** Pushes for a nudge already pushed to that phone (must be 0). */
  duplicated = 0;
  /** Pushed nudges the woken socket replayed and the client acked. */
  ackedOverSocket = 0;
  /** Pushes for a nudge the woken socket had brought first (sent before its ack landed; shown once). */
  afterSocket = 0;
  /** From the nudge's `sent_at` (the service queued it) to the phone holding its plaintext. */
  readonly latenciesMs: number[] = [];
  private readonly seen = new Set<string>();

  /** A push decrypted by the phone of `sessionId`: true the first time its nudge arrives this way. */
  pushed(sessionId: string, nudgeId: string, sentAt: string, at = Date.now()): boolean {
    this.received++;
    const key = `${sessionId}:${nudgeId}`;
    if (this.seen.has(key)) {
      this.duplicated++;
      return false;
    }
    this.seen.add(key);
    this.delivered++;
    const sent = Date.parse(sentAt);
    if (Number.isFinite(sent)) this.latenciesMs.push(Math.max(0, at - sent));
    return true;
  }
}
