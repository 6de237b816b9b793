import { createHash } from 'node:crypto';

/** The server → client frame of a nudge, exactly as SPEC and docs/asyncapi.yaml describe it. */
export interface NudgeFrame {
  type: 'nudge';
  nudge_id: string;
  /** The partner's BLE token as this phone detected it: an app can skip a repeat for it. */
  token: string;
  shared_interests: string[];
  message: string;
  sent_at: string;
}

/** A nudge ready to queue and send: its id and its frame, serialised once. */
export interface Nudge {
  id: string;
  frame: string;
}

/** What bounds a session's pending nudges (NUDGE_PENDING_MAX, NUDGE_MAX_AGE_SECONDS). */
export interface PendingLimits {
  max: number;
  maxAgeMs: number;
}

/** Pending nudges dropped unacknowledged, by reason. */
export interface DroppedNudges {
  cap: number;
  age: number;
}

/** What an enqueue did: false when the nudge's id was already pending (a retried completion). */
export interface Enqueued extends DroppedNudges {
  queued: boolean;
}

/**
 * The id of the nudge `recipientEpoch`'s phone gets for the meeting of `epochA` and `epochB`
 * (unordered): derived from the meeting, so a completion retried after a 503, or a meeting
 * decided again after a failover lost the decision, queues the same id again and the queue's
 * de-duplication (and the app's, by `nudge_id`) makes it a no-op. The epochs are the server's
 * secret per-token randomness, so the id reveals nothing of them; the two phones' ids differ.
 * UUID-shaped (version 8, RFC 9562), like the ids before it.
 */
export function meetingNudgeId(epochA: string, epochB: string, recipientEpoch: string): string {
  const [first, second] = epochA < epochB ? [epochA, epochB] : [epochB, epochA];
  const hex = createHash('sha256').update(`nudge\n${first}\n${second}\n${recipientEpoch}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** "tech", "tech and music", "tech, music and sports". */
export function joinLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

export function nudgeMessage(sharedInterests: readonly string[]): string {
  return `Someone nearby shares your interest in ${joinLabels(sharedInterests)}.`;
}

export function buildNudge(
  sharedInterests: readonly string[],
  partnerToken: string,
  id: string,
  now = new Date(),
): Nudge {
  const frame: NudgeFrame = {
    type: 'nudge',
    nudge_id: id,
    token: partnerToken,
    shared_interests: [...sharedInterests],
    message: nudgeMessage(sharedInterests),
    sent_at: now.toISOString(),
  };
  return { id: frame.nudge_id, frame: JSON.stringify(frame) };
}
