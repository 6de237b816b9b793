export { AdminKeyGuard } from './admin-key.guard';
