// A small keep-alive JSON client for fixtures and latency probes (cheaper per call than fetch).
import { Agent, OutgoingHttpHeaders, request } from 'node:http';

// Idle sockets close after 4 s, before the server's 5 s keep-alive timeout can race a reuse.
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });

export interface JsonAnswer {
  status: number;
  /** The parsed body (undefined when it is not JSON); its shape is checked by whoever reads it. */
  body: Record<string, unknown> | undefined;
  text: string;
}

function parsed(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  bearer?: string,
  extraHeaders: OutgoingHttpHeaders = {},
): Promise<JsonAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const payload = Buffer.from(JSON.stringify(body));
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': payload.length,
    ...extraHeaders,
  };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: parsed(text), text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function forEachConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export function closeAgent(): void {
  agent.destroy();
}
