export * from './config';
export * from './database';
export * from './errors';
export * from './interests';
export * from './metrics';
export * from './rate-limit';
export { InterestsModule } from './interests/interests.module';
export * from './redis';
export { BLE_TOKEN_PATTERN } from './ble-token';
