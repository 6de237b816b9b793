import { connect, Socket } from 'node:net';
import request from 'supertest';
import { appForSuite } from './support/fixtures';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A keep-alive connection that has been answered once, so the server surely counts it. */
async function openConnection(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.once('data', () => resolve());
  });
  return socket;
}

/** What a connection over the cap sees: the server closes it without a byte. */
function replyOf(port: number): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  return new Promise((resolve) => {
    let text = '';
    socket.on('connect', () => socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
  });
}

describe('MAX_CONNECTIONS', () => {
  const t = appForSuite({ env: { MAX_CONNECTIONS: '3' } });

  it('closes connections over the cap at once, counts them, and serves again once one closes', async () => {
    const held = [await openConnection(t.port), await openConnection(t.port), await openConnection(t.port)];
    expect(await replyOf(t.port)).toBe('');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { text } = await request(t.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`)
      .expect(200);
    expect(sample(text, 'sighej_http_refused_connections_total')).toBe(1);
    // Only the scrape's own connection is open now.
    expect(sample(text, 'sighej_http_open_connections')).toBe(1);
  });
});
