/** The frames of the nudge channel (docs/asyncapi.yaml), as they travel on the wire. */

export interface NudgeFrame {
  type: 'nudge';
  nudge_id: string;
  /** The partner's BLE token as this phone saw it: a repeat for a token already nudged about can be skipped. */
  token: string;
  shared_interests: string[];
  message: string;
  sent_at: string;
}

export const SESSION_END_REASONS = ['expired', 'deleted', 'lost'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export interface SessionEndedFrame {
  type: 'session_ended';
  reason: SessionEndReason;
}

/** Client → server. */
export interface AckFrame {
  type: 'ack';
  nudge_id: string;
}

export type ServerFrame = NudgeFrame | SessionEndedFrame;
