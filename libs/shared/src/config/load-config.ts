import { ConfigModule } from '@nestjs/config';
import { Env } from './env';
import { loadEnv, retiredVariableWarnings } from './load-env';

/**
 * The process's configuration, read through @nestjs/config: a `.env` file in the working
 * directory when there is one, real environment variables winning over it, validated by
 * `Env` (an `InvalidConfigError` lists every bad variable). For `main.ts` and the CLI tools;
 * tests build their `Env` with `loadEnv` from an explicit record instead. `warnings` receives one
 * line per retired variable still set (see `retiredVariableWarnings`).
 */
export async function loadConfig(warnings: string[] = []): Promise<Env> {
  let env: Env | undefined;
  await ConfigModule.forRoot({
    validate: (raw: Record<string, unknown>) => {
      warnings.push(...retiredVariableWarnings(stringValues(raw)));
      return (env = loadEnv(stringValues(raw)));
    },
  });
  if (env === undefined) throw new Error('configuration was not validated');
  return env;
}

function stringValues(raw: Record<string, unknown>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) if (typeof value === 'string') values[name] = value;
  return values;
}
