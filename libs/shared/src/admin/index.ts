export { AdminKeyGuard } from './admin-key.guard';
export { BearerSecrets } from './bearer-secrets';
export { bearerToken } from './bearer-token';
