// The validation of one request body (awaited, as the pipe is async), from the body parser's
// JSON text: the global pipe on the /match and POST /session bodies (each DTO with its
// shortcut for valid input, when the build has one, and the same decorators validated in
// full), the unsafe-input walk of a POST /session body, and SessionGuard's validation.
import { performance } from 'node:perf_hooks';
import { fromBuild } from './built-service';

type Case = [string, string, (body: unknown) => Promise<unknown>];

const MatchRequestDto = fromBuild('MatchRequestDto');
const CreateSessionDto = fromBuild('CreateSessionDto');
const MatchController = fromBuild('MatchController');
const validateRouteInput = fromBuild('validateRouteInput');
const unsafeInput = fromBuild('unsafeInput');
class FullyValidated extends MatchRequestDto {}
class SessionFullyValidated extends CreateSessionDto {}
const pipe = new (fromBuild('DepthLimitedValidationPipe'))();
const MATCH_BODY = JSON.stringify({
  own_token: 'q8Yb0XcT2nLrV5wKd3Hs1A',
  detected_token: 'Zr4mP9eJx7TqW2bNc6Ug0F',
});
const SESSION_BODY = JSON.stringify({ interests: ['devops', 'hardstyle', 'philosophy', 'chess', 'jazz'] });

/** The pipe on a body as its DTO is declared (with its shortcut, if any) and validated in full. */
const pipeCases = (route: string, text: string, declared: unknown, full: unknown): Case[] =>
  [
    [declared, 'the DTO as declared'],
    [full, 'validated in full'],
  ].map(([metatype, how]): Case => [
    `${route} body: ValidationPipe, ${String(how)}`,
    text,
    (body) => pipe.transform(body, { type: 'body', metatype }),
  ]);

/** The ExecutionContext SessionGuard receives on POST /match. */
const routeContext = (request: { body: unknown; params: object }) => ({
  getClass: () => MatchController,
  getHandler: () => MatchController.prototype.match,
  switchToHttp: () => ({ getRequest: () => request }),
});

const CASES: Case[] = [
  ['baseline (JSON.parse of the body)', MATCH_BODY, () => Promise.resolve()],
  ...pipeCases('/match', MATCH_BODY, MatchRequestDto, FullyValidated),
  ...pipeCases('/session', SESSION_BODY, CreateSessionDto, SessionFullyValidated),
  ['/session body: unsafeInput', SESSION_BODY, (body) => Promise.resolve(unsafeInput(body))],
  [
    "/match body: validateRouteInput (SessionGuard's validation)",
    MATCH_BODY,
    (body) => Promise.resolve(validateRouteInput(routeContext({ body, params: {} }))),
  ],
];

async function runAsync(iterations: number, text: string, piece: Case[2]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await piece(JSON.parse(text));
  return ((performance.now() - started) * 1000) / iterations;
}

/** µs per body of every case but the baseline, the median over `rounds` of (case − baseline). */
export async function validationCosts(iterations: number, rounds: number): Promise<[string, number[]][]> {
  for (const [, text, piece] of CASES) await runAsync(iterations, text, piece); // warm-up
  const samples = CASES.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    const baseline = await runAsync(iterations, MATCH_BODY, () => Promise.resolve());
    for (const [i, [, text, piece]] of CASES.entries())
      samples[i].push((await runAsync(iterations, text, piece)) - baseline);
  }
  return CASES.slice(1).map(([name], i) => [name, samples[i + 1]]);
}
