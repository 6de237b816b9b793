export * from './auth';
export * from './config';
export * from './database';
export * from './errors';
export * from './metrics';
export * from './rate-limit';
export * from './redis';
export * from './validation';
