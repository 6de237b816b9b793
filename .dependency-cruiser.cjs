// The import rules of the house, checked on resolved paths by `npm run lint` and proven by
// apps/api/test/lib-boundaries.spec.ts. An allow-list: an import that no rule below allows
// fails, so a new library may import nothing outside itself until it is listed here.

// What each library may import besides itself (through the other library's public API).
// Nothing imports push: it hooks into nudges through NudgeService.onNudgeQueued.
// The client runs on phones and imports nothing of the server.
const mayImport = {
  shared: [],
  stats: ['shared'],
  session: ['shared', 'stats'],
  nudge: ['shared', 'session'],
  match: ['shared', 'session', 'nudge', 'stats'],
  push: ['shared', 'session', 'nudge'],
  client: [],
};

/** A library's public API: its src/index.ts, reached through the '@sighej/<lib>' alias. */
const publicApi = (libs) => `^libs/(${libs.join('|')})/src/index\\.ts$`;

const libraryRules = Object.entries(mayImport).map(([lib, others]) => ({
  comment: `libs/${lib} may import ${others.length === 0 ? 'no other library' : others.join(', ')}`,
  from: { path: `^libs/${lib}/` },
  to: { path: others.length === 0 ? '^$' : publicApi(others), dependencyTypes: ['aliased'] },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Files that import each other in a loop.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-relative-import-across-libs',
      comment: "Another library is reached through '@sighej/<lib>', never a relative path.",
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to no file cannot be checked.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  allowedSeverity: 'error',
  allowed: [
    {
      comment: 'Packages and node built-ins.',
      from: {},
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown', 'core'],
      },
    },
    { comment: 'Inside one library.', from: { path: '^libs/([^/]+)/' }, to: { path: '^libs/$1/' } },
    ...libraryRules,
    {
      comment: 'The app composes the server libraries.',
      from: { path: '^apps/api/' },
      to: { path: `^apps/api/|${publicApi(serverLibs())}` },
    },
    {
      comment: 'Tools drive the app as a user would, and use each other; never test code.',
      from: { path: '^tools/' },
      to: { path: `^tools/|^apps/api/src/|^libs/[^/]+/src/index\\.ts$` },
    },
    {
      comment: "A library's tests share the test support and the tools' stand-in providers.",
      from: { path: '^libs/[^/]+/test/' },
      to: { path: '^(test/support|tools)/' },
    },
    {
      comment: "The client's push decryption is checked against the server's encryption.",
      from: { path: '^libs/client/test/' },
      to: { path: '^libs/push/src/crypto/' },
    },
    {
      comment: 'Tests reach whatever they check.',
      from: { path: '^(test|apps/api/test)/' },
      to: { path: '^(test|apps|libs|tools|docs)/|^package\\.json$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
  },
};

function serverLibs() {
  return Object.keys(mayImport).filter((lib) => lib !== 'client');
}
