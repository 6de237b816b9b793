import { InMemorySessionStore } from '../src';
import { sessionStoreContract } from './session-store.contract';

sessionStoreContract('InMemorySessionStore', () => Promise.resolve(new InMemorySessionStore()));
