// The FastAPI peer (/match and POST /session in Python), started when Debian's packages are
// there; it reads the service's Lua from files written here from the libs' exports.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, note, peerEnv, scratch, startTracked } from '../context';
import type { StartedProcess } from '../lib/processes';
import { FASTAPI } from '../settings';
import { MATCH_PEER_SCRIPTS } from './peer-scripts';

const PYTHON = '/usr/bin/python3';
const PYTHON_MODULES = 'fastapi uvicorn redis.asyncio uvloop httptools';

/** Whether the FastAPI peer can run: Debian's packages for /usr/bin/python3. */
function fastapiInstalled(): boolean {
  const probe = spawnSync(PYTHON, ['-c', `import ${PYTHON_MODULES.replaceAll(' ', ', ')}`], {
    encoding: 'utf8',
  });
  return probe.status === 0;
}

/** PYTHONPATH and LD_LIBRARY_PATH when set: the packages installed somewhere of one's own. */
const privateInstall = (): Record<string, string> =>
  Object.fromEntries(
    ['PYTHONPATH', 'LD_LIBRARY_PATH'].flatMap((name) => {
      const value = process.env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );

/** The service's Lua, written from the libs' exports for the Python peer to read. */
function luaFiles(): Record<string, string> {
  const dir = join(scratch, 'lua');
  mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    Object.entries(MATCH_PEER_SCRIPTS).map(([variable, { file, lua }]) => {
      writeFileSync(join(dir, file), lua);
      return [variable, join(dir, file)];
    }),
  );
}

/** The FastAPI peer (/match and /session), or undefined with a note when its packages are missing. */
export async function startFastapi(prefix: string): Promise<StartedProcess | undefined> {
  if (fastapiInstalled()) {
    return startTracked({
      name: 'FastAPI + uvicorn (uvloop, httptools) + redis.asyncio',
      script: FASTAPI,
      command: PYTHON,
      env: { ...peerEnv(prefix), ...privateInstall(), ...luaFiles(), SESSION_TTL_SECONDS: '7200' },
    });
  }
  const message =
    `FastAPI peer skipped: ${PYTHON} cannot import ${PYTHON_MODULES}. ` +
    "Install Debian's packages (`apt-get install -y python3-fastapi python3-uvicorn python3-redis python3-uvloop python3-httptools`) and re-run; the FastAPI targets are not judged.";
  log(message);
  note(message);
  return undefined;
}
