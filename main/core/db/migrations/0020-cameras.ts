import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The camera register (issue #18, main/core/cameras): one row per camera, keyed by its code (unique
 * regardless of case, like a grid's), with its place, its grid, its stream addresses (credentials in
 * them kept, never logged) and whether it is enabled; the version and HLC of its last change, so a
 * district `camera` upsert folds in by HLC as a grid's does.
 */
export class Cameras1700000000020 implements MigrationInterface {
  name = 'Cameras1700000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE camera (
      code TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
      name TEXT NOT NULL,
      lng REAL NOT NULL,
      lat REAL NOT NULL,
      grid_code TEXT NOT NULL,
      hls_url TEXT,
      flv_url TEXT,
      whep_url TEXT,
      snapshot_url TEXT,
      enabled INTEGER NOT NULL DEFAULT 1,
      version INTEGER NOT NULL DEFAULT 1,
      hlc TEXT NOT NULL DEFAULT ''
    )`);
    await q.query(`CREATE INDEX idx_camera_grid ON camera (grid_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idx_camera_grid`);
    await q.query(`DROP TABLE camera`);
  }
}
