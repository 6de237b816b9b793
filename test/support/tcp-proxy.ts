// The proxy lives beside the tools (npm run chaos cuts Postgres with it); the tests import it from here.
export { TcpProxy } from '../../tools/support/tcp-proxy';
