import { CoreSettings } from './core.settings';

/** A lib's settings: a class whose fields are named after the environment variables, with their defaults. */
export type SettingsClass<T extends object = object> = new () => T;

/**
 * What a settings class may add to the checks of its fields one by one: problems across its
 * fields (one line each, never a secret's value), found once every field has been validated.
 */
export interface CrossFieldChecks {
  crossFieldProblems(): string[];
}

/** The validated configuration: one instance of `CoreSettings` and of each lib's settings class. */
export class Configuration {
  constructor(private readonly slices: ReadonlyMap<SettingsClass, object>) {}

  get core(): CoreSettings {
    return this.get(CoreSettings);
  }

  /** The settings of one lib; a class that was not loaded is a wiring mistake. */
  get<T extends object>(slice: SettingsClass<T>): T {
    const settings = this.slices.get(slice);
    if (settings === undefined) throw new Error(`${slice.name} is not part of this configuration`);
    return settings as T;
  }

  /** Every settings class loaded, `CoreSettings` first. */
  get classes(): SettingsClass[] {
    return [...this.slices.keys()];
  }
}
