/**
 * Lets modules that depend on sessions (the nudge gateway) react when one ends early,
 * without the session module depending on them.
 */
export abstract class SessionEndedListener {
  abstract sessionEnded(sessionId: string, reason: 'deleted'): Promise<void>;
}
