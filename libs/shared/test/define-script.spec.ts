import Redis from 'ioredis';
import { defineScript, ScriptNameTakenError } from '../src/redis/define-script';

describe('defineScript', () => {
  // Never connects: defining a command only records it on the client.
  const redis = new Redis({ lazyConnect: true });
  afterAll(() => redis.disconnect());

  it('defines a script once, however many adapters ask for it', () => {
    defineScript(redis, 'sighejTestOne', 1, 'return 1');
    defineScript(redis, 'sighejTestOne', 1, 'return 1');
    expect('sighejTestOne' in redis).toBe(true);
  });

  it('refuses a different script under a name already taken', () => {
    defineScript(redis, 'sighejTestTwo', 1, 'return 2');
    expect(() => defineScript(redis, 'sighejTestTwo', 1, 'return 3')).toThrow(ScriptNameTakenError);
  });

  it("refuses a name that is one of the client's own commands", () => {
    expect(() => defineScript(redis, 'get', 1, 'return 4')).toThrow(ScriptNameTakenError);
  });
});
