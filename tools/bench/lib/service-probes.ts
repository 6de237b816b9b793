// Questions asked of a running service from outside: does it upgrade WebSockets, how much
// memory does it hold once settled.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './numbers';
import { rssKb, StartedProcess } from './processes';

/** The status an upgrade request to `path` gets (101 when upgraded, 0 on a hang-up). */
export function upgradeStatus(url: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const req = request({
      host: hostname,
      port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
      },
      timeout: 2000,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

interface MemoryAnswer {
  memory: NodeJS.MemoryUsage;
}

const isMemoryAnswer = (answer: unknown): answer is MemoryAnswer =>
  typeof answer === 'object' && answer !== null && 'memory' in answer;

/**
 * After a full GC: RSS (median of 5 readings) and the JS heap + external memory the process
 * reports. RSS alone can under-read: a heap that grew earlier keeps its pages, and new
 * objects fill them without raising RSS.
 */
export async function settledMemory(service: StartedProcess): Promise<{ rssKb: number; heapKb: number }> {
  const answer = await service.ask('memory', isMemoryAnswer);
  const { memory } = answer as MemoryAnswer;
  await sleep(500);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssKb(service.pid));
    await sleep(200);
  }
  return { rssKb: percentile(samples, 50), heapKb: (memory.heapUsed + memory.external) / 1024 };
}
