import { DynamicModule, Global, Module } from '@nestjs/common';
import { Configuration } from './configuration';

/** Makes the validated `Configuration` and each settings class in it injectable everywhere, by class. */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(configuration: Configuration): DynamicModule {
    const providers = [
      { provide: Configuration, useValue: configuration },
      ...configuration.classes.map((slice) => ({ provide: slice, useValue: configuration.get(slice) })),
    ];
    return { module: SettingsModule, providers, exports: providers.map(({ provide }) => provide) };
  }
}
