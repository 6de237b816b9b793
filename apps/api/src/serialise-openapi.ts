import type { OpenAPIObject } from '@nestjs/swagger';

/** The committed docs/openapi.json format, shared by `npm run openapi` and the staleness test. */
export function serialiseOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
