// Server memory per idle WebSocket: boots the built service (npm run build) as its own
// process on the machine's Redis and Postgres, opens N authenticated idle sockets, and reports
// the server's RSS growth per socket. Usage: node bench/ws-memory.mjs [sockets=2000]
// Needs Redis on 127.0.0.1:6379 and Postgres on 127.0.0.1:5432 (user postgres, trust).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const count = Number(process.argv[2] ?? 2000);
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const db = `sighej_bench_${randomBytes(4).toString('hex')}`;
const prefix = `bench${randomBytes(4).toString('hex')}:`;
const psql = (sql) => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qAtc', sql]);
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

psql(`CREATE DATABASE ${db}`);
const server = spawn(process.execPath, ['--expose-gc', 'dist/apps/api/apps/api/src/main.js'], {
  env: {
    ...process.env,
    PORT: String(port),
    REDIS_URL: 'redis://127.0.0.1:6379/0',
    REDIS_KEY_PREFIX: prefix,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
    RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const sockets = [];
try {
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await fetch(`${base}/health/live`)).ok) break;
    } catch {
      if (tries > 100) throw new Error('server did not start');
    }
    await sleep(100);
  }
  const sessions = [];
  for (let n = 0; n < count; n += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - n) }, async (_, i) => {
        const response = await fetch(`${base}/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ interests: ['rust', 'techno'] }),
        });
        const body = await response.json();
        return { token: body.ble_token, access: body.access_token };
      }),
    );
    sessions.push(...batch);
  }
  await sleep(2000);
  const before = rssKb(server.pid);
  for (let n = 0; n < sessions.length; n += 100) {
    await Promise.all(
      sessions.slice(n, n + 100).map(
        ({ token, access }) =>
          new Promise((resolve, reject) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/${token}`, {
              headers: { Authorization: `Bearer ${access}` },
              perMessageDeflate: false,
            });
            ws.once('open', resolve).once('error', reject);
            sockets.push(ws);
          }),
      ),
    );
  }
  await sleep(5000);
  const after = rssKb(server.pid);
  console.log(
    `${count} idle sockets: server RSS ${(before / 1024).toFixed(1)} MiB -> ${(after / 1024).toFixed(1)} MiB, ` +
      `${(((after - before) * 1024) / count / 1024).toFixed(1)} KiB per socket`,
  );
} finally {
  for (const ws of sockets) ws.terminate();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  execFileSync('sh', ['-c', `redis-cli --scan --pattern '${prefix}*' | xargs -r redis-cli del > /dev/null`]);
}
