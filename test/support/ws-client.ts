import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export interface Refusal {
  status: number;
  body: unknown;
}

type Frame = Record<string, unknown>;

/** A real WebSocket client for the tests: collects frames, waits for them and for the close. */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<Closed>;
  private waiters: { predicate: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
  }

  /** Opens `/ws/<bleToken>` with the access token as a Bearer header (or as `?access_token=`). */
  static open(baseUrl: string, bleToken: string, accessToken: string, viaQuery = false): Promise<TestSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws/${bleToken}${viaQuery ? `?access_token=${accessToken}` : ''}`;
    const ws = new WebSocket(url, {
      headers: viaQuery ? {} : { Authorization: `Bearer ${accessToken}` },
      perMessageDeflate: false,
    });
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The next frame (already received or yet to come) matching `predicate`. */
  next(predicate: (frame: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const seen = this.frames.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame in time')), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  nudges(): Frame[] {
    return this.frames.filter((frame) => frame.type === 'nudge');
  }

  /** Waits until `count` nudges have arrived. */
  async nudgeCount(count: number, timeoutMs = 5000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.nudges().length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} nudges, got ${this.nudges().length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.nudges();
  }

  ack(nudgeId: unknown): void {
    this.ws.send(JSON.stringify({ type: 'ack', nudge_id: nudgeId }));
  }

  async close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }

  /** Closes within `ms`, or rejects: for "the server closed it" assertions. */
  closedWithin(ms = 5000): Promise<Closed> {
    return Promise.race([
      this.closed,
      new Promise<Closed>((_, reject) =>
        setTimeout(() => reject(new Error('socket not closed in time')), ms),
      ),
    ]);
  }
}

/** Attempts an upgrade that should be refused; resolves with the HTTP status and JSON body. */
export function refusedUpgrade(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Refusal> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) }),
      );
    });
    ws.once('error', (error) => reject(error));
  });
}
