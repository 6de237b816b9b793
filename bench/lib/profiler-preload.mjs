// Loaded into the service with `--import` so the benchmark can profile exactly the load
// window: the IPC message 'profile-start' starts the V8 CPU profiler, 'profile-stop' writes
// the profile to BENCH_PROFILE_PATH and answers 'profile-written'. (Not a signal: Nest's
// shutdown hooks treat SIGUSR2 as "stop".) 'memory' runs a full garbage collection (with
// --expose-gc) and answers { memory: process.memoryUsage() }. Without an IPC channel it does
// nothing.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const path = process.env.BENCH_PROFILE_PATH;
let session = null;

if (process.send) {
  process.on('message', (message) => {
    if (message === 'profile-start' && session === null && path) {
      const started = new Session();
      session = started;
      started.connect();
      started.post('Profiler.enable', () =>
        started.post('Profiler.setSamplingInterval', { interval: 200 }, () => started.post('Profiler.start')),
      );
      return;
    }
    if (message === 'memory') {
      // Full collection first (with --expose-gc), so garbage does not count as socket memory.
      if (typeof globalThis.gc === 'function') globalThis.gc();
      process.send({ memory: process.memoryUsage() });
      return;
    }
    if (message !== 'profile-stop' || session === null) return;
    const current = session;
    session = null;
    current.post('Profiler.stop', (error, result) => {
      writeFileSync(path, error ? JSON.stringify({ error: String(error) }) : JSON.stringify(result.profile));
      current.disconnect();
      process.send('profile-written');
    });
  });
  // The channel must not keep a stopping service alive.
  process.channel?.unref();
}
