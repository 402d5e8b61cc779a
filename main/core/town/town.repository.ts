/**
 * SQL of the town's standing tables: board, person, post, grid, catalogue_item. The only code that
 * writes them, but for a person's sign-in columns (password hash, failures, lock, must-change: main/core/auth's
 * account.repository.ts) and the administrator's edits of people, posts and grids (main/core/town/admin's
 * admin.repository.ts); the town loads them into memory.
 */
import type { Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import type { ItemLimits } from '../sla/sla';

export interface PersonRow {
  id: string;
  name: string;
  phone: string;
  username: string;
  roles: string;
  available: number;
  active: number;
  board_code: string | null;
}

export interface PostRow {
  id: string;
  code: string;
  name: string;
  board_code: string;
  kind: string;
  phone: string;
  a_person_id: string | null;
  b_person_id: string | null;
  active: number;
}

export interface GridRow {
  code: string;
  name: string;
  village: string;
  village_code: string;
  households: number;
  grid_worker_id: string | null;
  geometry: string;
  active?: number;
}

export interface CatalogueRow {
  code: string;
  name: string;
  pinyin: string;
  category_code: string;
  category_name: string;
  board_code: string;
  standard: string;
  lead_post_id: string;
  coop_post_ids: string;
  default_level: string;
  limits: string;
  answer_template: string;
  sensor_types: string;
  active?: number;
}

/** A catalogue item as it is written (its arrays and limits as values, not JSON). */
export interface NewCatalogueItem {
  code: string;
  name: string;
  pinyin: string;
  categoryCode: string;
  categoryName: string;
  boardCode: string;
  standard: string;
  leadPostId: string;
  cooperatingPostIds: readonly string[];
  defaultLevel: Level;
  limits: ItemLimits;
  answerTemplate: string;
  sensorTypes: readonly string[];
}

export class TownRepository {
  insertBoard(sql: Sql, b: { code: string; name: string }): Promise<void> {
    return sql.run(`INSERT INTO board (code, name) VALUES (?, ?)`, [b.code, b.name]);
  }

  insertPerson(sql: Sql, p: { id: string; name: string; phone: string; username: string; passwordHash: string; roles: readonly string[] }): Promise<void> {
    return sql.run(`INSERT INTO person (id, name, phone, username, password_hash, roles, available) VALUES (?,?,?,?,?,?,1)`, [
      p.id,
      p.name,
      p.phone,
      p.username,
      p.passwordHash,
      p.roles.join(','),
    ]);
  }

  insertPost(sql: Sql, p: { id: string; code: string; name: string; boardCode: string; kind: string; aPersonId: string; bPersonId: string; phone: string }): Promise<void> {
    return sql.run(`INSERT INTO post (id, code, name, board_code, kind, a_person_id, b_person_id, phone) VALUES (?,?,?,?,?,?,?,?)`, [
      p.id,
      p.code,
      p.name,
      p.boardCode,
      p.kind,
      p.aPersonId,
      p.bPersonId,
      p.phone,
    ]);
  }

  insertGrid(sql: Sql, g: { code: string; name: string; village: string; households: number; gridWorkerId: string | null; geometry: unknown }): Promise<void> {
    return sql.run(`INSERT INTO grid (code, name, village, households, grid_worker_id, geometry) VALUES (?,?,?,?,?,?)`, [
      g.code,
      g.name,
      g.village,
      g.households,
      g.gridWorkerId,
      JSON.stringify(g.geometry),
    ]);
  }

  insertCatalogueItem(sql: Sql, i: NewCatalogueItem): Promise<void> {
    return sql.run(
      `INSERT INTO catalogue_item (code, name, pinyin, category_code, category_name, board_code, standard, lead_post_id,
        coop_post_ids, default_level, limits, answer_template, sensor_types) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [
        i.code,
        i.name,
        i.pinyin,
        i.categoryCode,
        i.categoryName,
        i.boardCode,
        i.standard,
        i.leadPostId,
        JSON.stringify(i.cooperatingPostIds),
        i.defaultLevel,
        JSON.stringify(i.limits),
        i.answerTemplate,
        JSON.stringify(i.sensorTypes),
      ],
    );
  }

  boards(sql: Sql): Promise<{ code: string; name: string }[]> {
    return sql.all(`SELECT code, name FROM board ORDER BY rowid`);
  }

  people(sql: Sql): Promise<PersonRow[]> {
    return sql.all<PersonRow>(`SELECT id, name, phone, username, roles, available, active, board_code FROM person`);
  }

  posts(sql: Sql): Promise<PostRow[]> {
    return sql.all<PostRow>(`SELECT id, code, name, board_code, kind, phone, a_person_id, b_person_id, active FROM post ORDER BY rowid`);
  }

  grids(sql: Sql): Promise<GridRow[]> {
    return sql.all<GridRow>(`SELECT code, name, village, village_code, households, grid_worker_id, geometry, active FROM grid ORDER BY code`);
  }

  catalogue(sql: Sql): Promise<CatalogueRow[]> {
    return sql.all<CatalogueRow>(`SELECT * FROM catalogue_item ORDER BY code`);
  }
}
