// A stand-in for a browser vendor's push service (RFC 8030) in its own process: it answers
// 201 to every well-formed push (aes128gcm body, TTL, VAPID authorization) and counts them, so
// the bench measures what sending costs the service, not what a push service costs to run.
// GET /count answers { accepted, refused }.
import { createServer, IncomingHttpHeaders } from 'node:http';

let accepted = 0;
let refused = 0;

const wellFormed = (headers: IncomingHttpHeaders): boolean =>
  headers['content-encoding'] === 'aes128gcm' &&
  /^\d+$/.test(String(headers.ttl ?? '')) &&
  /^vapid t=[^,\s]+,\s*k=[A-Za-z0-9_-]+$/.test(headers.authorization ?? '');

const server = createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/health' || req.url === '/count')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ accepted, refused }));
    return;
  }
  req.resume();
  req.on('end', () => {
    const ok = req.method === 'POST' && (req.url ?? '').startsWith('/push/') && wellFormed(req.headers);
    if (ok) accepted += 1;
    else refused += 1;
    res.writeHead(ok ? 201 : 400, ok ? { location: `/message/${accepted}` } : {});
    res.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
