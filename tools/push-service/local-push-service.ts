import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateVAPIDKeys } from 'web-push';
import { answerJson, clientGone, LocalHttpServer, readBody } from './http-helpers';
import { ProviderScript } from './provider-script';
import { p256PublicKey, verifyJwt } from './verify-jwt';

const MAX_BODY = 4096;

/** Whoever a subscription reaches: it decrypts each push with its own private key. */
export interface PushSubscriber {
  /** The plaintext of a push body; throws (or rejects) when it was not encrypted to this subscriber. */
  decrypt(body: Buffer): string | Promise<string>;
}

/**
 * An RFC 8030 push service (for tests and the simulator): `POST /push/<id>` checked as a browser vendor's is (VAPID per
 * RFC 8292: the JWT's signature against `k`, `k` the application server's key, `aud` this
 * origin, `exp` within 24 h; `TTL`, `Urgency`, `Topic`; aes128gcm; at most 4096 bytes),
 * the body decrypted with the subscribed phone's private key.
 */
export class LocalPushService {
  readonly script = new ProviderScript();
  readonly vapid = generateVAPIDKeys();
  private readonly phones = new Map<string, PushSubscriber>();
  private readonly http = new LocalHttpServer((request, response) => void this.handle(request, response));

  start(): Promise<string> {
    return this.http.start();
  }

  /** A new subscription for `phone`: its endpoint. */
  subscribe(phone: PushSubscriber, id: string): string {
    this.phones.set(id, phone);
    return `${this.http.origin}/push/${id}`;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const device = (request.url ?? '').replace(/^\/push\//, '');
    const problem = request.method !== 'POST' ? 'not POST' : this.problem(request, body);
    if (problem !== undefined) return answerJson(response, 400, { reason: this.script.violated(problem) });
    const planned = this.script.next(device);
    if (planned.kind === 'gone') return answerJson(response, 410);
    if (planned.kind === 'throttled')
      return answerJson(response, 429, undefined, { 'retry-after': String(planned.retryAfterSeconds) });
    if (planned.kind === 'error') return answerJson(response, 500);
    if (planned.kind === 'refused') return answerJson(response, 403);
    if (planned.kind === 'slow') await new Promise((done) => setTimeout(done, planned.delayMs).unref());
    const phone = this.phones.get(device);
    if (phone === undefined) return answerJson(response, 404);
    if (clientGone(response)) return;
    let plaintext: string;
    try {
      plaintext = await phone.decrypt(body);
    } catch (error) {
      return answerJson(response, 400, { reason: this.script.violated(`undecryptable: ${String(error)}`) });
    }
    this.script.deliveries.push({ device, plaintext, at: Date.now(), headers: { ...request.headers } });
    answerJson(response, 201, undefined, { location: `${this.http.origin}/message/${device}` });
  }

  private problem(request: IncomingMessage, body: Buffer): string | undefined {
    const { headers } = request;
    if (!/^\d+$/.test(String(headers.ttl ?? ''))) return 'TTL missing';
    if (!['very-low', 'low', 'normal', 'high'].includes(String(headers.urgency ?? 'normal')))
      return 'bad Urgency';
    const topic = String(headers.topic ?? '');
    if (topic !== '' && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return 'bad Topic';
    if (headers['content-encoding'] !== 'aes128gcm') return 'not aes128gcm';
    if (body.length > MAX_BODY) return 'payload too large';
    return this.vapidProblem(String(headers.authorization ?? ''));
  }

  private vapidProblem(authorization: string): string | undefined {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
    if (match === null) return 'no VAPID authorization';
    const [, jwt, k] = match;
    if (k !== this.vapid.publicKey) return 'VAPID key is not the application server key';
    const key = p256PublicKey(k);
    try {
      const { claims } = verifyJwt(jwt, key, 'ES256');
      const untilExpiry = Number(claims.exp) - Date.now() / 1000;
      if (claims.aud !== this.http.origin || typeof claims.sub !== 'string') return 'VAPID aud or sub wrong';
      if (!(untilExpiry > 0)) return 'VAPID JWT expired';
      return untilExpiry > 24 * 3600 ? 'VAPID exp over 24 h' : undefined;
    } catch (error) {
      return `VAPID JWT refused: ${String(error)}`;
    }
  }
}
