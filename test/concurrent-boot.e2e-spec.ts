import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { freshTestDatabase } from './support/test-services';
import { Client } from 'pg';

jest.setTimeout(60_000);

const INSTANCES = 3;

describe('instances booting at once on a fresh database', () => {
  let database: Awaited<ReturnType<typeof freshTestDatabase>>;
  let apps: TestApp[] = [];
  beforeAll(async () => {
    database = await freshTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
    await database.drop();
  });

  it('migrate once between them (an advisory lock), and every one has Postgres up from the start', async () => {
    apps = await Promise.all(
      Array.from({ length: INSTANCES }, () => startTestApp({ env: { DATABASE_URL: database.url } })),
    );
    for (const t of apps) {
      const health = await request(t.url).get('/health').expect(200);
      expect(health.body.details.postgres).toEqual({ status: 'up', mode: 'server' });
    }
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    await client.end();
    // Each migration applied exactly once.
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
  });
});
