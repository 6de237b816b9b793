/** The protection space every bearer-protected endpoint shares (RFC 6750 §3). */
export const BEARER_REALM = 'sighej';

/**
 * The `WWW-Authenticate` value a 401 carries (RFC 6750 §3): a bare challenge when no token
 * was sent, `error="invalid_token"` when one was sent and refused.
 */
export function bearerChallenge(tokenPresented: boolean): string {
  return tokenPresented
    ? `Bearer realm="${BEARER_REALM}", error="invalid_token"`
    : `Bearer realm="${BEARER_REALM}"`;
}
