/**
 * SQL of the wall's own tables: layouts and their versions, viewer tokens, settings. The only code
 * that reads or writes them; the wall's commands call it inside their transactions (the audit row
 * is the kernel's).
 */
import type { Sql } from '../db/db';

export interface LayoutRecord {
  id: string;
  name: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The HLC of the current version (or the retirement): the newest wins across the town's consoles. */
  hlc: string;
}

export interface LayoutVersionRecord {
  layout_id: string;
  version: number;
  name: string;
  definition: string;
  saved_by: string;
  saved_at: string;
  note: string | null;
}

export interface TokenRecord {
  id: string;
  layout_id: string;
  screen_id: string;
  token_hash: string;
  label: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_seen_at: string | null;
}

export class WallRepository {
  layouts(sql: Sql): Promise<(LayoutRecord & { definition: string; saved_by: string })[]> {
    return sql.all(
      `SELECT l.*, v.definition, v.saved_by FROM wall_layout l JOIN wall_layout_version v ON v.layout_id = l.id AND v.version = l.version
        WHERE l.deleted_at IS NULL ORDER BY l.updated_at DESC`,
    );
  }

  layout(sql: Sql, id: string): Promise<LayoutRecord | undefined> {
    return sql.get(`SELECT * FROM wall_layout WHERE id = ? AND deleted_at IS NULL`, [id]);
  }

  version(sql: Sql, id: string, version: number): Promise<LayoutVersionRecord | undefined> {
    return sql.get(`SELECT * FROM wall_layout_version WHERE layout_id = ? AND version = ?`, [id, version]);
  }

  versions(sql: Sql, id: string): Promise<LayoutVersionRecord[]> {
    return sql.all(`SELECT layout_id, version, name, '' AS definition, saved_by, saved_at, note FROM wall_layout_version WHERE layout_id = ? ORDER BY version DESC`, [id]);
  }

  /** The layout, retired or not (the sync sink folds into either). */
  layoutAny(sql: Sql, id: string): Promise<LayoutRecord | undefined> {
    return sql.get(`SELECT * FROM wall_layout WHERE id = ?`, [id]);
  }

  insertLayout(sql: Sql, r: LayoutRecord): Promise<void> {
    return sql.run(`INSERT INTO wall_layout (id, name, version, created_by, created_at, updated_at, deleted_at, hlc) VALUES (?,?,?,?,?,?,?,?)`, [
      r.id,
      r.name,
      r.version,
      r.created_by,
      r.created_at,
      r.updated_at,
      r.deleted_at,
      r.hlc,
    ]);
  }

  setLayoutVersion(sql: Sql, id: string, name: string, version: number, at: string, hlc: string): Promise<void> {
    return sql.run(`UPDATE wall_layout SET name = ?, version = ?, updated_at = ?, hlc = ? WHERE id = ?`, [name, version, at, hlc, id]);
  }

  deleteLayout(sql: Sql, id: string, at: string, hlc: string): Promise<void> {
    return sql.run(`UPDATE wall_layout SET deleted_at = ?, hlc = ? WHERE id = ?`, [at, hlc, id]);
  }

  /** A layout as another console of the town has it (wall-remote.ts): retired or back in use. */
  putLayoutState(sql: Sql, r: Pick<LayoutRecord, 'id' | 'name' | 'version' | 'updated_at' | 'deleted_at' | 'hlc'>): Promise<void> {
    return sql.run(`UPDATE wall_layout SET name = ?, version = ?, updated_at = ?, deleted_at = ?, hlc = ? WHERE id = ?`, [
      r.name,
      r.version,
      r.updated_at,
      r.deleted_at,
      r.hlc,
      r.id,
    ]);
  }

  insertVersion(sql: Sql, r: LayoutVersionRecord): Promise<void> {
    return sql.run(`INSERT INTO wall_layout_version (layout_id, version, name, definition, saved_by, saved_at, note) VALUES (?,?,?,?,?,?,?)`, [
      r.layout_id,
      r.version,
      r.name,
      r.definition,
      r.saved_by,
      r.saved_at,
      r.note,
    ]);
  }

  tokens(sql: Sql, layoutId?: string): Promise<TokenRecord[]> {
    return layoutId ? sql.all(`SELECT * FROM wall_token WHERE layout_id = ? ORDER BY created_at DESC`, [layoutId]) : sql.all(`SELECT * FROM wall_token WHERE revoked_at IS NULL`);
  }

  token(sql: Sql, id: string): Promise<TokenRecord | undefined> {
    return sql.get(`SELECT * FROM wall_token WHERE id = ?`, [id]);
  }

  insertToken(sql: Sql, r: TokenRecord): Promise<void> {
    return sql.run(
      `INSERT INTO wall_token (id, layout_id, screen_id, token_hash, label, created_by, created_at, revoked_at, revoked_by, last_seen_at)
        VALUES (?,?,?,?,?,?,?,?,?,?)`,
      [r.id, r.layout_id, r.screen_id, r.token_hash, r.label, r.created_by, r.created_at, r.revoked_at, r.revoked_by, r.last_seen_at],
    );
  }

  revokeToken(sql: Sql, id: string, by: string, at: string): Promise<void> {
    return sql.run(`UPDATE wall_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`, [at, by, id]);
  }

  revokeTokensOf(sql: Sql, layoutId: string, by: string, at: string, screenIds?: readonly string[]): Promise<void> {
    if (screenIds) {
      if (screenIds.length === 0) return Promise.resolve();
      return sql.run(`UPDATE wall_token SET revoked_at = ?, revoked_by = ? WHERE layout_id = ? AND revoked_at IS NULL AND screen_id IN (${screenIds.map(() => '?').join(',')})`, [
        at,
        by,
        layoutId,
        ...screenIds,
      ]);
    }
    return sql.run(`UPDATE wall_token SET revoked_at = ?, revoked_by = ? WHERE layout_id = ? AND revoked_at IS NULL`, [at, by, layoutId]);
  }

  touchToken(sql: Sql, id: string, at: string): Promise<void> {
    return sql.run(`UPDATE wall_token SET last_seen_at = ? WHERE id = ?`, [at, id]);
  }

  settings(sql: Sql): Promise<{ key: string; value: string }[]> {
    return sql.all(`SELECT key, value FROM wall_setting`);
  }

  deleteSetting(sql: Sql, key: string): Promise<void> {
    return sql.run(`DELETE FROM wall_setting WHERE key = ?`, [key]);
  }

  setSetting(sql: Sql, key: string, value: string): Promise<void> {
    return sql.run(`INSERT INTO wall_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
  }
}
