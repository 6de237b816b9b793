import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseTarget } from './create-data-source';
import { DatabaseConnector } from './database-connector';

/** Provides the TypeORM DataSource, connected (and migrated) by `DatabaseConnector`. */
@Module({})
export class DatabaseModule {
  static forRoot(target: DatabaseTarget): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => createDataSource(target) }, DatabaseConnector],
      exports: [DataSource, DatabaseConnector],
    };
  }
}
