import { NudgeService } from '@sighej/nudge';
import { Session, SessionService } from '@sighej/session';
import {
  DependencyUnavailableError,
  Env,
  InvalidRequestError,
  InMemoryRateLimitStore,
  loadEnv,
  Metrics,
  RateLimiter,
} from '@sighej/shared';
import { InMemoryStatsRecorder } from '../../stats/src/in-memory-stats-recorder';
import { InMemoryPairClaims } from '../src';
import { MatchService } from '../src/match.service';

function session(id: string, interests: [string, string][]): Session {
  return {
    id,
    accessHash: 'x',
    interests: interests.map(([hash, category]) => ({ hash, category })),
    expiresAt: Date.now() + 60_000,
  };
}

describe('MatchService', () => {
  const alice = session('alice', [
    ['h1', 'tech'],
    ['h2', 'music'],
  ]);
  const bob = session('bob', [
    ['h1', 'tech'],
    ['h3', 'music'],
  ]);
  let sessions: { find: jest.Mock };
  let nudges: { send: jest.Mock };
  let claims: InMemoryPairClaims;
  let stats: InMemoryStatsRecorder;
  let service: MatchService;
  const env: Env = loadEnv({});

  beforeEach(() => {
    sessions = {
      find: jest.fn((token: string) => Promise.resolve(token === 'bob-ble' ? bob : undefined)),
    };
    nudges = { send: jest.fn(() => Promise.resolve()) };
    claims = new InMemoryPairClaims();
    stats = new InMemoryStatsRecorder();
    service = new MatchService(
      sessions as unknown as SessionService,
      claims,
      nudges as unknown as NudgeService,
      stats,
      new RateLimiter(new InMemoryRateLimitStore(), new Metrics(), env),
      env,
    );
  });

  it('nudges both sessions and counts the match once', async () => {
    expect(await service.match(alice, 'alice-ble', 'bob-ble')).toEqual({
      match: true,
      sharedInterests: ['tech'],
      nudgeSent: true,
    });
    expect(await service.match(alice, 'alice-ble', 'bob-ble')).toEqual({
      match: true,
      sharedInterests: ['tech'],
      nudgeSent: false,
    });
    expect(nudges.send).toHaveBeenCalledTimes(1);
    expect(nudges.send).toHaveBeenCalledWith([alice, bob], ['tech']);
    expect(stats.matches).toBe(1);
  });

  it('refuses the same token on both sides before looking anything up', async () => {
    await expect(service.match(alice, 'alice-ble', 'alice-ble')).rejects.toBeInstanceOf(InvalidRequestError);
    expect(sessions.find).not.toHaveBeenCalled();
  });

  it('answers an absent detected token like no overlap, without claiming', async () => {
    expect(await service.match(alice, 'alice-ble', 'gone-ble')).toEqual({
      match: false,
      sharedInterests: [],
      nudgeSent: false,
    });
    expect(await claims.claim('alice', 'bob', 60)).toBe(true);
  });

  it('gives the claim back when the nudges cannot be queued, so a retry nudges', async () => {
    nudges.send.mockRejectedValueOnce(new DependencyUnavailableError('redis'));
    await expect(service.match(alice, 'alice-ble', 'bob-ble')).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(stats.matches).toBe(0);
    expect((await service.match(alice, 'alice-ble', 'bob-ble')).nudgeSent).toBe(true);
  });
});
