import { MatchSettings } from '@sighej/match';
import { NudgeSettings } from '@sighej/nudge';
import { PushSettings } from '@sighej/push';
import { SessionSettings } from '@sighej/session';
import {
  Configuration,
  CoreSettings,
  loadConfiguration,
  RateLimitSettings,
  readConfiguration,
  SettingsClass,
} from '@sighej/shared';
import { StatsSettings } from '@sighej/stats';
import { ServerSettings } from './server.settings';

/** Every settings class the service reads, each declared by the lib it configures; validated together at boot. */
export const APP_SETTINGS: readonly SettingsClass[] = [
  CoreSettings,
  ServerSettings,
  RateLimitSettings,
  SessionSettings,
  StatsSettings,
  NudgeSettings,
  MatchSettings,
  PushSettings,
];

/** The service's configuration from an explicit record (tests, `npm run openapi`). */
export function loadAppConfiguration(source: Readonly<Record<string, string | undefined>>): Configuration {
  return loadConfiguration(APP_SETTINGS, source);
}

/** The service's configuration from `.env` and the environment (`main.ts`, `migrate.ts`). */
export function readAppConfiguration(warnings: string[] = []): Promise<Configuration> {
  return readConfiguration(APP_SETTINGS, warnings);
}
