/** What /health says about the store sessions live in: up with details, or down and why. */
export type ProbeResult = { up: Record<string, string | number> } | { down: string };

/** Whether phones can be served: the deployment binds Redis's probe, or the in-process one. */
export abstract class SessionStoreProbe {
  abstract probe(): Promise<ProbeResult>;
}

/** In process the store is this process's memory: up whenever the process answers. */
export class InProcessProbe implements SessionStoreProbe {
  probe(): Promise<ProbeResult> {
    return Promise.resolve({ up: { mode: 'in-process' } });
  }
}
