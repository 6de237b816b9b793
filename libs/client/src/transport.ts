/** The little of `fetch` the client uses, so tests and other platforms can bring their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** What a socket reports to the client. */
export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  /** The socket closed (1006 when there was no close frame, e.g. the network failed). */
  close(code: number, reason: string): void;
  /**
   * The upgrade was answered with a plain HTTP status and no socket opened. Transports that
   * cannot see the status (a browser's WebSocket) report a close with 1006 instead.
   */
  refused(status: number, retryAfterMs: number | undefined): void;
}

export interface SocketConnection {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens the nudge socket; injectable so the client runs on any platform and in tests. */
export type SocketTransport = (
  url: string,
  accessToken: string,
  handlers: SocketHandlers,
) => SocketConnection;
