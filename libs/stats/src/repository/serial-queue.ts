/**
 * Runs tasks one at a time, in call order. The embedded Postgres (PGlite) shares one session
 * between every query, so overlapping transactions would not be isolated.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
