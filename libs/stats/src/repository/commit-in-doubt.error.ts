/**
 * COMMIT was sent but its reply never arrived (the connection dropped), so the batch may or
 * may not be in the database. `transactionId` lets `DailyStatsRepository.outcome` find out
 * once the database is reachable again.
 */
export class CommitInDoubtError extends Error {
  constructor(
    readonly transactionId: string,
    cause: unknown,
  ) {
    super(`stats batch commit in doubt (transaction ${transactionId})`);
    this.name = 'CommitInDoubtError';
    this.cause = cause;
  }
}
