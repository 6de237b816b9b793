import { MigrationInterface, QueryRunner } from 'typeorm';

/** The seed's two aggregate tables: no user-level rows, ever. */
export class CreateStatsTables1764028800000 implements MigrationInterface {
  name = 'CreateStatsTables1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS daily_stats (
        date           DATE PRIMARY KEY,
        total_sessions INTEGER NOT NULL DEFAULT 0,
        total_matches  INTEGER NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS interest_category_counts (
        date     DATE NOT NULL,
        category TEXT NOT NULL,
        count    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (date, category)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS interest_category_counts');
    await queryRunner.query('DROP TABLE IF EXISTS daily_stats');
  }
}
