import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseTarget } from './create-data-source';
import { DatabaseConnector } from './database-connector';

/** Provides the TypeORM DataSource, connected (and migrated) by `DatabaseConnector`. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(target: DatabaseTarget): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => createDataSource(target) }, DatabaseConnector],
      exports: [DataSource],
    };
  }
}
