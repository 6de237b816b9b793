import { randomUUID } from 'node:crypto';

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
  now = new Date(),
): Nudge {
  const frame: NudgeFrame = {
    type: 'nudge',
    nudge_id: randomUUID(),
    token: partnerToken,
    shared_interests: [...sharedInterests],
    message: nudgeMessage(sharedInterests),
    sent_at: now.toISOString(),
  };
  return { id: frame.nudge_id, frame: JSON.stringify(frame) };
}
