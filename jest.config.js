/** Three projects: unit (no network), integration (adapters on real Redis/Postgres), e2e (whole app). */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const common = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
};

module.exports = {
  // A global setting in Jest (a project's own testTimeout is ignored); unit tests finish far sooner.
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Every supertest response is checked against docs/openapi.json.
      setupFilesAfterEnv: ['<rootDir>/test/support/openapi-contract.setup.ts'],
    },
  ],
};
