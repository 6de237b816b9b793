import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ids of the spooled stats batches already written, so a batch left behind at one
 * instance's shutdown is counted once however many flushers find it. Ids are random; the
 * table holds no user data and forgets ids after 90 days.
 */
export class CreateAppliedBatches1796169600000 implements MigrationInterface {
  name = 'CreateAppliedBatches1796169600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS stats_applied_batches (
        id         TEXT PRIMARY KEY,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS stats_applied_batches');
  }
}
