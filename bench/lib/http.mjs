// A small keep-alive JSON client for fixtures and latency probes (cheaper per call than fetch).
import { Agent, request } from 'node:http';

// Idle sockets close after 4 s, before the server's 5 s keep-alive timeout can race a reuse.
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });

export function postJson(baseUrl, path, body, bearer, extraHeaders = {}) {
  const { hostname, port } = new URL(baseUrl);
  const payload = Buffer.from(JSON.stringify(body));
  const headers = { 'content-type': 'application/json', 'content-length': payload.length, ...extraHeaders };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'POST', headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, body: json, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function forEachConcurrently(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export function closeAgent() {
  agent.destroy();
}
