import type { PushChannel } from './push-channel';

/**
 * A session's push channel, kept beside the session and expiring with it (`expiresAt`,
 * epoch ms). Never written anywhere else.
 */
export abstract class PushChannelStore {
  abstract save(sessionId: string, channel: PushChannel, expiresAt: number): Promise<void>;
  abstract find(sessionId: string): Promise<PushChannel | undefined>;
  abstract remove(sessionId: string): Promise<void>;
  /** Removes the channel only if it is still `channel` (a newer registration stays). */
  abstract removeIf(sessionId: string, channel: PushChannel): Promise<boolean>;
}
