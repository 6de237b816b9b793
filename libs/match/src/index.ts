export { MatchKeys } from './meetings/match-keys';
export { InMemoryMeetingStore } from './meetings/in-memory-meeting-store';
export { MeetingStore } from './meetings/meeting-store';
export { RedisMeetingStore, SIGHT_SCRIPT } from './meetings/redis-meeting-store';
export { MatchModule } from './match.module';
export { MatchSettings } from './match.settings';
export { CHECK_AFTER_MS } from './day-counts';
export { MatchService } from './match.service';
