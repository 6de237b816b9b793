import { connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of Postgres that, once armed, forwards the next client message
 * containing `marker` to the server, lets the server answer, and then drops the connection
 * without passing the answer on: "the server did it, but the reply was lost".
 */
export class ReplyDroppingProxy {
  private server?: Server;
  private marker?: string;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      this.sockets.add(client).add(upstream);
      let dropping = false;
      client.on('data', (data: Buffer) => {
        if (this.marker !== undefined && data.toString('latin1').includes(this.marker)) {
          this.marker = undefined;
          dropping = true;
        }
        upstream.write(data);
      });
      upstream.on('data', (data: Buffer) => {
        if (!dropping) return void client.write(data);
        // The server has answered: it did the work. The client never hears of it.
        client.destroy();
        upstream.destroy();
      });
      const closeBoth = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', closeBoth).on('close', closeBoth);
      upstream.on('error', closeBoth).on('close', closeBoth);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  dropReplyTo(marker: string): void {
    this.marker = marker;
  }

  wrap(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
