import { Injectable } from '@nestjs/common';
import { ExpiringMap } from '@sighej/shared';
import { PushChannel } from './push-channel';
import { PushChannelStore } from './push-channel-store';

/** Embedded mode: channels in process, expiring like Redis. */
@Injectable()
export class InMemoryPushChannelStore implements PushChannelStore {
  private readonly entries = new ExpiringMap<string>();

  save(sessionId: string, channel: PushChannel, expiresAt: number): Promise<void> {
    this.entries.set(sessionId, JSON.stringify(channel), expiresAt);
    return Promise.resolve();
  }

  find(sessionId: string): Promise<PushChannel | undefined> {
    const entry = this.entries.get(sessionId);
    return Promise.resolve(entry === undefined ? undefined : (JSON.parse(entry) as PushChannel));
  }

  remove(sessionId: string): Promise<void> {
    this.entries.delete(sessionId);
    return Promise.resolve();
  }

  removeIf(sessionId: string, channel: PushChannel): Promise<boolean> {
    if (this.entries.get(sessionId) !== JSON.stringify(channel)) return Promise.resolve(false);
    return Promise.resolve(this.entries.delete(sessionId));
  }
}
