export { createDataSource } from './create-data-source';
export type { DatabaseTarget } from './create-data-source';
export { DatabaseModule } from './database.module';
export { DatabaseConnector } from './database-connector';
export { EmbeddedDataDirInUseError, EmbeddedDataLock } from './embedded-data-lock';
export { runMigrationsLocked } from './run-migrations';
