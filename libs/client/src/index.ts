/*
 * The public API of @sighej/client. Everything else under src/ is internal and may change in
 * any release: the package exports only what is listed here.
 */
export { SighejClient } from './sighej-client';
export type { ClientOptions } from './client-options';
export { SighejSession } from './sighej-session';
export type { SessionEvents } from './sighej-session';
export type { NudgeSocket } from './nudge-socket';
export type { ReceivedNudge, SocketEvents, SocketState } from './socket-events';
export { SighejHttpError } from './http-error';
export { SessionEndedError } from './session-ended-error';
export { wsTransport } from './ws-transport';
export type { WsConstructor } from './ws-transport';
export { webSocketTransport } from './web-socket-transport';
export type { FetchLike, SocketConnection, SocketHandlers, SocketTransport } from './transport';
export type { BackoffOptions } from './backoff';
export type { RotationInterval } from './rotation-timer';
export type { NudgeFrame, SessionEndedFrame, SessionEndReason } from './frames';
export type { MatchResult } from './rest';
export type { PushRegistration } from './push/push-channel';
export { generatePushKeyPair } from './push/push-key-pair';
export type { PushKeyPair, PushPublicKeys } from './push/push-key-pair';
export { decryptPush, decryptPushedNudge } from './push/decrypt-push';
export type { PrivateKeyJwk } from './push/web-crypto';
