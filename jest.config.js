/**
 * Four projects: unit (no network), integration (adapters on real Redis/Postgres), e2e (whole
 * app, files in parallel: each owns its Redis prefix and Postgres database) and e2e-serial
 * (the files below, run one at a time after the others, see `npm run test:e2e`).
 */
const { availableParallelism } = require('node:os');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/**
 * The e2e files that must not share the machine with others: they inject faults into the
 * shared Cluster or Sentinel group (a failover, a kill, a reshard would break a file using it
 * meanwhile), or hold timings a busy neighbour would skew (latency, windows of seconds).
 */
const SERIAL_E2E = [
  'cluster-reshard',
  'cluster-subscriptions',
  'faults',
  'meeting-redecided',
  'nudge-latency',
  'nudge-once',
  'push-failover',
  'rate-limits',
  'redis-failover',
  'redis-stall',
  'stats-faults',
].map((name) => `<rootDir>/test/${name}.e2e-spec.ts`);

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
      testPathIgnorePatterns: ['/node_modules/', ...SERIAL_E2E],
    },
    { ...e2e, displayName: 'e2e-serial', testMatch: SERIAL_E2E },
  ],
};
