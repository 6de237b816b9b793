/** WebSocket close codes the channel uses (documented in docs/asyncapi.yaml and docs/websocket.md). */
export const CloseCode = {
  /** The server is shutting down; reconnect (another instance will take the socket). */
  goingAway: 1001,
  /** Server error while opening the channel (Redis unavailable); reconnect with backoff. */
  internalError: 1011,
  /** The client did not read fast enough; its nudges stay pending and replay on reconnect. */
  tryAgainLater: 1013,
  /** The session ended (deleted or expired); do not reconnect with this session. */
  sessionEnded: 4001,
  /** A newer socket for the same session replaced this one; do not reconnect from this one. */
  replaced: 4002,
} as const;
