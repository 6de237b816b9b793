/**
 * Every Redis key and channel the service uses, in one place. Per-session keys carry the
 * session id as a hash tag (`{s:<id>}`) so all of a session's keys share a Cluster slot;
 * the public BLE token appears only in `token()`.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  token(bleToken: string): string {
    return `${this.prefix}tok:${bleToken}`;
  }
  live(): string {
    return `${this.prefix}live`;
  }
  pending(sessionId: string): string {
    return `${this.prefix}{s:${sessionId}}:pending`;
  }
  channel(sessionId: string): string {
    return `${this.prefix}{s:${sessionId}}:ch`;
  }
  pair(sessionA: string, sessionB: string): string {
    const [first, second] = sessionA < sessionB ? [sessionA, sessionB] : [sessionB, sessionA];
    return `${this.prefix}pair:${first}:${second}`;
  }
  rateLimit(name: string): string {
    return `${this.prefix}rl:${name}`;
  }
}
