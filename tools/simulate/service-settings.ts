/**
 * What an instance needs for a simulated venue: every phone calls from 127.0.0.1, so the
 * per-IP and per-session abuse limits would refuse most of the venue, and phones walk past each
 * other in seconds, so a short mutual window keeps stale sightings out. The embedded service is
 * started with these; an instance given with `--url` must have been started with them too.
 */
export const SIMULATION_SETTINGS: Readonly<Record<string, string>> = {
  RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
  RATE_LIMIT_MATCHES_PER_MINUTE: '0',
  RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
  RATE_LIMIT_ROTATIONS_PER_HOUR: '0',
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
  MATCH_MUTUAL_WINDOW_SECONDS: '30',
};

export function settingsLine(): string {
  return Object.entries(SIMULATION_SETTINGS)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/** `POST /session/{ble_token}/rotate` for a called URL: how the errors table names a refused call. */
export function routeOf(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/session\/[^/]+/, '/session/{ble_token}');
  return `${method} ${path}`;
}
