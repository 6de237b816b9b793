import { InMemoryMeetingStore } from '../src/meetings/in-memory-meeting-store';
import { meetingStoreContract } from './meeting-store.contract';

meetingStoreContract('InMemoryMeetingStore', () => Promise.resolve(new InMemoryMeetingStore()));
