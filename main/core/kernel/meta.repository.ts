/** The `meta` key–value table (node id, seeds, settings, sync cursors): the one code that touches it. */
import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../db/db';

export async function getMeta(sql: Sql, key: string): Promise<string | null> {
  return (await sql.get<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, [key]))?.value ?? null;
}

export async function setMeta(sql: Sql, key: string, value: string): Promise<void> {
  await sql.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [key, value]);
}

export async function deleteMeta(sql: Sql, key: string): Promise<void> {
  await sql.run(`DELETE FROM meta WHERE key = ?`, [key]);
}

/** Every key from `prefix` (inclusive) up to the next prefix: the keys that start with it. */
export async function metaWithPrefix(sql: Sql, prefix: string): Promise<{ key: string; value: string }[]> {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return sql.all<{ key: string; value: string }>(`SELECT key, value FROM meta WHERE key >= ? AND key < ?`, [prefix, end]);
}

/** The node id this database was made with; a first start takes the one given (or a new one). */
export function claimNodeId(db: Db, wanted: string | undefined): Promise<string> {
  return db.write(async (sql) => {
    const existing = await getMeta(sql, 'node_id');
    if (existing) {
      if (wanted && wanted !== existing) throw new Error(`this database belongs to node ${existing}, not ${wanted}`);
      return existing;
    }
    const id = wanted ?? randomUUID();
    await setMeta(sql, 'node_id', id);
    return id;
  });
}
