// The Lua the peers run: the service's own scripts, as the libs export them. The Node peers
// import them; the Python peer reads the files the bench writes from these (its environment
// names each file).
import { SIGHT_SCRIPT } from '@sighej/match';
import { RATE_LIMIT_SCRIPT } from '@sighej/shared';

export const MATCH_PEER_SCRIPTS: Record<string, { file: string; lua: string }> = {
  BENCH_SIGHT_SCRIPT_FILE: { file: 'sight.lua', lua: SIGHT_SCRIPT },
  BENCH_RATE_LIMIT_SCRIPT_FILE: { file: 'rate-limit.lua', lua: RATE_LIMIT_SCRIPT },
};
