// The part of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    method: string;
    path: string;
    setupRequest(req: { body?: string; headers?: Record<string, string> }): object;
  }
  interface Options {
    url: string;
    connections: number;
    requests: Request[];
    overallRate?: number;
    timeout: number;
    duration: number;
  }
  interface Result {
    requests: { average: number; total: number };
    latency: { p50: number; p97_5: number; p99: number; max: number };
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface Instance {
    on(event: 'error', listener: (error: Error) => void): void;
  }
  function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
  export = autocannon;
}
