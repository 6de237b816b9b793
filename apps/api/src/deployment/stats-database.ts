/**
 * The database the stats live in (a Postgres server or the embedded PGlite), as the app sees
 * it: for `/health` and the last step of shutdown. Bound by the deployment to the connector of
 * its DataSource, which no module outside the deployment can inject.
 */
export abstract class StatsDatabase {
  abstract readonly mode: 'embedded' | 'server';
  /** Whether it is connected; while it is not, the connector keeps retrying. */
  abstract readonly connected: boolean;
  /** One round trip; rejects with the driver's error. */
  abstract ping(): Promise<void>;
  /** Closes the connection (and releases the embedded data directory). */
  abstract close(): Promise<void>;
}
