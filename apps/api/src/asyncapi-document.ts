import type { INestApplication } from '@nestjs/common';
import type { Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where Swagger UI's description links the WebSocket contract. */
export const ASYNCAPI_PATH = '/docs/asyncapi.yaml';

/**
 * docs/asyncapi.yaml of the checkout or the image: the nearest `docs/asyncapi.yaml` above this
 * file, which is found both from the sources (tests) and from dist/ (the image copies docs/asyncapi.yaml).
 */
function findAsyncApiFile(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'asyncapi.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`docs/asyncapi.yaml not found above ${__dirname}`);
  }
}

/** Serves the AsyncAPI document of `/ws/{ble_token}` next to Swagger UI (read once, at boot). */
export function serveAsyncApi(app: INestApplication): void {
  const document = readFileSync(findAsyncApiFile(), 'utf8');
  app
    .getHttpAdapter()
    .get(ASYNCAPI_PATH, (_request: Request, response: Response) =>
      response.type('application/yaml; charset=utf-8').send(document),
    );
}
