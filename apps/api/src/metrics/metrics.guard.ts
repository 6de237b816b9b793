import { bearerSecretGuard } from '@sighej/shared';

/** `GET /metrics`: `Authorization: Bearer <METRICS_TOKEN or ADMIN_API_KEY>`. */
export const MetricsGuard = bearerSecretGuard({
  secrets: (settings) => [settings.METRICS_TOKEN, settings.ADMIN_API_KEY],
  disabled: 'Metrics are disabled: set METRICS_TOKEN or ADMIN_API_KEY',
  invalid: 'Missing or invalid metrics token',
});
