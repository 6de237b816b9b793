import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NudgeWsAdapter } from '@sighej/nudge';
import { CoreSettings, DepthLimitedValidationPipe, Metrics, rawErrorResponse } from '@sighej/shared';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { allowedMethods } from './allowed-methods';
import { describeUnparsableBody } from './body-parser-errors';
import { ASYNCAPI_PATH, serveAsyncApi } from './asyncapi-document';
import { DomainErrorFilter, toErrorBody } from './domain-error.filter';
import { applyConnectionLimit } from './http/connection-limit';
import { corsOptions } from './http/cors-options';
import { JsonContentTypeGuard } from './http/json-content-type.guard';
import { redisBudget } from './http/redis-budget';
import { RequestLog } from './http/request-log';
import { applyServerTimeouts, requestTimeout } from './http/request-timeout';
import { securityHeaders } from './http/security-headers';
import { httpMetrics } from './metrics/http-metrics';
import { HttpRequestMetrics } from './metrics/http-request-metrics';
import { completeOpenApiDocument } from './openapi-contract';
import { ServerSettings } from './config/server.settings';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SigHej API')
    .setDescription(
      'Privacy-first social proximity: ephemeral sessions, interest matching over BLE, real-time nudges over ' +
        `a WebSocket (\`/ws/{ble_token}\`, described by the AsyncAPI document [${ASYNCAPI_PATH}](${ASYNCAPI_PATH})) ` +
        'and anonymised daily stats.',
    )
    .setVersion('1.0.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'access_token from POST /session' },
      'session',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY' }, 'admin')
    .build();
  return completeOpenApiDocument(SwaggerModule.createDocument(app, config));
}

/** Everything main.ts and the e2e tests share: parsing limits, validation, errors, docs. */
export function configureApp<T extends INestApplication>(app: T): T {
  const server = app.get(ServerSettings);
  const metrics = app.get(Metrics);
  const express = app as unknown as NestExpressApplication;
  express.use(httpMetrics(app.get(HttpRequestMetrics)));
  express.use(app.get(RequestLog).middleware());
  express.disable('x-powered-by');
  // Decides req.ip (per-IP limits, logs) behind a load balancer; see docs/operating.md.
  express.set('trust proxy', parseTrustProxy(server.TRUST_PROXY));
  applyServerTimeouts(app.getHttpServer() as Server);
  applyConnectionLimit(app.getHttpServer() as Server, server.MAX_CONNECTIONS, metrics);
  express.use(requestTimeout(app.get(CoreSettings).REQUEST_TIMEOUT_MS));
  express.use(securityHeaders());
  const cors = corsOptions(server.allowedOrigins);
  if (cors !== undefined) app.enableCors(cors);
  // JSON only: other content types are answered 415 by JsonContentTypeGuard.
  express.useBodyParser('json', { limit: '16kb', strict: true });
  express.use(describeUnparsableBody);
  express.use(redisBudget());
  app.useGlobalGuards(new JsonContentTypeGuard());
  app.useGlobalPipes(new DepthLimitedValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter(metrics, allowedMethods(app)));
  answerMalformedRequestsWithJson(app);
  // `/ws/{ble_token}` with authentication at the upgrade; refusals use the REST error bodies.
  app.useWebSocketAdapter(new NudgeWsAdapter(app, toErrorBody));
  app.enableShutdownHooks();
  if (server.SWAGGER_UI) {
    serveAsyncApi(app);
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

/**
 * Node's HTTP parser rejects some requests before Express sees them (bad chunking, header
 * overflow, a body where none may be). Its default reply is a bare 400; ours is the same
 * error body as everywhere else, so every 4xx says what is wrong.
 */
function answerMalformedRequestsWithJson(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    socket.end(
      rawErrorResponse({
        statusCode: tooLarge ? 431 : 400,
        error: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
        message: `Malformed HTTP request (${error.code ?? 'parse error'})`,
      }),
    );
  });
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
