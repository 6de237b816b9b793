import request from 'supertest';
import { appForSuite } from './support/fixtures';

describe('JSON answers', () => {
  const t = appForSuite();

  it('answer a POST with the status, a JSON content type with charset, an exact length and no ETag', async () => {
    const response = await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.text));
    expect(response.headers.etag).toBeUndefined();
    expect(response.body).toEqual(expect.objectContaining({ access_token: expect.any(String) }));
  });

  it('keep ETags and 304s on GET answers', async () => {
    const first = await request(t.url).get('/health').expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers.etag).toMatch(/^W\/"/);
    await request(t.url).get('/health').set('If-None-Match', first.headers.etag).expect(304);
  });

  it('answer errors of a POST as before, with the error body', async () => {
    const response = await request(t.url).post('/match').send({ own_token: 'x' }).expect(400);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});
