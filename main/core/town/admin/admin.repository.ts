/**
 * SQL of the administrator's edits of the town's people, posts and grids (and of the district's
 * upserts of them): the rows as they are read for an edit, and the statements that write them. A
 * person's sign-in columns stay main/core/auth's (account.repository.ts), but for the row a new person
 * is inserted with.
 */
import type { Sql } from '../../db/db';

export interface PersonAdminRow {
  id: string;
  name: string;
  phone: string;
  username: string;
  roles: string;
  board_code: string | null;
  active: number;
  version: number;
  hlc: string;
}

export interface PostAdminRow {
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
  hlc: string;
}

export interface GridAdminRow {
  code: string;
  name: string;
  village: string;
  village_code: string;
  households: number;
  grid_worker_id: string | null;
  geometry: string;
  version: number;
  hlc: string;
}

/** A person as written (roles as a list). */
export interface PersonValues {
  name: string;
  phone: string;
  roles: readonly string[];
  boardCode: string | null;
  active: boolean;
  version: number;
  hlc: string;
}

export interface PostValues {
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
}

export interface GridValues {
  name: string;
  village: string;
  villageCode: string;
  households: number;
  gridWorkerId: string | null;
  /** JSON text of the shape ('null': none). */
  geometry: string;
  version: number;
  hlc: string;
}

const PERSON = `id, name, phone, username, roles, board_code, active, version, hlc`;
const POST = `id, code, name, board_code, kind, phone, a_person_id, b_person_id, active, version, hlc`;
const GRID = `code, name, village, village_code, households, grid_worker_id, geometry, version, hlc`;

export class TownAdminRepository {
  people(sql: Sql): Promise<PersonAdminRow[]> {
    return sql.all<PersonAdminRow>(`SELECT ${PERSON} FROM person ORDER BY active DESC, name`);
  }

  person(sql: Sql, id: string): Promise<PersonAdminRow | undefined> {
    return sql.get<PersonAdminRow>(`SELECT ${PERSON} FROM person WHERE id = ?`, [id]);
  }

  personByUsername(sql: Sql, username: string): Promise<{ id: string } | undefined> {
    return sql.get<{ id: string }>(`SELECT id FROM person WHERE username = ? COLLATE NOCASE`, [username]);
  }

  /** Active people with the admin role (the last one is never deactivated or demoted). */
  async activeAdmins(sql: Sql): Promise<string[]> {
    const rows = await sql.all<{ id: string; roles: string }>(`SELECT id, roles FROM person WHERE active = 1`);
    return rows.filter((r) => r.roles.split(',').includes('admin')).map((r) => r.id);
  }

  insertPerson(sql: Sql, id: string, username: string, passwordHash: string, mustChange: boolean, at: string | null, v: PersonValues): Promise<void> {
    return sql.run(
      `INSERT INTO person (id, name, phone, username, password_hash, roles, available, active, board_code, version, hlc, must_change_password, password_changed_at)
        VALUES (?,?,?,?,?,?,1,?,?,?,?,?,?)`,
      [id, v.name, v.phone, username, passwordHash, v.roles.join(','), v.active ? 1 : 0, v.boardCode, v.version, v.hlc, mustChange ? 1 : 0, at],
    );
  }

  updatePerson(sql: Sql, id: string, v: PersonValues): Promise<void> {
    return sql.run(`UPDATE person SET name = ?, phone = ?, roles = ?, board_code = ?, active = ?, version = ?, hlc = ? WHERE id = ?`, [
      v.name,
      v.phone,
      v.roles.join(','),
      v.boardCode,
      v.active ? 1 : 0,
      v.version,
      v.hlc,
      id,
    ]);
  }

  setUsername(sql: Sql, id: string, username: string): Promise<void> {
    return sql.run(`UPDATE person SET username = ? WHERE id = ?`, [username, id]);
  }

  posts(sql: Sql): Promise<PostAdminRow[]> {
    return sql.all<PostAdminRow>(`SELECT ${POST} FROM post ORDER BY rowid`);
  }

  post(sql: Sql, id: string): Promise<PostAdminRow | undefined> {
    return sql.get<PostAdminRow>(`SELECT ${POST} FROM post WHERE id = ?`, [id]);
  }

  postByCode(sql: Sql, code: string): Promise<{ id: string } | undefined> {
    return sql.get<{ id: string }>(`SELECT id FROM post WHERE code = ? COLLATE NOCASE`, [code]);
  }

  /** The posts a person holds as A or B. */
  postsHeldBy(sql: Sql, personId: string): Promise<PostAdminRow[]> {
    return sql.all<PostAdminRow>(`SELECT ${POST} FROM post WHERE a_person_id = ? OR b_person_id = ? ORDER BY rowid`, [personId, personId]);
  }

  insertPost(sql: Sql, id: string, v: PostValues): Promise<void> {
    return sql.run(`INSERT INTO post (${POST}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, [
      id,
      v.code,
      v.name,
      v.boardCode,
      v.kind,
      v.phone,
      v.aPersonId,
      v.bPersonId,
      v.active ? 1 : 0,
      v.version,
      v.hlc,
    ]);
  }

  updatePost(sql: Sql, id: string, v: PostValues): Promise<void> {
    return sql.run(`UPDATE post SET code = ?, name = ?, board_code = ?, kind = ?, phone = ?, a_person_id = ?, b_person_id = ?, active = ?, version = ?, hlc = ? WHERE id = ?`, [
      v.code,
      v.name,
      v.boardCode,
      v.kind,
      v.phone,
      v.aPersonId,
      v.bPersonId,
      v.active ? 1 : 0,
      v.version,
      v.hlc,
      id,
    ]);
  }

  /** Open events whose live assignment is on the post. */
  async openEventsOn(sql: Sql, postId: string): Promise<number> {
    const row = await sql.get<{ n: number }>(
      `SELECT count(DISTINCT a.event_id) AS n FROM assignment a JOIN event e ON e.id = a.event_id WHERE a.post_id = ? AND a.active = 1 AND e.is_open = 1`,
      [postId],
    );
    return row?.n ?? 0;
  }

  grids(sql: Sql): Promise<GridAdminRow[]> {
    return sql.all<GridAdminRow>(`SELECT ${GRID} FROM grid ORDER BY code`);
  }

  grid(sql: Sql, code: string): Promise<GridAdminRow | undefined> {
    return sql.get<GridAdminRow>(`SELECT ${GRID} FROM grid WHERE code = ?`, [code]);
  }

  gridCodeLike(sql: Sql, code: string): Promise<{ code: string } | undefined> {
    return sql.get<{ code: string }>(`SELECT code FROM grid WHERE code = ? COLLATE NOCASE`, [code]);
  }

  insertGrid(sql: Sql, code: string, v: GridValues): Promise<void> {
    return sql.run(`INSERT INTO grid (${GRID}) VALUES (?,?,?,?,?,?,?,?,?)`, [code, v.name, v.village, v.villageCode, v.households, v.gridWorkerId, v.geometry, v.version, v.hlc]);
  }

  updateGrid(sql: Sql, code: string, v: GridValues): Promise<void> {
    return sql.run(`UPDATE grid SET name = ?, village = ?, village_code = ?, households = ?, grid_worker_id = ?, geometry = ?, version = ?, hlc = ? WHERE code = ?`, [
      v.name,
      v.village,
      v.villageCode,
      v.households,
      v.gridWorkerId,
      v.geometry,
      v.version,
      v.hlc,
      code,
    ]);
  }
}
