import { ConfigModule } from '@nestjs/config';
import { Configuration, SettingsClass } from './configuration';
import { loadConfiguration, retiredVariableWarnings } from './load-configuration';

/**
 * The process's configuration, read through @nestjs/config: a `.env` file in the working
 * directory when there is one, real environment variables winning over it, validated by
 * `loadConfiguration` (an `InvalidConfigError` lists every bad variable). For `main.ts` and the
 * CLI tools; tests call `loadConfiguration` with an explicit record instead. `warnings` receives
 * one line per retired variable still set (see `retiredVariableWarnings`).
 */
export async function readConfiguration(
  slices: readonly SettingsClass[],
  warnings: string[] = [],
): Promise<Configuration> {
  let configuration: Configuration | undefined;
  await ConfigModule.forRoot({
    validate: (raw: Record<string, unknown>) => {
      warnings.push(...retiredVariableWarnings(stringValues(raw)));
      return (configuration = loadConfiguration(slices, stringValues(raw)));
    },
  });
  if (configuration === undefined) throw new Error('configuration was not validated');
  return configuration;
}

function stringValues(raw: Record<string, unknown>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) if (typeof value === 'string') values[name] = value;
  return values;
}
