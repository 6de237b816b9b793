import { randomBleToken } from './ble-token';
import { HttpApi } from './http-api';
import { SighejHttpError } from './http-error';
import { NudgeSocket } from './nudge-socket';
import { MatchResult, SessionCreated } from './rest';
import { RotationInterval, RotationTimer } from './rotation-timer';
import { SessionEndedError } from './session-ended-error';
import { TypedEmitter } from './typed-emitter';

export interface SessionEvents {
  /** The session broadcasts a new BLE token from now on: change the BLE advertisement. */
  rotated: { bleToken: string };
}

export interface SessionParts {
  api: HttpApi;
  created: SessionCreated;
  bleToken: string;
  /** Builds the socket; it reads the session's current token at every connect. */
  socket: (currentToken: () => string, rotating: () => boolean) => NudgeSocket;
  rotation: RotationInterval | false;
  random: () => number;
  /** Attempts to find a free token when the service answers 409. */
  tokenAttempts: number;
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
    this.token = parts.bleToken;
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

  /** Broadcast a new token from now on; the socket stays open. Returns the new token. */
  rotate(newToken?: string): Promise<string> {
    const previous = this.rotation?.catch(() => undefined) ?? Promise.resolve();
    this.rotationsInFlight++;
    const rotation = previous.then(() => this.rotateOnce(newToken)).finally(() => this.rotationsInFlight--);
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

  private async rotateOnce(newToken: string | undefined): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      this.assertLive();
      const candidate = newToken ?? randomBleToken();
      try {
        const rotated = await this.parts.api.rotate(this.token, this.accessToken, candidate);
        this.token = rotated.ble_token;
        this.emit('rotated', { bleToken: this.token });
        return this.token;
      } catch (error) {
        if (newToken === undefined && isStatus(error, 409) && attempt < this.parts.tokenAttempts) continue;
        this.onError(error);
        throw error;
      }
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
