export { bearerSecretGuard, type BearerDoor } from './bearer-secret-guard';
export { BearerSecrets } from './bearer-secrets';
export { bearerToken } from './bearer-token';
