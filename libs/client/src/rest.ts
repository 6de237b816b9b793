/** Request and response bodies of the REST API (docs/openapi.json), field names as on the wire. */

export interface CreateSessionRequest {
  interests: string[];
}

export interface SessionCreated {
  session_id: string;
  /** Chosen by the server: the token the phone broadcasts until its first rotation. */
  ble_token: string;
  access_token: string;
  expires_at: string;
}

export interface TokenRotated {
  /** Chosen by the server: the token the phone broadcasts from now on. */
  ble_token: string;
  expires_at: string;
}

export interface MatchRequest {
  own_token: string;
  detected_token: string;
}

export interface MatchResult {
  match: boolean;
  shared_interests: string[];
  nudge_sent: boolean;
}
