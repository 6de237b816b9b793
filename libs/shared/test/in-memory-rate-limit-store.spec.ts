import { InMemoryRateLimitStore } from '@sighej/shared';
import { rateLimitStoreContract } from './rate-limit-store.contract';

rateLimitStoreContract('InMemoryRateLimitStore', () => Promise.resolve(new InMemoryRateLimitStore()));
