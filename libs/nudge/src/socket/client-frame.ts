/** The only frame a client sends: `{ "type": "ack", "nudge_id": "…" }`. */
export interface AckFrame {
  type: 'ack';
  nudgeId: string;
}

// Nudge ids are UUIDs; anything far longer is not worth parsing further.
const MAX_ACK_BYTES = 512;
const NUDGE_ID = /^[0-9a-fA-F-]{1,64}$/;

/** An ack frame, or undefined for anything else (binary, non-JSON, wrong shape). Never throws. */
export function parseClientFrame(
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
): AckFrame | undefined {
  if (isBinary || !Buffer.isBuffer(data) || data.length > MAX_ACK_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Record<string, unknown>;
  if (frame.type !== 'ack' || typeof frame.nudge_id !== 'string' || !NUDGE_ID.test(frame.nudge_id))
    return undefined;
  return { type: 'ack', nudgeId: frame.nudge_id };
}
