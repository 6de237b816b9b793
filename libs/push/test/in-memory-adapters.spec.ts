import { InMemoryPushChannelStore, InMemoryPushQueue } from '../src';
import { pushChannelStoreContract } from './push-channel-store.contract';
import { pushQueueContract } from './push-queue.contract';

pushQueueContract('InMemoryPushQueue', () => Promise.resolve(new InMemoryPushQueue()));
pushChannelStoreContract('InMemoryPushChannelStore', () => Promise.resolve(new InMemoryPushChannelStore()));
