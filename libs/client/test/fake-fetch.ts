import { FetchLike } from '../src';

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fetch that answers from a script: each call takes the first matching route's next reply. */
export class FakeFetch {
  readonly calls: Call[] = [];
  private readonly routes: { method: string; path: RegExp; replies: (Reply | ((call: Call) => Reply))[] }[] =
    [];

  on(method: string, path: RegExp, ...replies: (Reply | ((call: Call) => Reply))[]): this {
    this.routes.push({ method, path, replies });
    return this;
  }

  readonly fetch: FetchLike = (url, init) => {
    const path = new URL(url).pathname;
    const call: Call = {
      method: init.method,
      path,
      headers: init.headers,
      body: init.body === undefined ? undefined : (JSON.parse(init.body) as Record<string, unknown>),
    };
    this.calls.push(call);
    const route = this.routes.find(
      (candidate) => candidate.method === init.method && candidate.path.test(path),
    );
    if (route === undefined) return Promise.reject(new Error(`no route for ${init.method} ${path}`));
    const next = route.replies.length > 1 ? route.replies.shift()! : route.replies[0];
    const reply = typeof next === 'function' ? next(call) : next;
    const headers = new Map(
      Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return Promise.resolve({
      status: reply.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: () => Promise.resolve(reply.body === undefined ? '' : JSON.stringify(reply.body)),
    });
  };
}

export const FIRST_TOKEN = 'FirstTokenFromServer00';

export const created = (): Reply => ({
  status: 201,
  body: {
    session_id: 'id-1',
    ble_token: FIRST_TOKEN,
    access_token: 'secret',
    expires_at: '2026-11-25T22:00:00.000Z',
  },
});

/** Answers each rotation with the next server-chosen token: RotatedToken000000001, …0002, … */
export function rotations(): (call: Call) => Reply {
  let count = 0;
  return () => ({
    status: 200,
    body: {
      ble_token: `RotatedToken${String(++count).padStart(10, '0')}`,
      expires_at: '2026-11-25T22:00:00.000Z',
    },
  });
}

export const noMatch: Reply = {
  status: 200,
  body: { match: false, shared_interests: [], nudge_sent: false },
};
