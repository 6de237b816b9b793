import { BackoffOptions } from './backoff';
import { RotationInterval } from './rotation-timer';
import { FetchLike, SocketTransport } from './transport';

export interface ClientOptions {
  /** The service's origin, e.g. `https://api.sighej.example`. */
  url: string;
  /** Defaults to the global `fetch` (Node 18+, browsers, React Native). */
  fetch?: FetchLike;
  /** Defaults to the global `WebSocket`; where there is none (Node before 22) pass `wsTransport(WebSocket)` from `ws`. */
  transport?: SocketTransport;
  /** Reconnect and retry delays (full jitter). Default 500 ms doubling up to 30 s. */
  backoff?: BackoffOptions;
  /** Attempts per REST call on 429 / 503 / network failure. Default 5. */
  maxAttempts?: number;
  /** How often to rotate the BLE token, or false to rotate only when asked. Default 10-15 min. */
  rotation?: RotationInterval | false;
  /**
   * The random pause between the old token's last advertisement and the new one's first, handed
   * to the app with each `rotated` event (`pauseMs`): a token vanishing exactly as another
   * appears would link the two for anyone with a Bluetooth scanner. Default 2-20 s.
   */
  advertisingPause?: RotationInterval;
  /** The source of randomness for jitter and rotation times (tests make it deterministic). */
  random?: () => number;
}
