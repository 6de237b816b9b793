/** Request and response bodies of the REST API (docs/openapi.json), field names as on the wire. */

export interface CreateSessionRequest {
  ble_token: string;
  interests: string[];
}

export interface SessionCreated {
  session_id: string;
  expires_at: string;
  access_token: string;
}

export interface RotateTokenRequest {
  ble_token: string;
}

export interface TokenRotated {
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
