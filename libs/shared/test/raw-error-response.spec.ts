import { rawErrorResponse } from '../src/errors';

describe('rawErrorResponse', () => {
  const body = {
    statusCode: 401,
    error: 'Unauthorized',
    message: 'Missing or invalid access token for this session',
  };

  it('is a complete HTTP response with the JSON body', () => {
    const response = rawErrorResponse(body);
    const [head, json] = response.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(json)}`);
    expect(head).toContain('Connection: close');
    expect(head).not.toContain('Retry-After');
    expect(JSON.parse(json)).toEqual(body);
  });

  it('says when to retry for an error that carries retryAfterSeconds', () => {
    const limited = { statusCode: 429, error: 'Too Many Requests', message: 'Too many requests' };
    expect(rawErrorResponse(limited, { retryAfterSeconds: 41.2 })).toContain('\r\nRetry-After: 42\r\n');
    expect(rawErrorResponse(limited, new Error('x'))).not.toContain('Retry-After');
  });
});
