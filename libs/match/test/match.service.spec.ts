import { meetingNudgeId, NudgeService } from '@sighej/nudge';
import { InterestCatalog, Session, SessionService, SessionSettings } from '@sighej/session';
import { InMemoryStatsRecorder, StatsSettings } from '@sighej/stats';
import {
  Configuration,
  DependencyUnavailableError,
  InMemoryRateLimitStore,
  InvalidRequestError,
  loadConfiguration,
  Metrics,
  RateLimiter,
  RateLimitSettings,
} from '@sighej/shared';
import { InMemoryMeetingStore } from '../src/meetings/in-memory-meeting-store';
import { MatchService } from '../src/match.service';
import { MatchSettings } from '../src/match.settings';

const configured = (source: Record<string, string>): Configuration =>
  loadConfiguration([MatchSettings, SessionSettings, StatsSettings, RateLimitSettings], source);

const catalog = InterestCatalog.load();

function session(id: string, categories: string[]): Session {
  return {
    id,
    accessHash: 'x',
    categories: categories.reduce((mask, category) => mask | catalog.bitOf(category), 0),
    expiresAt: Date.now() + 60_000,
    epoch: `epoch-${id}`,
  };
}

const NO_MATCH = { match: false, sharedInterests: [], nudgeSent: false };

describe('MatchService', () => {
  const alice = session('alice', ['tech', 'music', 'other']);
  const bob = session('bob', ['tech', 'other']);
  const byToken: Record<string, Session> = { 'alice-ble': alice, 'bob-ble': bob };
  let sessions: { find: jest.Mock };
  let nudges: { send: jest.Mock };
  let stats: InMemoryStatsRecorder;
  let service: MatchService;

  function build(configuration: Configuration): MatchService {
    return new MatchService(
      sessions as unknown as SessionService,
      new InMemoryMeetingStore(),
      nudges as unknown as NudgeService,
      stats,
      new RateLimiter(new InMemoryRateLimitStore(), new Metrics(), configuration),
      catalog,
      configuration,
    );
  }

  beforeEach(() => {
    sessions = { find: jest.fn((token: string) => Promise.resolve(byToken[token])) };
    nudges = { send: jest.fn(() => Promise.resolve()) };
    stats = new InMemoryStatsRecorder();
    service = build(configured({}));
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
        {
          id: 'alice',
          expiresAt: alice.expiresAt,
          partnerToken: 'bob-ble',
          nudgeId: meetingNudgeId(alice.epoch, bob.epoch, alice.epoch),
        },
        {
          id: 'bob',
          expiresAt: bob.expiresAt,
          partnerToken: 'alice-ble',
          nudgeId: meetingNudgeId(alice.epoch, bob.epoch, bob.epoch),
        },
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

  it('answers a meeting over either partner budget like no overlap, charging nobody, and keeps it decided', async () => {
    service = build(configured({ MATCH_NEW_MEETINGS_PER_WINDOW: '1', MATCH_MEETING_WINDOW_SECONDS: '1' }));
    const carol = session('carol', ['tech']);
    byToken['carol-ble'] = carol;
    await service.match(bob, 'bob-ble', 'alice-ble');
    expect((await service.match(alice, 'alice-ble', 'bob-ble')).nudgeSent).toBe(true);
    await service.match(carol, 'carol-ble', 'alice-ble');
    expect(await service.match(alice, 'alice-ble', 'carol-ble')).toEqual(NO_MATCH);
    expect(nudges.send).toHaveBeenCalledTimes(1);
    // Carol was charged nothing: she still has her one meeting.
    const dave = session('dave', ['tech']);
    byToken['dave-ble'] = dave;
    await service.match(dave, 'dave-ble', 'carol-ble');
    expect((await service.match(carol, 'carol-ble', 'dave-ble')).nudgeSent).toBe(true);
    // Once alice's budget frees, the refused meeting is not evaluated again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await service.match(alice, 'alice-ble', 'carol-ble')).toEqual(NO_MATCH);
    expect(await service.match(carol, 'carol-ble', 'alice-ble')).toEqual(NO_MATCH);
  });

  it('charges only meetings that nudge: meetings without shared categories spend no budget', async () => {
    service = build(configured({ MATCH_NEW_MEETINGS_PER_WINDOW: '1' }));
    for (let n = 0; n < 5; n += 1) {
      const stranger = session(`stranger-${n}`, ['food']);
      byToken[`stranger-${n}`] = stranger;
      await service.match(stranger, `stranger-${n}`, 'alice-ble');
      expect(await service.match(alice, 'alice-ble', `stranger-${n}`)).toEqual(NO_MATCH);
    }
    await service.match(bob, 'bob-ble', 'alice-ble');
    expect((await service.match(alice, 'alice-ble', 'bob-ble')).nudgeSent).toBe(true);
  });

  it('records no sighting for a call the rate limit refuses', async () => {
    service = build(configured({ RATE_LIMIT_MATCHES_PER_MINUTE: '1' }));
    await service.match(bob, 'bob-ble', 'alice-ble');
    await expect(service.match(bob, 'bob-ble', 'alice-ble')).rejects.toMatchObject({ kind: 'rate_limited' });
    // Alice's first call confirms bob's one recorded sighting; her refused second call records nothing.
    await service.match(alice, 'alice-ble', 'bob-ble');
    expect(nudges.send).toHaveBeenCalledTimes(1);
    const erin = session('erin', ['tech']);
    byToken['erin-ble'] = erin;
    await expect(service.match(alice, 'alice-ble', 'erin-ble')).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    await service.match(erin, 'erin-ble', 'alice-ble');
    expect(nudges.send).toHaveBeenCalledTimes(1);
  });

  it('gives the meeting and the budgets back when the nudges cannot be queued, so a retry nudges', async () => {
    service = build(configured({ MATCH_NEW_MEETINGS_PER_WINDOW: '1' }));
    nudges.send.mockRejectedValueOnce(new DependencyUnavailableError('redis'));
    await service.match(bob, 'bob-ble', 'alice-ble');
    await expect(service.match(alice, 'alice-ble', 'bob-ble')).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(stats.matches).toBe(0);
    expect((await service.match(alice, 'alice-ble', 'bob-ble')).nudgeSent).toBe(true);
  });
});
