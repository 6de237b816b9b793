// Loaded into the service with `--require` so the benchmark can profile exactly the load
// window: the IPC message 'profile-start' starts the V8 CPU profiler, 'profile-stop' writes
// the profile to BENCH_PROFILE_PATH and answers 'profile-written'. (Not a signal: Nest's
// shutdown hooks treat SIGUSR2 as "stop".) 'memory' runs a full garbage collection (with
// --expose-gc) and answers { memory: process.memoryUsage() }. Without an IPC channel it does
// nothing. The service itself knows nothing of this: the variable is read here only.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const path = process.env.BENCH_PROFILE_PATH;
let session: Session | null = null;

function start(): void {
  const started = new Session();
  session = started;
  started.connect();
  started.post('Profiler.enable', () =>
    started.post('Profiler.setSamplingInterval', { interval: 200 }, () => started.post('Profiler.start')),
  );
}

function stop(current: Session, reply: (message: unknown) => void): void {
  current.post('Profiler.stop', (error, result) => {
    writeFileSync(
      path ?? '',
      error ? JSON.stringify({ error: String(error) }) : JSON.stringify(result.profile),
    );
    current.disconnect();
    reply('profile-written');
  });
}

const send = process.send?.bind(process);
if (send !== undefined) {
  const reply = (message: unknown): void => void send(message);
  process.on('message', (message) => {
    if (message === 'profile-start' && session === null && path) return start();
    if (message === 'memory') {
      // Full collection first (with --expose-gc), so garbage does not count as socket memory.
      (globalThis as { gc?: () => void }).gc?.();
      return reply({ memory: process.memoryUsage() });
    }
    if (message !== 'profile-stop' || session === null) return;
    const current = session;
    session = null;
    stop(current, reply);
  });
  // The channel must not keep a stopping service alive.
  process.channel?.unref();
}
