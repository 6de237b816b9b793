import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Env } from './env';

/**
 * Makes the validated `Env` injectable everywhere (by its class), and the same values
 * available through `ConfigService` for ecosystem modules that read it.
 */
@Global()
@Module({})
export class EnvModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: EnvModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ ...env })] })],
      providers: [{ provide: Env, useValue: env }],
      exports: [Env],
    };
  }
}
