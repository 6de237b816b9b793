import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson, clientGone, LocalHttpServer, readBody } from '../../../tools/push-service/http-helpers';
import { ProviderScript } from '../../../tools/push-service/provider-script';
import type { TestPhone } from './test-phone';
import { verifyJwt } from '../../../tools/push-service/verify-jwt';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/**
 * An FCM-like pair of endpoints: the OAuth 2 token endpoint (RFC 7523 JWT-bearer grant,
 * the assertion checked against the service account's public key, audience and lifetime)
 * and HTTP v1 `messages:send` (the access token it issued, a data message, collapse key),
 * decrypting the data key with the phone's private key.
 */
export class LocalFcm {
  readonly script = new ProviderScript();
  readonly projectId = 'sighej-test';
  readonly clientEmail = 'push@sighej-test.iam.gserviceaccount.com';
  readonly serviceAccount: Record<string, string>;
  tokensIssued = 0;
  private readonly publicKey: KeyObject;
  private readonly accessTokens = new Set<string>();
  private readonly phones = new Map<string, TestPhone>();
  private readonly http = new LocalHttpServer((request, response) => void this.handle(request, response));

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKey = publicKey;
    this.serviceAccount = {
      type: 'service_account',
      project_id: this.projectId,
      client_email: this.clientEmail,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  }

  get tokenUrl(): string {
    return `${this.http.origin}/token`;
  }

  start(): Promise<string> {
    return this.http.start();
  }

  register(phone: TestPhone, registrationToken: string): void {
    this.phones.set(registrationToken, phone);
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.method === 'POST' && request.url === '/token') return this.token(body, response);
    if (request.method === 'POST' && request.url === `/v1/projects/${this.projectId}/messages:send`)
      return this.send(request, body, response);
    answerJson(response, 404, { error: { code: 404, status: 'NOT_FOUND' } });
  }

  private token(body: Buffer, response: ServerResponse): void {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return answerJson(response, 400, { error: this.script.violated('unsupported_grant_type') });
    try {
      const { claims } = verifyJwt(form.get('assertion') ?? '', this.publicKey, 'RS256');
      const [issuedAt, expiry, now] = [Number(claims.iat), Number(claims.exp), Date.now() / 1000];
      if (claims.iss !== this.clientEmail || claims.aud !== this.tokenUrl || claims.scope !== SCOPE)
        throw new Error('bad claims');
      if (!(expiry > now && expiry - issuedAt <= 3600 && issuedAt <= now + 60))
        throw new Error('bad lifetime');
    } catch {
      return answerJson(response, 400, { error: this.script.violated('invalid_grant') });
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.accessTokens.add(accessToken);
    this.tokensIssued += 1;
    answerJson(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  private async send(request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    if (!this.accessTokens.has(String(request.headers.authorization ?? '').replace(/^Bearer /, '')))
      return answerJson(response, 401, {
        error: { code: 401, status: this.script.violated('UNAUTHENTICATED') },
      });
    const message = (JSON.parse(body.toString('utf8')) as { message?: FcmMessage }).message;
    const device = message?.token ?? '';
    if (
      typeof message?.data?.sighej !== 'string' ||
      message.notification !== undefined ||
      !message.android?.collapse_key
    )
      return answerJson(response, 400, {
        error: { code: 400, status: this.script.violated('INVALID_ARGUMENT') },
      });
    const planned = this.script.next(device);
    if (planned.kind === 'gone')
      return answerJson(response, 404, {
        error: {
          code: 404,
          status: 'NOT_FOUND',
          details: [
            { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' },
          ],
        },
      });
    if (planned.kind === 'throttled')
      return answerJson(
        response,
        429,
        { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } },
        { 'retry-after': String(planned.retryAfterSeconds) },
      );
    if (planned.kind === 'error')
      return answerJson(response, 500, { error: { code: 500, status: 'INTERNAL' } });
    if (planned.kind === 'refused')
      return answerJson(response, 400, { error: { code: 400, status: 'INVALID_ARGUMENT' } });
    if (planned.kind === 'slow') await new Promise((done) => setTimeout(done, planned.delayMs).unref());
    const phone = this.phones.get(device);
    if (phone === undefined || clientGone(response))
      return answerJson(response, 404, { error: { code: 404, status: 'NOT_FOUND' } });
    this.script.deliveries.push({
      device,
      plaintext: phone.decrypt(Buffer.from(message.data.sighej, 'base64url')),
      at: Date.now(),
      headers: { collapse_key: message.android.collapse_key, ttl: message.android.ttl },
    });
    answerJson(response, 200, {
      name: `projects/${this.projectId}/messages/${randomBytes(8).toString('hex')}`,
    });
  }
}

interface FcmMessage {
  token?: string;
  data?: { sighej?: unknown };
  notification?: unknown;
  android?: { collapse_key?: string; ttl?: string };
}
