import type { LoadResult } from './load-result';
import type { ProfileAnalysis } from './profile';

/** A target line of the report: PASS, FAIL, or n/a (`ok` undefined: not judged). */
export interface Target {
  name: string;
  measured: string;
  ok: boolean | undefined;
}

export interface NamedLoad {
  name: string;
  result: LoadResult | undefined;
}

export type ProfileResult =
  | (ProfileAnalysis & { requests: number; rps: number; seconds: number; error?: undefined })
  | { error: string };

/** What the machine and the software under the run were. */
export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGb: string;
  os: string;
  node: string;
  redis: string;
  postgres: string;
  autocannon: string;
  openFiles: number;
  load: string;
}

export interface SocketFigures {
  count: number;
  p99: number;
  perSocket: number;
}

/** One row of the runtime table (BENCH_ONLY=runtimes). */
export interface RuntimeRow {
  runtime: { node: string; version: string };
  serviceMax: LoadResult;
  floorMax: LoadResult;
  fastapiMax: LoadResult | undefined;
  sockets: SocketFigures | undefined;
}

/** Everything one run reports, filled in by the scenarios. */
export interface Results {
  loads: NamedLoad[];
  targets: Target[];
  notes: string[];
  profile?: ProfileResult;
  runtimes?: RuntimeRow[];
}

/** What the written report adds to the results. */
export interface Report extends Results {
  date: string;
  settings: string;
  machine: MachineFacts;
  wallSeconds?: number;
}
