import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { addSessionLinks } from './openapi-links';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const ERROR_BODY: SchemaObject = {
  type: 'object',
  description: 'Every refusal (REST, WebSocket upgrade, HTTP parser) carries this body.',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status, repeated', example: 400 },
    error: { type: 'string', description: 'The status reason phrase', example: 'Bad Request' },
    message: {
      type: 'string',
      description:
        'What is wrong, in words a client developer can act on; several problems are joined by "; "',
      example: 'each interest must be 1-50 characters long; interests must contain at most 20 interests',
    },
  },
};

const UNLICENSED_URL = 'https://docs.npmjs.com/cli/v11/configuring-npm/package-json#license';

const RETRY_AFTER: HeaderObject = {
  description: 'Seconds until the limit admits this client again',
  schema: { type: 'integer', minimum: 1 },
};

const WWW_AUTHENTICATE: HeaderObject = {
  description:
    'RFC 6750 bearer challenge: `Bearer realm="sighej"`, plus `error="invalid_token"` when a token was sent',
  schema: { type: 'string', example: 'Bearer realm="sighej", error="invalid_token"' },
};

/** Statuses every operation can answer whatever its controller says, with why. */
const ALWAYS: Record<string, string> = {
  '431': 'Request headers too large (answered by the HTTP parser)',
  '503': 'Not answered within REQUEST_TIMEOUT_MS, or a dependency is unavailable; retry shortly',
};

/** Statuses of every operation that reads a JSON body. */
const WITH_BODY: Record<string, string> = {
  '400': 'Malformed JSON, a corrupt Content-Encoding, unknown or prototype-named fields, wrong types',
  '408': 'The request body did not arrive within REQUEST_TIMEOUT_MS',
  '413': 'Body over 16 KiB (after decompression)',
  '415': 'Content-Type is not application/json, or a Content-Encoding other than gzip, deflate or br',
};

/**
 * The cross-cutting parts of the contract, added in one place rather than on every controller:
 * an `ErrorBody` schema on every error response, `Retry-After` on 429s, the bearer challenge on
 * 401s, the statuses the HTTP layer answers for any route (body parsing, path tokens, timeouts),
 * explicit `security: []` on public operations, opaque (non-JWT) bearer schemes, a server and a
 * licence. Controllers keep describing what is specific to them.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  // As package.json says: UNLICENSED, i.e. no rights granted (npm's definition at the URL).
  document.info.license = { name: 'UNLICENSED (proprietary)', url: UNLICENSED_URL };
  document.servers = [{ url: '/', description: 'this instance (relative to the URL serving this document)' }];
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, ErrorBody: ERROR_BODY };
  for (const scheme of Object.values(components.securitySchemes ?? {}))
    if ('bearerFormat' in scheme) delete scheme.bearerFormat; // opaque random tokens, not JWTs
  for (const item of Object.values(document.paths))
    for (const method of METHODS) {
      const operation = item[method];
      if (operation !== undefined) completeOperation(operation, components.schemas);
    }
  addSessionLinks(document);
  return document;
}

/** The validation pipe refuses unknown fields in every body (forbidNonWhitelisted): say so in its schema. */
function closeBodySchema(
  operation: OperationObject,
  schemas: Record<string, SchemaObject | ReferenceObject>,
): void {
  const body = operation.requestBody;
  const ref = body !== undefined && !('$ref' in body) ? body.content['application/json']?.schema : undefined;
  if (ref === undefined || !('$ref' in ref)) return;
  const schema = schemas[ref.$ref.replace('#/components/schemas/', '')];
  if (schema !== undefined && !('$ref' in schema)) schema.additionalProperties = false;
}

function completeOperation(
  operation: OperationObject,
  schemas: Record<string, SchemaObject | ReferenceObject>,
): void {
  closeBodySchema(operation, schemas);
  const responses = operation.responses;
  const add = (status: string, description: string): void => {
    responses[status] ??= { description };
  };
  for (const [status, description] of Object.entries(ALWAYS)) add(status, description);
  if (operation.requestBody !== undefined)
    for (const [status, description] of Object.entries(WITH_BODY)) add(status, description);
  if (operation.parameters?.some((parameter) => 'in' in parameter && parameter.in === 'path'))
    add('400', 'Malformed token in the path (not 22 characters of A-Z a-z 0-9 _ -)');
  if (operation.security === undefined)
    operation.security = []; // public: no credentials
  else if (operation.security.length > 0) add('401', 'Missing or invalid bearer token');

  for (const [status, response] of Object.entries(responses)) {
    if (response === undefined || '$ref' in response || Number(status) < 400) continue;
    completeErrorResponse(status, response);
  }
}

function completeErrorResponse(status: string, response: ResponseObject): void {
  response.content ??= { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  if (status === '429') response.headers = { ...response.headers, 'Retry-After': RETRY_AFTER };
  if (status === '401') response.headers = { ...response.headers, 'WWW-Authenticate': WWW_AUTHENTICATE };
}
