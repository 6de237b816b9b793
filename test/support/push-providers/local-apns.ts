import { createSecureServer, Http2SecureServer, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { ProviderScript } from '../../../tools/push-service/provider-script';
import { selfSignedCertificate } from './self-signed';
import type { TestPhone } from './test-phone';
import { verifyJwt } from '../../../tools/push-service/verify-jwt';

const MAX_PAYLOAD = 4096;

export interface ApnsIdentity {
  keyPem: string;
  keyId: string;
  teamId: string;
  topic: string;
}

/**
 * An APNs-like HTTP/2 TLS server: checks what Apple checks (the ES256 provider token against
 * the team's key, its age, the apns-* headers, a payload of at most 4 KB) and decrypts the
 * custom key with the phone's private key.
 */
export class LocalApns {
  readonly script = new ProviderScript();
  readonly identity: ApnsIdentity;
  readonly ca: string;
  private readonly server: Http2SecureServer;
  private readonly publicKey: KeyObject;
  private readonly phones = new Map<string, TestPhone>();

  constructor() {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.identity = {
      keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyId: 'ABC123DEFG',
      teamId: 'TEAM123456',
      topic: 'org.sighej.test',
    };
    this.publicKey = createPublicKey(createPrivateKey(this.identity.keyPem));
    const { key, cert } = selfSignedCertificate();
    this.ca = cert;
    this.server = createSecureServer({ key, cert });
    this.server.on('stream', (stream, headers) => void this.handle(stream, headers));
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A device token for `phone`: its pushes are decrypted with its key. */
  register(phone: TestPhone, deviceToken: string): void {
    this.phones.set(deviceToken, phone);
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private async handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<void> {
    const body = await readStream(stream);
    const device = String(headers[':path'] ?? '').replace(/^\/3\/device\//, '');
    const problem = this.problem(headers, body, device);
    if (problem !== undefined) return answer(stream, 400, { reason: this.script.violated(problem) });
    const planned = this.script.next(device);
    if (planned.kind === 'gone')
      return answer(stream, 410, { reason: 'Unregistered', timestamp: Date.now() });
    if (planned.kind === 'throttled')
      return answer(
        stream,
        429,
        { reason: 'TooManyRequests' },
        { 'retry-after': String(planned.retryAfterSeconds) },
      );
    if (planned.kind === 'error') return answer(stream, 500, { reason: 'InternalServerError' });
    if (planned.kind === 'refused') return answer(stream, 400, { reason: 'BadPriority' });
    if (planned.kind === 'slow') await new Promise((done) => setTimeout(done, planned.delayMs).unref());
    if (stream.closed || stream.destroyed) return;
    const payload = JSON.parse(body.toString('utf8')) as { sighej: string };
    const phone = this.phones.get(device);
    if (phone === undefined) return answer(stream, 400, { reason: 'BadDeviceToken' });
    this.script.deliveries.push({
      device,
      plaintext: phone.decrypt(Buffer.from(payload.sighej, 'base64url')),
      at: Date.now(),
      headers: { ...headers },
    });
    answer(stream, 200, undefined, { 'apns-id': crypto.randomUUID() });
  }

  private problem(headers: IncomingHttpHeaders, body: Buffer, device: string): string | undefined {
    if (headers[':method'] !== 'POST' || !/^[0-9a-f]{64,200}$/.test(device)) return 'BadPath';
    if (body.length > MAX_PAYLOAD) return 'PayloadTooLarge';
    const tokenProblem = this.providerTokenProblem(String(headers.authorization ?? ''));
    if (tokenProblem !== undefined) return tokenProblem;
    if (headers['apns-topic'] !== this.identity.topic) return 'BadTopic';
    if (headers['apns-push-type'] !== 'alert') return 'InvalidPushType';
    if (!['5', '10'].includes(String(headers['apns-priority']))) return 'BadPriority';
    if (!/^\d+$/.test(String(headers['apns-expiration']))) return 'BadExpirationDate';
    const collapse = String(headers['apns-collapse-id'] ?? '');
    if (collapse.length === 0 || Buffer.byteLength(collapse) > 64) return 'BadCollapseId';
    let payload: { aps?: { alert?: unknown; 'mutable-content'?: unknown }; sighej?: unknown };
    try {
      payload = JSON.parse(body.toString('utf8')) as typeof payload;
    } catch {
      return 'BadPayload';
    }
    if (payload.aps?.['mutable-content'] !== 1 || payload.aps.alert === undefined) return 'BadAps';
    return typeof payload.sighej === 'string' ? undefined : 'MissingCiphertext';
  }

  private providerTokenProblem(authorization: string): string | undefined {
    try {
      const { header, claims } = verifyJwt(authorization.replace(/^bearer /, ''), this.publicKey, 'ES256');
      if (header.kid !== this.identity.keyId || claims.iss !== this.identity.teamId)
        return 'InvalidProviderToken';
      const age = Date.now() / 1000 - Number(claims.iat);
      if (age > 3600) return 'ExpiredProviderToken';
      return age < -60 ? 'InvalidProviderToken' : undefined;
    } catch {
      return 'InvalidProviderToken';
    }
  }
}

function readStream(stream: ServerHttp2Stream): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function answer(
  stream: ServerHttp2Stream,
  status: number,
  body?: object,
  headers: Record<string, string> = {},
): void {
  if (stream.closed || stream.destroyed) return;
  stream.respond({ ':status': status, 'content-type': 'application/json', ...headers });
  stream.end(body === undefined ? undefined : JSON.stringify(body));
}
