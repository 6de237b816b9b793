import { InMemoryNudgeBus, InMemoryNudgeQueue } from '../src';
import { nudgeBusContract } from './nudge-bus.contract';
import { nudgeQueueContract } from './nudge-queue.contract';

nudgeQueueContract('InMemoryNudgeQueue', () => Promise.resolve(new InMemoryNudgeQueue()));
nudgeBusContract('InMemoryNudgeBus', () => Promise.resolve(new InMemoryNudgeBus()));
