import { runInNewContext } from 'node:vm';
import { isPostgresUnavailable } from '../src/postgres-unavailable';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('isPostgresUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection exception SQLSTATE', withCode('terminating connection', '08006')],
    ['an admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'a data source not initialised yet',
      new Error('Cannot execute operation because connection is not yet established.'),
    ],
    ['a driver not connected yet', new Error('Driver not Connected')],
    [
      "a socket error made in another realm (Node's own net, seen from a sandbox)",
      runInNewContext("Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })") as Error,
    ],
  ])('treats %s as Postgres being unavailable (503)', (_, error) => {
    expect(isPostgresUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug without any code', new TypeError("Cannot read properties of undefined (reading 'rows')")],
    ['a query the server refused', withCode('syntax error at or near "SELEC"', '42601')],
    ['a constraint violation', withCode('duplicate key value', '23505')],
    ['something that is not an Error', 'boom'],
  ])('keeps %s a 500', (_, error) => {
    expect(isPostgresUnavailable(error)).toBe(false);
  });
});
