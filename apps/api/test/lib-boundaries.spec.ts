import { ESLint, Linter } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = join(__dirname, '../../..');
// The very rules eslint.config.mjs applies (it imports the same file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { libraryBoundaries } = require(join(ROOT, 'eslint.boundaries.cjs')) as {
  libraryBoundaries: Linter.Config[];
};

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...libraryBoundaries,
  ],
});

/** The no-restricted-imports messages for `code` linted as the file `path`. */
async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('library boundaries (npm run lint)', () => {
  it.each([
    ['stats', 'libs/stats/src/stats.service.ts', "import { SessionService } from '@sighej/session';"],
    ['session', 'libs/session/src/session.service.ts', "import { NudgeService } from '@sighej/nudge';"],
    ['nudge', 'libs/nudge/src/nudge.service.ts', "import { MatchModule } from '@sighej/match';"],
    ['nudge', 'libs/nudge/src/nudge.service.ts', "import { StatsRecorder } from '@sighej/stats';"],
    ['shared', 'libs/shared/src/metrics/metrics.ts', "import { StatsModule } from '@sighej/stats';"],
    ['nudge', 'libs/nudge/src/nudge.service.ts', "import { PushModule } from '@sighej/push';"],
    ['push', 'libs/push/src/push.service.ts', "import { MatchModule } from '@sighej/match';"],
  ])('fails a wrong-way import from libs/%s', async (lib, path, line) => {
    expect(await violations(path, line)).toEqual([expect.stringMatching(`libs/${lib} must not depend on`)]);
  });

  it('fails an import of a path inside another library', async () => {
    const line = "import { sessionCodec } from '@sighej/session/store/session-codec';";
    expect(await violations('libs/match/src/match.service.ts', line)).toEqual([
      expect.stringMatching(/public API/),
    ]);
  });

  it('accepts the allowed directions', async () => {
    const code = [
      "import { SessionService } from '@sighej/session';",
      "import { NudgeService } from '@sighej/nudge';",
      "import { StatsRecorder } from '@sighej/stats';",
      "import { Env } from '@sighej/shared';",
    ].join('\n');
    expect(await violations('libs/match/src/match.service.ts', code)).toEqual([]);
    expect(await violations('libs/nudge/src/nudge.service.ts', code.split('\n')[0])).toEqual([]);
    expect(await violations('libs/session/src/session.service.ts', code.split('\n')[2])).toEqual([]);
  });
});
