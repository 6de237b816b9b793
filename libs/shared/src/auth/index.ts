export { BearerSecrets } from './bearer-secrets';
export { bearerToken } from './bearer-token';
