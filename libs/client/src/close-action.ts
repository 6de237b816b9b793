/** What the client does after the socket closed with a code (docs/websocket.md, "Close codes"). */
export type CloseAction = 'reconnect' | 'session_ended' | 'replaced' | 'give_up';

export const CLOSE_SESSION_ENDED = 4001;
export const CLOSE_REPLACED = 4002;
export const CLOSE_MESSAGE_TOO_BIG = 1009;

export function closeAction(code: number): CloseAction {
  switch (code) {
    case CLOSE_SESSION_ENDED:
      return 'session_ended';
    case CLOSE_REPLACED:
      // A newer socket of the same session exists; reconnecting would only replace it in turn.
      return 'replaced';
    case CLOSE_MESSAGE_TOO_BIG:
      // The client sent more than the server accepts: reconnecting would repeat the fault.
      return 'give_up';
    default:
      // 1001 (deploy), 1006 (network, missed ping), 1011 (Redis), 1013 (slow reader) and
      // anything unforeseen: the session may still be live, so try again with backoff.
      return 'reconnect';
  }
}
