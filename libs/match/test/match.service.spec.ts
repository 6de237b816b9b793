import { NudgeService } from '@sighej/nudge';
import { Session, SessionService } from '@sighej/session';
import {
  DependencyUnavailableError,
  Env,
  InMemoryRateLimitStore,
  InvalidRequestError,
  loadEnv,
  Metrics,
  RateLimiter,
} from '@sighej/shared';
import { InMemoryStatsRecorder } from '../../stats/src/in-memory-stats-recorder';
import { InMemoryMeetingStore } from '../src/meetings/in-memory-meeting-store';
import { MatchService } from '../src/match.service';

function session(id: string, interests: [string, string][]): Session {
  return {
    id,
    accessHash: 'x',
    interests: interests.map(([hash, category]) => ({ hash, category })),
    expiresAt: Date.now() + 60_000,
    epoch: `epoch-${id}`,
  };
}

const NO_MATCH = { match: false, sharedInterests: [], nudgeSent: false };

describe('MatchService', () => {
  const alice = session('alice', [
    ['h1', 'tech'],
    ['h2', 'music'],
  ]);
  const bob = session('bob', [
    ['h1', 'tech'],
    ['h3', 'music'],
  ]);
  const byToken: Record<string, Session> = { 'alice-ble': alice, 'bob-ble': bob };
  let sessions: { find: jest.Mock };
  let nudges: { send: jest.Mock };
  let stats: InMemoryStatsRecorder;
  let service: MatchService;

  function build(env: Env): MatchService {
    return new MatchService(
      sessions as unknown as SessionService,
      new InMemoryMeetingStore(),
      nudges as unknown as NudgeService,
      stats,
      new RateLimiter(new InMemoryRateLimitStore(), new Metrics(), env),
      env,
    );
  }

  beforeEach(() => {
    sessions = { find: jest.fn((token: string) => Promise.resolve(byToken[token])) };
    nudges = { send: jest.fn(() => Promise.resolve()) };
    stats = new InMemoryStatsRecorder();
    service = build(loadEnv({}));
  });

  it('answers a one-sided sighting like an absent token, and nudges nobody', async () => {
    expect(await service.match(alice, 'alice-ble', 'bob-ble')).toEqual(NO_MATCH);
    expect(await service.match(alice, 'alice-ble', 'gone-ble')).toEqual(NO_MATCH);
    expect(nudges.send).not.toHaveBeenCalled();
  });

  it('nudges both phones once when the other side confirms, naming the partner token each saw', async () => {
    await service.match(bob, 'bob-ble', 'alice-ble');
    expect(await service.match(alice, 'alice-ble', 'bob-ble')).toEqual({
      match: true,
      sharedInterests: ['tech'],
      nudgeSent: true,
    });
    expect(await service.match(bob, 'bob-ble', 'alice-ble')).toEqual({
      match: true,
      sharedInterests: ['tech'],
      nudgeSent: false,
    });
    expect(nudges.send).toHaveBeenCalledTimes(1);
    expect(nudges.send).toHaveBeenCalledWith(
      [
        { id: 'alice', expiresAt: alice.expiresAt, partnerToken: 'bob-ble' },
        { id: 'bob', expiresAt: bob.expiresAt, partnerToken: 'alice-ble' },
      ],
      ['tech'],
    );
    expect(stats.matches).toBe(1);
  });

  it('treats a new token epoch as a new meeting, but counts the pair of sessions once a day', async () => {
    await service.match(bob, 'bob-ble', 'alice-ble');
    await service.match(alice, 'alice-ble', 'bob-ble');
    const rotated = { ...alice, epoch: 'epoch-alice-2' };
    byToken['alice-new'] = rotated;
    await service.match(bob, 'bob-ble', 'alice-new');
    expect((await service.match(rotated, 'alice-new', 'bob-ble')).nudgeSent).toBe(true);
    expect(nudges.send).toHaveBeenCalledTimes(2);
    expect(stats.matches).toBe(1);
  });

  it('refuses the same token on both sides before looking anything up', async () => {
    await expect(service.match(alice, 'alice-ble', 'alice-ble')).rejects.toBeInstanceOf(InvalidRequestError);
    expect(sessions.find).not.toHaveBeenCalled();
  });

  it('answers a meeting over either partner budget like no overlap, charging nobody', async () => {
    service = build(loadEnv({ MATCH_NEW_MEETINGS_PER_WINDOW: '1' }));
    const carol = session('carol', [['h1', 'tech']]);
    byToken['carol-ble'] = carol;
    await service.match(bob, 'bob-ble', 'alice-ble');
    expect((await service.match(alice, 'alice-ble', 'bob-ble')).nudgeSent).toBe(true);
    await service.match(carol, 'carol-ble', 'alice-ble');
    expect(await service.match(alice, 'alice-ble', 'carol-ble')).toEqual(NO_MATCH);
    expect(nudges.send).toHaveBeenCalledTimes(1);
  });

  it('gives the meeting and the budgets back when the nudges cannot be queued, so a retry nudges', async () => {
    service = build(loadEnv({ MATCH_NEW_MEETINGS_PER_WINDOW: '1' }));
    nudges.send.mockRejectedValueOnce(new DependencyUnavailableError('redis'));
    await service.match(bob, 'bob-ble', 'alice-ble');
    await expect(service.match(alice, 'alice-ble', 'bob-ble')).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(stats.matches).toBe(0);
    expect((await service.match(alice, 'alice-ble', 'bob-ble')).nudgeSent).toBe(true);
  });
});
