import { InMemoryPushChannelStore, InMemoryPushOutcomeLog, InMemoryPushQueue } from '../src';
import { pushChannelStoreContract } from './push-channel-store.contract';
import { pushOutcomeLogContract } from './push-outcome-log.contract';
import { pushQueueContract } from './push-queue.contract';

pushQueueContract('InMemoryPushQueue', () => Promise.resolve(new InMemoryPushQueue()));
pushChannelStoreContract('InMemoryPushChannelStore', () => Promise.resolve(new InMemoryPushChannelStore()));
pushOutcomeLogContract('InMemoryPushOutcomeLog', () => Promise.resolve(new InMemoryPushOutcomeLog()));
