import { AckFrame, NudgeFrame, SESSION_END_REASONS, SessionEndedFrame } from './frames';
import { CreateSessionRequest, MatchRequest, MatchResult, SessionCreated, TokenRotated } from './rest';

export type WireType = 'string' | 'boolean' | 'number' | 'string[]';

export interface FieldSpec {
  type: WireType;
  required: boolean;
  /** The only values allowed (a `const` or an `enum` in the documents). */
  values?: readonly string[];
}

/** One entry per property of T, no more, no less: the compiler keeps the table and the type together. */
export type FieldTable<T> = { readonly [K in keyof T]-?: FieldSpec };

const string = { type: 'string', required: true } as const;
const strings = { type: 'string[]', required: true } as const;
const boolean = { type: 'boolean', required: true } as const;

/*
 * Runtime copies of the wire types. Frames from the server are checked against them, and a unit
 * test compares them with docs/openapi.json and docs/asyncapi.yaml, so the types cannot drift
 * from the documents the server is tested against.
 */
export const NUDGE_FIELDS: FieldTable<NudgeFrame> = {
  type: { ...string, values: ['nudge'] },
  nudge_id: string,
  token: { type: 'string', required: true },
  shared_interests: strings,
  message: string,
  sent_at: string,
};

export const SESSION_ENDED_FIELDS: FieldTable<SessionEndedFrame> = {
  type: { ...string, values: ['session_ended'] },
  reason: { ...string, values: SESSION_END_REASONS },
};

export const ACK_FIELDS: FieldTable<AckFrame> = {
  type: { ...string, values: ['ack'] },
  nudge_id: string,
};

export const CREATE_SESSION_FIELDS: FieldTable<CreateSessionRequest> = { interests: strings };
export const SESSION_CREATED_FIELDS: FieldTable<SessionCreated> = {
  session_id: string,
  ble_token: string,
  access_token: string,
  expires_at: string,
};
export const TOKEN_ROTATED_FIELDS: FieldTable<TokenRotated> = { ble_token: string, expires_at: string };
export const MATCH_REQUEST_FIELDS: FieldTable<MatchRequest> = { own_token: string, detected_token: string };
export const MATCH_RESULT_FIELDS: FieldTable<MatchResult> = {
  match: boolean,
  shared_interests: strings,
  nudge_sent: boolean,
};
