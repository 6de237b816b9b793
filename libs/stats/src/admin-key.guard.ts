import { bearerSecretGuard } from '@sighej/shared';

/** Admin endpoints (`/stats`): `Authorization: Bearer <ADMIN_API_KEY>`. */
export const AdminKeyGuard = bearerSecretGuard({
  secrets: (settings) => [settings.ADMIN_API_KEY],
  disabled: 'Stats and other admin endpoints are disabled because ADMIN_API_KEY is not configured',
  invalid: 'Missing or invalid admin API key',
});
