import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One HTTP exchange as a test saw it. */
export interface Exchange {
  method: string;
  /** Path and query, e.g. `/stats?date=2026-01-01`. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: unknown;
  text: string;
}

interface Media {
  schema?: unknown;
}
interface Response {
  content?: Record<string, Media>;
}
interface Operation {
  responses: Record<string, Response>;
}
type PathItem = Partial<Record<string, Operation>>;
interface Document {
  paths: Record<string, PathItem>;
}

/** Origins of the apps under test (test-app.ts registers each); other servers are not checked. */
export const CHECKED_ORIGINS = new Set<string>();

/** Served next to the API and described elsewhere (Swagger UI, the AsyncAPI document, the admin page). */
const OUTSIDE_THE_CONTRACT = /^\/(?:docs|admin)(?:[/-]|$)/;
const DOCUMENT_KEY = 'openapi.json';

/**
 * What the HTTP and body parsers answer before any route is looked up, so an unknown path can
 * get them too: a bad body (400), an oversized one (413), a non-JSON type or unknown encoding
 * (415), oversized headers (431).
 */
const BEFORE_ROUTING = new Set([400, 413, 415, 431]);

/** A path the router cannot decode (a broken %-escape) is 400, whatever it names. */
function malformedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** Escapes a pointer token (RFC 6901). */
const pointer = (...tokens: string[]): string =>
  tokens.map((token) => token.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks exchanges against docs/openapi.json: the path and method must be documented (an
 * undocumented path may only be answered 404, an undocumented method on a documented path 404
 * or 405), the status must be listed for the operation, and
 * a JSON body must match the schema documented for that status.
 */
export class OpenApiContract {
  private readonly document: Document;
  private readonly routes: { template: string; pattern: RegExp }[];
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(file = resolve(__dirname, '../../docs/openapi.json')) {
    this.document = JSON.parse(readFileSync(file, 'utf8')) as Document;
    this.ajv.addSchema(this.document, DOCUMENT_KEY, undefined, false);
    this.routes = Object.keys(this.document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  /** What is wrong with `exchange`, or an empty list. */
  problems(exchange: Exchange): string[] {
    const path = exchange.path.split('?')[0];
    const method = exchange.method.toLowerCase();
    const name = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    if (OUTSIDE_THE_CONTRACT.test(path) || method === 'options' || method === 'head') return [];
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const operation = route === undefined ? undefined : this.document.paths[route.template][method];
    if (route === undefined || operation === undefined)
      return exchange.status === 404 ||
        // Express routes `/session/` as `/session`, so a 405 there names that path's methods.
        (exchange.status === 405 && this.documentedPath(path.replace(/(.)\/+$/, '$1'))) ||
        BEFORE_ROUTING.has(exchange.status) ||
        (exchange.status === 400 && malformedPath(path))
        ? []
        : [`${name}: no such operation in docs/openapi.json`];
    // A conditional GET's 304 is HTTP caching (the ETag), not an answer of the API.
    if (exchange.status === 304 && method === 'get') return [];
    const response = operation.responses[String(exchange.status)];
    if (response === undefined)
      return [`${name}: status not documented for ${method.toUpperCase()} ${route.template}`];
    const json = exchange.contentType?.startsWith('application/json') === true;
    const documented = Object.keys(response.content ?? {});
    if (exchange.text === '')
      return documented.length === 0 ? [] : [`${name}: empty body, documented: ${documented.join(', ')}`];
    if (json && response.content?.['application/json'] === undefined)
      return [`${name}: a JSON body where docs/openapi.json documents ${documented.join(', ') || 'none'}`];
    if (!json) {
      const type = exchange.contentType?.split(';')[0];
      return documented.includes(type ?? '')
        ? []
        : [`${name}: ${type} body, documented: ${documented.join(', ')}`];
    }
    const validate = this.validator(route.template, method, String(exchange.status));
    if (validate(exchange.body)) return [];
    return [`${name}: body ${JSON.stringify(exchange.body)} ${this.ajv.errorsText(validate.errors)}`];
  }

  private documentedPath(path: string): boolean {
    return this.routes.some((candidate) => candidate.pattern.test(path));
  }

  private validator(template: string, method: string, status: string): ValidateFunction {
    const ref = `${DOCUMENT_KEY}#/${pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema')}`;
    let validate = this.validators.get(ref);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

let shared: OpenApiContract | undefined;
const violations: string[] = [];

/** Records what is wrong with one exchange with an app under test; other servers are ignored. */
export function checkExchange(origin: string, exchange: Exchange): void {
  if (!CHECKED_ORIGINS.has(origin)) return;
  shared ??= new OpenApiContract();
  violations.push(...shared.problems(exchange));
}

/** The violations recorded since the last call. */
export function takeViolations(): string[] {
  return violations.splice(0);
}
