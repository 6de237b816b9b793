import WebSocket from 'ws';
import type { Nudge } from '../nudge';
import { CloseCode } from './close-codes';
import type { Connection } from './connection';

/** SPEC: a socket whose unsent data would pass this is closed with 1013. */
export const MAX_BUFFERED_BYTES = 64 * 1024;
// Replay waits for the socket to drain above this, so a long backlog never trips the limit.
const REPLAY_HIGH_WATER = 16 * 1024;

/** Closes the socket unless it is already closing. */
export function closeConnection(connection: Connection, code: number, reason: string): void {
  const { socket } = connection;
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
    socket.close(code, reason);
}

/** Sends a live nudge, or closes a client too slow to take it (its nudges stay pending). */
export function deliver(connection: Connection, { id, frame }: Nudge): void {
  const { socket } = connection;
  if (socket.readyState !== WebSocket.OPEN || connection.hasSent(id)) return;
  if (socket.bufferedAmount + Buffer.byteLength(frame) > MAX_BUFFERED_BYTES) {
    closeConnection(
      connection,
      CloseCode.tryAgainLater,
      'client too slow; pending nudges replay on reconnect',
    );
    return;
  }
  connection.markSent(id);
  socket.send(frame);
}

/**
 * Sends the pending nudges oldest first (skipping any this connection already sent), pacing
 * on the socket's drain so a long backlog stays within the buffer limit, then the live ones
 * that arrived meanwhile (minus those the replay already carried).
 * Returns how many it sent.
 */
export async function replay(connection: Connection, pending: readonly Nudge[]): Promise<number> {
  const { socket } = connection;
  let sent = 0;
  for (const nudge of pending) {
    if (socket.readyState !== WebSocket.OPEN) return sent;
    if (connection.hasSent(nudge.id)) continue;
    connection.markSent(nudge.id);
    sent += 1;
    if (socket.bufferedAmount < REPLAY_HIGH_WATER) socket.send(nudge.frame);
    else await new Promise<void>((resolve) => socket.send(nudge.frame, () => resolve()));
  }
  releaseHeld(connection);
  return sent;
}

/** Ends holding live nudges back: sends those this connection has not sent yet. */
export function releaseHeld(connection: Connection): void {
  const held = connection.held ?? [];
  connection.held = undefined;
  for (const nudge of held) deliver(connection, nudge);
}

/** Why a session's socket is told its session ended (`lost`: it no longer exists, e.g. Redis lost its data). */
export type SessionEndReason = 'deleted' | 'expired' | 'lost';

/** `session_ended`, then close 4001. */
export function endSession(connection: Connection, reason: SessionEndReason): void {
  if (connection.socket.readyState === WebSocket.OPEN)
    connection.socket.send(JSON.stringify({ type: 'session_ended', reason }));
  closeConnection(connection, CloseCode.sessionEnded, `session ${reason}`);
}
