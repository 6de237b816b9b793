// The import rules between libraries, shared by eslint.config.mjs and the test that proves a
// wrong import fails `npm run lint` (apps/api/test/lib-boundaries.spec.ts).

// Libraries are imported through their public API ('@sighej/<lib>'), never a path inside them.
const publicApi = {
  group: ['@sighej/*/*', '**/libs/*/src/*'],
  message: "Import a library through its public API ('@sighej/<lib>').",
};

// The direction between libraries: match → session, nudge, stats; push → session, nudge;
// nudge → session; session → stats; all → shared. A lib may not import the libs listed here.
// Nothing imports push: it hooks into nudges through NudgeService.onNudgeQueued.
const forbidden = {
  shared: ['session', 'match', 'nudge', 'stats', 'push'],
  stats: ['session', 'match', 'nudge', 'push'],
  session: ['match', 'nudge', 'push'],
  nudge: ['match', 'stats', 'push'],
  match: ['push'],
  push: ['match', 'stats'],
};

const libraryBoundaries = Object.entries(forbidden).map(([lib, others]) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          publicApi,
          ...(others.length === 0
            ? []
            : [
                {
                  group: others.map((other) => `@sighej/${other}`),
                  message: `libs/${lib} must not depend on ${others.join(', ')} (see README, Architecture).`,
                },
              ]),
        ],
      },
    ],
  },
}));

module.exports = { publicApi, libraryBoundaries };
