import request from 'supertest';
import type { Response } from 'superagent';
import { checkExchange, takeViolations } from './openapi-contract';

/**
 * Every response an e2e test receives from an app under test, through supertest or
 * rawRequest, is checked against docs/openapi.json (see OpenApiContract); a test whose
 * responses break the contract fails, so code and contract cannot drift apart.
 */
type Assert = (
  this: { method: string; url: string },
  error: unknown,
  response: Response | undefined,
  fn: unknown,
) => unknown;
const prototype = (request as unknown as { Test: { prototype: { assert: Assert } } }).Test.prototype;
const original = prototype.assert;
prototype.assert = function (this: { method: string; url: string }, error, response, fn) {
  if (response !== undefined) {
    const url = new URL(this.url);
    checkExchange(url.origin, {
      method: this.method,
      path: `${url.pathname}${url.search}`,
      status: response.status,
      contentType: response.headers['content-type'],
      body: response.body as unknown,
      text: response.text ?? '',
    });
  }
  return original.call(this, error, response, fn);
};

afterEach(() => {
  const found = takeViolations();
  if (found.length > 0) throw new Error(`responses that break docs/openapi.json:\n  ${found.join('\n  ')}`);
});
