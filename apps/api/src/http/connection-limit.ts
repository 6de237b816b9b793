import type { Metrics } from '@sighej/shared';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Counter, Gauge } from 'prom-client';

/**
 * Caps the TCP connections one instance holds (`MAX_CONNECTIONS`, 0 = no cap): past it Node
 * closes new connections at once, before any byte is read, so a flood of idle sockets cannot
 * exhaust file descriptors or memory. Open and refused connections are exported as metrics.
 */
export function applyConnectionLimit(server: Server, maxConnections: number, metrics: Metrics): void {
  if (maxConnections > 0) server.maxConnections = maxConnections;
  const open = new Gauge({
    name: 'sighej_http_open_connections',
    help: 'TCP connections (HTTP and WebSocket) open on this instance',
    registers: [metrics.registry],
  });
  const refused = new Counter({
    name: 'sighej_http_refused_connections_total',
    help: 'Connections closed on arrival because MAX_CONNECTIONS were already open',
    registers: [metrics.registry],
  });
  const closed = (): void => void open.dec();
  server.on('connection', (socket: Socket) => {
    open.inc();
    socket.once('close', closed);
  });
  server.on('drop', () => refused.inc());
}
