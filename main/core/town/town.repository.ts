/**
 * SQL of the town's standing tables: board, person, post, village, grid, catalogue_item. The one
 * repository of them: the demo seed and the first start's set-up, the administrator's pages
 * (main/core/town/admin), the district's upserts of people, posts, grids and the catalogue
 * (catalogue-remote.ts), and the spreadsheet import
 * (main/core/town/import) all write through it, and the town loads them into memory from it. A person's
 * sign-in columns (failures, lock, a password changed by its holder) are main/core/auth's
 * (account.repository.ts), but for the hash a person's row is made with and an import's account.
 */
import type { Sql } from '../db/db';
import type { CatalogueRow, GridRow, GridValues, NewCatalogueItem, NewPerson, PersonRow, PersonValues, PostRow, PostValues, VillageRow } from './town-rows';

export * from './town-rows';

// ---- the statements, from each table's column list (the key first) ---------------------------------

const PERSON = ['id', 'code', 'name', 'phone', 'username', 'roles', 'available', 'active', 'board_code', 'version', 'hlc'];
const POST = ['id', 'code', 'name', 'board_code', 'kind', 'phone', 'a_person_id', 'b_person_id', 'active', 'version', 'hlc'];
const VILLAGE = ['code', 'name', 'geometry', 'active'];
const GRID = ['code', 'name', 'village', 'village_code', 'households', 'grid_worker_id', 'geometry', 'active', 'version', 'hlc'];
const CATALOGUE = [
  'code',
  'name',
  'pinyin',
  'category_code',
  'category_name',
  'board_code',
  'standard',
  'lead_post_id',
  'coop_post_ids',
  'default_level',
  'limits',
  'answer_template',
  'sensor_types',
  'active',
];

const select = (table: string, columns: readonly string[], tail = ''): string => `SELECT ${columns.join(', ')} FROM ${table} ${tail}`;
const insert = (table: string, columns: readonly string[]): string => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(',')})`;
const set = (columns: readonly string[], as: (c: string) => string): string => columns.map((c) => `${c} = ${as(c)}`).join(', ');
/** An insert that updates every column but the key when the key is there. */
const upsert = (table: string, columns: readonly string[]): string =>
  `${insert(table, columns)} ON CONFLICT (${columns[0]}) DO UPDATE SET ${set(columns.slice(1), (c) => `excluded.${c}`)}`;
/** An update of every column but the key; its values are the insert's, the key moved last. */
const update = (table: string, columns: readonly string[]): string => `UPDATE ${table} SET ${set(columns.slice(1), () => '?')} WHERE ${columns[0]} = ?`;
const keyLast = (values: readonly unknown[]): unknown[] => [...values.slice(1), values[0]];

const bit = (b: boolean | undefined): number => (b === false ? 0 : 1);
const postValues = (id: string, v: PostValues): unknown[] => [
  id,
  v.code,
  v.name,
  v.boardCode,
  v.kind,
  v.phone,
  v.aPersonId,
  v.bPersonId,
  bit(v.active),
  v.version ?? 1,
  v.hlc ?? '',
];
const gridValues = (code: string, v: GridValues): unknown[] => [
  code,
  v.name,
  v.village,
  v.villageCode ?? '',
  v.households,
  v.gridWorkerId,
  v.geometry,
  bit(v.active),
  v.version ?? 1,
  v.hlc ?? '',
];
const PERSON_FIELDS = ['name', 'phone', 'roles', 'board_code', 'active', 'version', 'hlc'];
const personFields = (v: PersonValues): unknown[] => [v.name, v.phone, v.roles.join(','), v.boardCode, v.active ? 1 : 0, v.version, v.hlc];

export class TownRepository {
  // ---- reads ------------------------------------------------------------------------------------

  /** The boards, in the order they were made (the import lists them by code). */
  boards(sql: Sql, by: 'rowid' | 'code' = 'rowid'): Promise<{ code: string; name: string }[]> {
    return sql.all(`SELECT code, name FROM board ORDER BY ${by}`);
  }

  /** Every person: in the order they were made, by id (the import), or active first by name (the admin pages). */
  people(sql: Sql, by: 'rowid' | 'id' | 'name' = 'rowid'): Promise<PersonRow[]> {
    return sql.all<PersonRow>(select('person', PERSON, `ORDER BY ${by === 'name' ? 'active DESC, name' : by}`));
  }

  person(sql: Sql, id: string): Promise<PersonRow | undefined> {
    return sql.get<PersonRow>(select('person', PERSON, 'WHERE id = ?'), [id]);
  }

  personByUsername(sql: Sql, username: string): Promise<{ id: string } | undefined> {
    return sql.get<{ id: string }>(`SELECT id FROM person WHERE username = ? COLLATE NOCASE`, [username]);
  }

  /** Active people with the admin role (the last one is never deactivated or demoted). */
  async activeAdmins(sql: Sql): Promise<string[]> {
    const rows = await sql.all<{ id: string; roles: string }>(`SELECT id, roles FROM person WHERE active = 1`);
    return rows.filter((r) => r.roles.split(',').includes('admin')).map((r) => r.id);
  }

  posts(sql: Sql, by: 'rowid' | 'id' = 'rowid'): Promise<PostRow[]> {
    return sql.all<PostRow>(select('post', POST, `ORDER BY ${by}`));
  }

  post(sql: Sql, id: string): Promise<PostRow | undefined> {
    return sql.get<PostRow>(select('post', POST, 'WHERE id = ?'), [id]);
  }

  postByCode(sql: Sql, code: string): Promise<{ id: string } | undefined> {
    return sql.get<{ id: string }>(`SELECT id FROM post WHERE code = ? COLLATE NOCASE`, [code]);
  }

  /** The posts a person holds as A or B. */
  postsHeldBy(sql: Sql, personId: string): Promise<PostRow[]> {
    return sql.all<PostRow>(select('post', POST, 'WHERE a_person_id = ? OR b_person_id = ? ORDER BY rowid'), [personId, personId]);
  }

  villages(sql: Sql): Promise<VillageRow[]> {
    return sql.all<VillageRow>(select('village', VILLAGE, 'ORDER BY code'));
  }

  grids(sql: Sql): Promise<GridRow[]> {
    return sql.all<GridRow>(select('grid', GRID, 'ORDER BY code'));
  }

  grid(sql: Sql, code: string): Promise<GridRow | undefined> {
    return sql.get<GridRow>(select('grid', GRID, 'WHERE code = ?'), [code]);
  }

  gridCodeLike(sql: Sql, code: string): Promise<{ code: string } | undefined> {
    return sql.get<{ code: string }>(`SELECT code FROM grid WHERE code = ? COLLATE NOCASE`, [code]);
  }

  catalogue(sql: Sql): Promise<CatalogueRow[]> {
    return sql.all<CatalogueRow>(select('catalogue_item', CATALOGUE, 'ORDER BY code'));
  }

  /** Open events whose live assignment is on the post (a post with them is not deactivated). */
  async openEventsOn(sql: Sql, postId: string): Promise<number> {
    const row = await sql.get<{ n: number }>(
      `SELECT count(DISTINCT a.event_id) AS n FROM assignment a JOIN event e ON e.id = a.event_id WHERE a.post_id = ? AND a.active = 1 AND e.is_open = 1`,
      [postId],
    );
    return row?.n ?? 0;
  }

  /** Open events reported in the grid (a grid with them is not deactivated). */
  async openEventsIn(sql: Sql, gridCode: string): Promise<number> {
    const row = await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event WHERE grid_code = ? AND is_open = 1`, [gridCode]);
    return row?.n ?? 0;
  }

  // ---- writes -----------------------------------------------------------------------------------

  insertBoard(sql: Sql, b: { code: string; name: string }): Promise<void> {
    return sql.run(`INSERT INTO board (code, name) VALUES (?, ?)`, [b.code, b.name]);
  }

  insertPerson(sql: Sql, p: NewPerson): Promise<void> {
    return sql.run(insert('person', [...PERSON, 'password_hash', 'must_change_password', 'password_changed_at']), [
      p.id,
      p.code ?? null,
      p.name,
      p.phone,
      p.username,
      p.roles.join(','),
      1,
      bit(p.active),
      p.boardCode ?? null,
      p.version ?? 1,
      p.hlc ?? '',
      p.passwordHash,
      p.mustChangePassword ? 1 : 0,
      p.passwordChangedAt ?? null,
    ]);
  }

  /** A person's fields (and their code, when given); never their account. */
  updatePerson(sql: Sql, id: string, v: PersonValues): Promise<void> {
    const withCode = v.code !== undefined;
    const columns = withCode ? [...PERSON_FIELDS, 'code'] : PERSON_FIELDS;
    return sql.run(update('person', ['id', ...columns]), [...personFields(v), ...(withCode ? [v.code] : []), id]);
  }

  setUsername(sql: Sql, id: string, username: string): Promise<void> {
    return sql.run(`UPDATE person SET username = ? WHERE id = ?`, [username, id]);
  }

  /** An account opened (a one-time password that must be changed at the first sign-in) or closed (a hash nobody knows). */
  setAccount(sql: Sql, id: string, username: string, passwordHash: string, mustChange: boolean): Promise<void> {
    return sql.run(
      `UPDATE person SET username = ?, password_hash = ?, must_change_password = ?, password_changed_at = NULL, failed_attempts = 0, locked_until = NULL WHERE id = ?`,
      [username, passwordHash, mustChange ? 1 : 0, id],
    );
  }

  insertPost(sql: Sql, p: PostValues & { id: string }): Promise<void> {
    return sql.run(insert('post', POST), postValues(p.id, p));
  }

  updatePost(sql: Sql, id: string, v: Required<PostValues>): Promise<void> {
    return sql.run(update('post', POST), keyLast(postValues(id, v)));
  }

  upsertPost(sql: Sql, p: PostValues & { id: string }): Promise<void> {
    return sql.run(upsert('post', POST), postValues(p.id, p));
  }

  upsertVillage(sql: Sql, v: { code: string; name: string; geometry: string | null; active: boolean }): Promise<void> {
    return sql.run(upsert('village', VILLAGE), [v.code, v.name, v.geometry, bit(v.active)]);
  }

  insertGrid(sql: Sql, g: GridValues & { code: string }): Promise<void> {
    return sql.run(insert('grid', GRID), gridValues(g.code, g));
  }

  /** Every column, `active` included (an edit passes the one the grid has). */
  updateGrid(sql: Sql, code: string, v: Required<GridValues>): Promise<void> {
    return sql.run(update('grid', GRID), keyLast(gridValues(code, v)));
  }

  upsertGrid(sql: Sql, g: GridValues & { code: string }): Promise<void> {
    return sql.run(upsert('grid', GRID), gridValues(g.code, g));
  }

  insertCatalogueItem(sql: Sql, i: NewCatalogueItem): Promise<void> {
    const row: CatalogueRow = {
      code: i.code,
      name: i.name,
      pinyin: i.pinyin,
      category_code: i.categoryCode,
      category_name: i.categoryName,
      board_code: i.boardCode,
      standard: i.standard,
      lead_post_id: i.leadPostId,
      coop_post_ids: JSON.stringify(i.cooperatingPostIds),
      default_level: i.defaultLevel,
      limits: JSON.stringify(i.limits),
      answer_template: i.answerTemplate,
      sensor_types: JSON.stringify(i.sensorTypes),
      active: 1,
    };
    return sql.run(
      insert('catalogue_item', CATALOGUE),
      CATALOGUE.map((c) => row[c as keyof CatalogueRow]),
    );
  }

  upsertCatalogueItem(sql: Sql, row: CatalogueRow): Promise<void> {
    return sql.run(
      upsert('catalogue_item', CATALOGUE),
      CATALOGUE.map((c) => row[c as keyof CatalogueRow]),
    );
  }
}
