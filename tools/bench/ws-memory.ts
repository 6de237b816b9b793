// Server memory per idle WebSocket: boots the built service as its own process on the
// machine's Redis and Postgres, opens N authenticated idle sockets, and reports the server's
// RSS growth per socket. After `npm run bench:build`:
//   node dist/bench/tools/bench/ws-memory.js [sockets=2000]
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchSession, createSession } from './lib/fixtures';
import { closeAgent, forEachConcurrently } from './lib/http';
import { deleteKeysWithPrefix, freePort, freshDatabase, uniquePrefix } from './lib/infra';
import { rssKb, startNodeProcess } from './lib/processes';
import { serviceEnv } from './lib/service-env';
import { closeAll, connectAll, Phone } from './lib/sockets';
import { SERVICE_MAIN } from './settings';

const count = Number(process.argv[2] ?? 2000);

async function main(): Promise<void> {
  const prefix = uniquePrefix();
  const database = await freshDatabase();
  const server = await startNodeProcess({
    name: 'service',
    script: SERVICE_MAIN,
    nodeArgs: ['--expose-gc'],
    env: serviceEnv({ prefix, databaseUrl: database.url }),
    port: await freePort(),
    healthPath: '/health/live',
  });
  let phones: Phone[] = [];
  try {
    const sessions = new Array<BenchSession>(count);
    await forEachConcurrently(count, 50, async (i) => {
      sessions[i] = await createSession(server.url, ['rust', 'techno']);
    });
    await sleep(2000);
    const before = rssKb(server.pid);
    phones = await connectAll(server.url, sessions);
    await sleep(5000);
    const after = rssKb(server.pid);
    console.log(
      `${count} idle sockets: server RSS ${(before / 1024).toFixed(1)} MiB -> ${(after / 1024).toFixed(1)} MiB, ` +
        `${(((after - before) * 1024) / count / 1024).toFixed(1)} KiB per socket`,
    );
  } finally {
    await closeAll(phones);
    closeAgent();
    await server.stop();
    await database.drop();
    await deleteKeysWithPrefix(prefix);
  }
}

void main();
