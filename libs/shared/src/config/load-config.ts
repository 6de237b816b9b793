import { ConfigModule } from '@nestjs/config';
import { Env } from './env';
import { loadEnv } from './load-env';

/**
 * The process's configuration, read through @nestjs/config: a `.env` file in the working
 * directory when there is one, real environment variables winning over it, validated by
 * `Env` (an `InvalidConfigError` lists every bad variable). For `main.ts` and the CLI tools;
 * tests build their `Env` with `loadEnv` from an explicit record instead.
 */
export async function loadConfig(): Promise<Env> {
  let env: Env | undefined;
  await ConfigModule.forRoot({
    validate: (raw: Record<string, unknown>) => (env = loadEnv(stringValues(raw))),
  });
  if (env === undefined) throw new Error('configuration was not validated');
  return env;
}

function stringValues(raw: Record<string, unknown>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) if (typeof value === 'string') values[name] = value;
  return values;
}
