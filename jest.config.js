/**
 * Five projects: unit (no network), integration (adapters on real Redis/Postgres), e2e (whole
 * app, files in parallel: each owns its Redis prefix and Postgres database), and e2e-topology
 * and e2e-timing (the files below, run after the others, see `npm run test:serial`).
 */
const { availableParallelism } = require('node:os');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/**
 * The e2e files that must not run beside the parallel ones, in two groups that run at once,
 * each one file at a time (`npm run test:serial`): the files that inject faults into the
 * shared Cluster or Sentinel group (a failover, a kill or a reshard would break any other file
 * using it meanwhile), and the files that hold timings a busy neighbour would skew (latency,
 * windows of seconds, faults on their own proxies and servers). A topology file spends its
 * time waiting for Redis to fail over, so it leaves the timing file beside it a quiet machine.
 */
const e2eFiles = (names) => names.map((name) => `<rootDir>/test/${name}.e2e-spec.ts`);
const TOPOLOGY_E2E = e2eFiles([
  'cluster-reshard',
  'cluster-subscriptions',
  'meeting-redecided',
  'nudge-once',
  'redis-failover',
  'redis-stall',
]);
const TIMING_E2E = e2eFiles(['faults', 'nudge-latency', 'push-failover', 'rate-limits', 'stats-faults']);

const common = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
};

const e2e = {
  ...common,
  // Every supertest response is checked against docs/openapi.json.
  setupFilesAfterEnv: ['<rootDir>/test/support/openapi-contract.setup.ts'],
  // The spawned-service tests run the one build in dist/ (built here only when missing or stale).
  globalSetup: '<rootDir>/test/support/build-once.ts',
};

module.exports = {
  // A global setting in Jest (a project's own testTimeout is ignored); unit tests finish far sooner.
  testTimeout: 30000,
  // Jest's default (one worker less than the cores) is a single worker on two cores; the files
  // mostly wait on Redis, Postgres and sockets, so two workers share two cores well.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    {
      ...e2e,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...TOPOLOGY_E2E, ...TIMING_E2E],
    },
    // No spawned service here: only the timing group, running at the same time, may build dist/.
    { ...e2e, globalSetup: undefined, displayName: 'e2e-topology', testMatch: TOPOLOGY_E2E },
    { ...e2e, displayName: 'e2e-timing', testMatch: TIMING_E2E },
  ],
};
