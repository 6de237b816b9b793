import { Injectable } from '@nestjs/common';
import { PushChannel } from './push-channel';
import { PushChannelStore } from './push-channel-store';

/** Embedded mode: channels in process, expiring on read like Redis. */
@Injectable()
export class InMemoryPushChannelStore implements PushChannelStore {
  private readonly entries = new Map<string, { stored: string; expiresAt: number }>();

  save(sessionId: string, channel: PushChannel, expiresAt: number): Promise<void> {
    this.entries.set(sessionId, { stored: JSON.stringify(channel), expiresAt });
    return Promise.resolve();
  }

  find(sessionId: string): Promise<PushChannel | undefined> {
    const entry = this.live(sessionId);
    return Promise.resolve(entry === undefined ? undefined : (JSON.parse(entry) as PushChannel));
  }

  remove(sessionId: string): Promise<void> {
    this.entries.delete(sessionId);
    return Promise.resolve();
  }

  removeIf(sessionId: string, channel: PushChannel): Promise<boolean> {
    if (this.live(sessionId) !== JSON.stringify(channel)) return Promise.resolve(false);
    return Promise.resolve(this.entries.delete(sessionId));
  }

  private live(sessionId: string): string | undefined {
    const entry = this.entries.get(sessionId);
    if (entry !== undefined && entry.expiresAt <= Date.now()) this.entries.delete(sessionId);
    return this.entries.get(sessionId)?.stored;
  }
}
