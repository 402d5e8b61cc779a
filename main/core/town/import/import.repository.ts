/**
 * SQL of the import: the town as it stands (what a preview compares with, and its fingerprint: an
 * apply whose town changed since the preview is refused), and the writes of an apply, inside the
 * kernel's one transaction. The tables are the town's (main/core/town/town.repository.ts); sign-in's
 * own columns (failures, lock) are never touched, a password only for a new account's one-time one.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../db/db';

export interface PersonNow {
  id: string;
  code: string | null;
  name: string;
  phone: string;
  username: string;
  roles: string;
  board_code: string | null;
  active: number;
  version: number;
}

export interface PostNow {
  id: string;
  code: string;
  name: string;
  board_code: string;
  kind: string;
  phone: string;
  a_person_id: string | null;
  b_person_id: string | null;
  active: number;
  version: number;
}

export interface VillageNow {
  code: string;
  name: string;
  geometry: string | null;
  active: number;
}

export interface GridNow {
  code: string;
  name: string;
  village: string;
  village_code: string;
  households: number;
  grid_worker_id: string | null;
  geometry: string;
  active: number;
  version: number;
}

export interface ItemNow {
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
  active: number;
}

export interface TownNow {
  readonly boards: { code: string; name: string }[];
  readonly people: PersonNow[];
  readonly posts: PostNow[];
  readonly villages: VillageNow[];
  readonly grids: GridNow[];
  readonly items: ItemNow[];
  /** SHA-256 of all of the above: equal fingerprints, the same town. */
  readonly fingerprint: string;
}

export async function readTown(sql: Sql): Promise<Omit<TownNow, 'fingerprint'>> {
  return {
    boards: await sql.all(`SELECT code, name FROM board ORDER BY code`),
    people: await sql.all(`SELECT id, code, name, phone, username, roles, board_code, active, version FROM person ORDER BY id`),
    posts: await sql.all(`SELECT id, code, name, board_code, kind, phone, a_person_id, b_person_id, active, version FROM post ORDER BY id`),
    villages: await sql.all(`SELECT code, name, geometry, active FROM village ORDER BY code`),
    grids: await sql.all(`SELECT code, name, village, village_code, households, grid_worker_id, geometry, active, version FROM grid ORDER BY code`),
    items: await sql.all(
      `SELECT code, name, pinyin, category_code, category_name, board_code, standard, lead_post_id, coop_post_ids, default_level, limits,
        answer_template, sensor_types, active FROM catalogue_item ORDER BY code`,
    ),
  };
}

/** A digest of what the import reads: any change to the town's standing data changes it. */
export function fingerprintOf(town: Omit<TownNow, 'fingerprint'>): string {
  const hash = createHash('sha256');
  for (const part of [town.boards, town.people, town.posts, town.villages, town.grids, town.items]) {
    for (const row of part) hash.update(JSON.stringify(row)).update('\n');
    hash.update('\u0001');
  }
  return hash.digest('hex');
}

export async function snapshot(sql: Sql): Promise<TownNow> {
  const town = await readTown(sql);
  return { ...town, fingerprint: fingerprintOf(town) };
}

/** The town's fingerprint, read inside the apply's transaction. */
export async function currentFingerprint(sql: Sql): Promise<string> {
  return fingerprintOf(await readTown(sql));
}

export interface PersonWrite {
  id: string;
  code: string | null;
  name: string;
  phone: string;
  username: string;
  roles: string;
  boardCode: string | null;
  active: boolean;
  version: number;
  hlc: string;
}

export const importSql = {
  insertBoard: (sql: Sql, b: { code: string; name: string }) => sql.run(`INSERT INTO board (code, name) VALUES (?, ?)`, [b.code, b.name]),

  insertPerson: (sql: Sql, p: PersonWrite, passwordHash: string, mustChange: boolean) =>
    sql.run(
      `INSERT INTO person (id, code, name, phone, username, password_hash, roles, available, board_code, active, must_change_password, version, hlc)
        VALUES (?,?,?,?,?,?,?,1,?,?,?,?,?)`,
      [p.id, p.code, p.name, p.phone, p.username, passwordHash, p.roles, p.boardCode, p.active ? 1 : 0, mustChange ? 1 : 0, p.version, p.hlc],
    ),

  updatePerson: (sql: Sql, p: PersonWrite) =>
    sql.run(`UPDATE person SET code = ?, name = ?, phone = ?, roles = ?, board_code = ?, active = ?, version = ?, hlc = ? WHERE id = ?`, [
      p.code,
      p.name,
      p.phone,
      p.roles,
      p.boardCode,
      p.active ? 1 : 0,
      p.version,
      p.hlc,
      p.id,
    ]),

  /** An account opened (a one-time password that must be changed at the first sign-in) or closed (a hash nobody knows). */
  setAccount: (sql: Sql, id: string, username: string, passwordHash: string, mustChange: boolean) =>
    sql.run(`UPDATE person SET username = ?, password_hash = ?, must_change_password = ?, password_changed_at = NULL, failed_attempts = 0, locked_until = NULL WHERE id = ?`, [
      username,
      passwordHash,
      mustChange ? 1 : 0,
      id,
    ]),

  renameAccount: (sql: Sql, id: string, username: string) => sql.run(`UPDATE person SET username = ? WHERE id = ?`, [username, id]),

  upsertPost: (
    sql: Sql,
    p: {
      id: string;
      code: string;
      name: string;
      boardCode: string;
      kind: string;
      phone: string;
      aPersonId: string | null;
      bPersonId: string | null;
      active: boolean;
      version: number;
      hlc: string;
    },
  ) =>
    sql.run(
      `INSERT INTO post (id, code, name, board_code, kind, a_person_id, b_person_id, phone, active, version, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, board_code = excluded.board_code, kind = excluded.kind,
        a_person_id = excluded.a_person_id, b_person_id = excluded.b_person_id, phone = excluded.phone, active = excluded.active,
        version = excluded.version, hlc = excluded.hlc`,
      [p.id, p.code, p.name, p.boardCode, p.kind, p.aPersonId, p.bPersonId, p.phone, p.active ? 1 : 0, p.version, p.hlc],
    ),

  upsertVillage: (sql: Sql, v: { code: string; name: string; geometry: string | null; active: boolean }) =>
    sql.run(
      `INSERT INTO village (code, name, geometry, active) VALUES (?,?,?,?)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, geometry = excluded.geometry, active = excluded.active`,
      [v.code, v.name, v.geometry, v.active ? 1 : 0],
    ),

  upsertGrid: (
    sql: Sql,
    g: {
      code: string;
      name: string;
      village: string;
      villageCode: string;
      households: number;
      workerId: string | null;
      geometry: string;
      active: boolean;
      version: number;
      hlc: string;
    },
  ) =>
    sql.run(
      `INSERT INTO grid (code, name, village, village_code, households, grid_worker_id, geometry, active, version, hlc) VALUES (?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, village = excluded.village, village_code = excluded.village_code,
        households = excluded.households, grid_worker_id = excluded.grid_worker_id, geometry = excluded.geometry, active = excluded.active,
        version = excluded.version, hlc = excluded.hlc`,
      [g.code, g.name, g.village, g.villageCode, g.households, g.workerId, g.geometry, g.active ? 1 : 0, g.version, g.hlc],
    ),

  upsertItem: (sql: Sql, i: ItemNow) =>
    sql.run(
      `INSERT INTO catalogue_item (code, name, pinyin, category_code, category_name, board_code, standard, lead_post_id, coop_post_ids,
        default_level, limits, answer_template, sensor_types, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, pinyin = excluded.pinyin, category_code = excluded.category_code,
        category_name = excluded.category_name, board_code = excluded.board_code, standard = excluded.standard,
        lead_post_id = excluded.lead_post_id, coop_post_ids = excluded.coop_post_ids, default_level = excluded.default_level,
        limits = excluded.limits, answer_template = excluded.answer_template, sensor_types = excluded.sensor_types, active = excluded.active`,
      [
        i.code,
        i.name,
        i.pinyin,
        i.category_code,
        i.category_name,
        i.board_code,
        i.standard,
        i.lead_post_id,
        i.coop_post_ids,
        i.default_level,
        i.limits,
        i.answer_template,
        i.sensor_types,
        i.active,
      ],
    ),
};
