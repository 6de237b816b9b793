import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseTarget } from './create-data-source';
import { DatabaseConnector } from './database-connector';
import { EmbeddedDataLock } from './embedded-data-lock';

/**
 * Provides the TypeORM DataSource, connected (and migrated) by `DatabaseConnector`. For the
 * embedded database it claims the data directory at once (`EmbeddedDataLock`, one process per
 * directory): a second process on it stops here, with `EmbeddedDataDirInUseError`, before
 * anything starts; the connector releases the lock once the database is closed.
 */
@Module({})
export class DatabaseModule {
  static forRoot(target: DatabaseTarget): DynamicModule {
    const lock = target.url === undefined ? EmbeddedDataLock.acquire(target.embeddedDataDir) : undefined;
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useFactory: () => createDataSource(target) },
        {
          provide: DatabaseConnector,
          useFactory: (dataSource: DataSource) => new DatabaseConnector(dataSource, lock),
          inject: [DataSource],
        },
      ],
      exports: [DataSource, DatabaseConnector],
    };
  }
}
