/**
 * The reference district server's first schema. Append-only: a later change is a new migration.
 * Tables are keyed by town first, since every query is per town.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DistrictInit1764000000001 implements MigrationInterface {
  name = 'DistrictInit1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Every applied op, in the town's serverSeq order: what pull and the stream serve.
    await queryRunner.query(`
      CREATE TABLE op (
        town_code   TEXT    NOT NULL,
        server_seq  INTEGER NOT NULL,
        op_id       TEXT    NOT NULL,
        node_id     TEXT    NOT NULL,
        seq         INTEGER NOT NULL,
        hlc         TEXT    NOT NULL,
        entity      TEXT    NOT NULL,
        entity_id   TEXT    NOT NULL,
        kind        TEXT    NOT NULL,
        action      TEXT,
        base_version INTEGER,
        payload     TEXT    NOT NULL,
        at          TEXT    NOT NULL,
        received_at TEXT    NOT NULL,
        PRIMARY KEY (town_code, server_seq)
      )`);
    // The first result of every op ever accepted into a batch, rejected ones included: duplicates
    // answer from here, and its key keeps an opId unique per town (op needs no second index).
    await queryRunner.query(`
      CREATE TABLE op_result (
        town_code  TEXT    NOT NULL,
        op_id      TEXT    NOT NULL,
        node_id    TEXT    NOT NULL,
        seq        INTEGER NOT NULL,
        status     TEXT    NOT NULL CHECK (status IN ('applied', 'rejected')),
        reason     TEXT,
        message    TEXT,
        version    INTEGER,
        server_seq INTEGER,
        PRIMARY KEY (town_code, op_id)
      ) WITHOUT ROWID`);
    await queryRunner.query(`
      CREATE TABLE node_seq (
        town_code TEXT    NOT NULL,
        node_id   TEXT    NOT NULL,
        last_seq  INTEGER NOT NULL,
        PRIMARY KEY (town_code, node_id)
      ) WITHOUT ROWID`);
    // The folded record of every entity: what snapshot serves and what actions are checked against.
    await queryRunner.query(`
      CREATE TABLE entity (
        town_code TEXT    NOT NULL,
        entity    TEXT    NOT NULL,
        entity_id TEXT    NOT NULL,
        version   INTEGER NOT NULL,
        hlc       TEXT    NOT NULL,
        state     TEXT,
        payload   TEXT    NOT NULL,
        signed    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (town_code, entity, entity_id)
      ) WITHOUT ROWID`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE entity`);
    await queryRunner.query(`DROP TABLE node_seq`);
    await queryRunner.query(`DROP TABLE op_result`);
    await queryRunner.query(`DROP TABLE op`);
  }
}
