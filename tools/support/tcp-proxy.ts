import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of Redis or Postgres that a test can cut (every connection dropped,
 * new ones refused) and restore, to prove the service survives a dependency that blinks.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private cutOff = false;
  private cutAfter?: string;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (this.cutOff) return void client.destroy();
      const upstream = connect(this.targetPort, this.targetHost);
      this.track(client);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      // After pipe's own listener: the chunk is on its way to the target when the cut comes.
      client.on('data', (chunk: Buffer) => {
        if (this.cutAfter !== undefined && chunk.includes(this.cutAfter)) {
          this.cutAfter = undefined;
          this.cut();
        }
      });
      const closeBoth = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', closeBoth).on('close', closeBoth);
      upstream.on('error', closeBoth).on('close', closeBoth);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Drops every open connection and refuses new ones. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * Cuts (as `cut`) right after passing on the next client chunk that contains `text`: the
   * target gets it, its answer is lost (a COMMIT that happened, its reply never seen).
   */
  cutAfterSending(text: string): void {
    this.cutAfter = text;
  }

  /** Whether a `cutAfterSending` is still waiting for its text. */
  get armed(): boolean {
    return this.cutAfter !== undefined;
  }

  restore(): void {
    this.cutOff = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** `url` with its host and port pointed at this proxy. */
  wrap(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
