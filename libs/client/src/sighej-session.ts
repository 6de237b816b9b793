import { HttpApi } from './http-api';
import { SighejHttpError } from './http-error';
import { NudgeSocket } from './nudge-socket';
import { PushRegistration, pushRequestBody } from './push/push-channel';
import { MatchResult, SessionCreated } from './rest';
import { randomDuration, RotationInterval, RotationTimer } from './rotation-timer';
import { SessionEndedError } from './session-ended-error';
import { TypedEmitter } from './typed-emitter';

export interface SessionEvents {
  /**
   * The server gave the session a new BLE token, and the old one names nothing any more: stop
   * advertising the old token now and advertise `bleToken` after `pauseMs`, so the radio does
   * not show one token vanishing exactly as the next appears.
   */
  rotated: { bleToken: string; pauseMs: number };
}

export interface SessionParts {
  api: HttpApi;
  created: SessionCreated;
  /** Builds the socket; it reads the session's current token at every connect. */
  socket: (currentToken: () => string, rotating: () => boolean) => NudgeSocket;
  rotation: RotationInterval | false;
  advertisingPause: RotationInterval;
  random: () => number;
}

/** One "open to talk" period of a phone: its token, its sightings, its socket. */
export class SighejSession extends TypedEmitter<SessionEvents> {
  readonly socket: NudgeSocket;
  readonly sessionId: string;
  readonly expiresAt: string;
  private token: string;
  private readonly accessToken: string;
  private rotation?: Promise<string>;
  private rotationsInFlight = 0;
  private readonly timer?: RotationTimer;

  constructor(private readonly parts: SessionParts) {
    super();
    this.sessionId = parts.created.session_id;
    this.expiresAt = parts.created.expires_at;
    this.accessToken = parts.created.access_token;
    this.token = parts.created.ble_token;
    this.socket = parts.socket(
      () => this.token,
      () => this.rotationsInFlight > 0,
    );
    this.socket.on('session_ended', () => this.timer?.stop());
    if (parts.rotation !== false) {
      this.timer = new RotationTimer(parts.rotation, () => this.rotate(), parts.random);
      this.timer.start();
    }
  }

  /** The token to broadcast over BLE right now. */
  get bleToken(): string {
    return this.token;
  }

  get ended(): boolean {
    return this.socket.closed;
  }

  /** Reports that this phone detected `detectedToken` over BLE. Call it at every scan. */
  async reportSighting(detectedToken: string): Promise<MatchResult> {
    await this.rotation?.catch(() => undefined);
    for (let retried = false; ; retried = true) {
      this.assertLive();
      const ownToken = this.token;
      try {
        return await this.parts.api.match(this.accessToken, {
          own_token: ownToken,
          detected_token: detectedToken,
        });
      } catch (error) {
        if (!retried && isStatus(error, 401)) {
          // 401 for a token a rotation gave up meanwhile is not the session's end: ask again.
          await this.rotation?.catch(() => undefined);
          if (ownToken !== this.token) continue;
        }
        this.onError(error);
        throw error;
      }
    }
  }

  /**
   * Registers (or replaces) where the service pushes a nudge this phone's socket did not take
   * (the app in the background): the push is encrypted to `registration`'s keys, and the
   * channel ends with the session. Rejects with 400 for a provider the service has not configured.
   */
  registerPush(registration: PushRegistration): Promise<void> {
    const body = pushRequestBody(registration);
    return this.asSession((token) => this.parts.api.registerPush(token, this.accessToken, body));
  }

  /** Stops pushes to this phone (resolves also when none was registered). */
  unregisterPush(): Promise<void> {
    return this.asSession((token) => this.parts.api.unregisterPush(token, this.accessToken));
  }

  /**
   * Asks the server for a new token; the socket stays open. Resolves to the new token, or rejects
   * with the service's answer (429 over the rotation limit, with `retryAfterMs`) and keeps the old.
   */
  rotate(): Promise<string> {
    const previous = this.rotation?.catch(() => undefined) ?? Promise.resolve();
    this.rotationsInFlight++;
    const rotation = previous.then(() => this.rotateOnce()).finally(() => this.rotationsInFlight--);
    this.rotation = rotation;
    return rotation;
  }

  /** The user switched "open to talk" off: the socket closes and the session is deleted. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.timer?.stop();
    this.socket.stop();
    try {
      await this.parts.api.end(this.token, this.accessToken);
    } catch (error) {
      if (!isStatus(error, 401)) throw error;
    }
  }

  private async rotateOnce(): Promise<string> {
    this.assertLive();
    try {
      const rotated = await this.parts.api.rotate(this.token, this.accessToken);
      this.token = rotated.ble_token;
      const pauseMs = randomDuration(this.parts.advertisingPause, this.parts.random);
      this.emit('rotated', { bleToken: this.token, pauseMs });
      return this.token;
    } catch (error) {
      this.onError(error);
      throw error;
    }
  }

  /** A call under the current token, after any rotation in flight; a 401 ends the session. */
  private async asSession(call: (token: string) => Promise<void>): Promise<void> {
    await this.rotation?.catch(() => undefined);
    this.assertLive();
    try {
      await call(this.token);
    } catch (error) {
      this.onError(error);
      throw error;
    }
  }

  private onError(error: unknown): void {
    if (isStatus(error, 401)) {
      this.timer?.stop();
      this.socket.sessionGone('lost');
    }
  }

  private assertLive(): void {
    if (this.ended) throw new SessionEndedError();
  }
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof SighejHttpError && error.status === status;
}
