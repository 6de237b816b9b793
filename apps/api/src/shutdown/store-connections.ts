/** The connections to the stores that sessions and nudges live in, closed as the last step of shutdown. */
export abstract class StoreConnections {
  abstract close(): Promise<void>;
}

/** In process: the state goes with the process, there is nothing to close. */
export class InProcessStoreConnections implements StoreConnections {
  close(): Promise<void> {
    return Promise.resolve();
  }
}
