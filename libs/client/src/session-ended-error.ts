/** A call on a session that has ended (by `end()`, expiry, deletion or loss). */
export class SessionEndedError extends Error {
  constructor() {
    super('This SigHej session has ended; create a new one');
    this.name = 'SessionEndedError';
  }
}
