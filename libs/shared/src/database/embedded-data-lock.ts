import { linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'sighej.lock';

/** Another live process holds the embedded data directory: the boot stops with this one line. */
export class EmbeddedDataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `EMBEDDED_DATA_DIR ${dir} is in use by another SigHej process (pid ${pid}); ` +
        'stop it, or give this one its own EMBEDDED_DATA_DIR (embedded mode is one instance only)',
    );
    this.name = 'EmbeddedDataDirInUseError';
  }
}

/**
 * One process per embedded data directory. Two processes on one PGlite directory would each
 * keep their own copy of the database in memory and overwrite each other's counts, so the
 * second refuses to start. The lock is a file holding the owner's pid, linked into place
 * atomically (never seen empty); a lock whose pid no longer runs (a crash, a SIGKILL) is
 * stale and taken over.
 */
export class EmbeddedDataLock {
  private released = false;

  private constructor(private readonly path: string) {}

  static acquire(embeddedDataDir: string): EmbeddedDataLock {
    const dir = resolve(embeddedDataDir);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (createWithPid(path)) return new EmbeddedDataLock(path);
      const owner = readOwner(path);
      if (owner !== undefined && isRunning(owner)) throw new EmbeddedDataDirInUseError(dir, owner);
      // Stale: its owner is gone. Another starter may remove it at the same time; retry the link.
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new Error(`could not lock EMBEDDED_DATA_DIR ${dir}`);
  }

  /** Removes the lock file, once the database is closed. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (readOwner(this.path) === process.pid) unlinkSync(this.path);
  }
}

/** Writes our pid to a private file, then hard-links it as the lock: fails if one exists. */
function createWithPid(path: string): boolean {
  const own = `${path}.${process.pid}`;
  writeFileSync(own, `${process.pid}\n`);
  try {
    linkSync(own, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(own, { force: true });
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Our own pid in the file is a previous run's (a container restarts as pid 1): stale. */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
