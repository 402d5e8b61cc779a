import type { MigrationInterface, QueryRunner } from 'typeorm';
import { pinyinInitials } from '../../pinyin-initials';

/**
 * History and search (issue #15, 历史事件; main/core/history):
 * - `event_doc`: each event's search key `doc`, an INTEGER PRIMARY KEY in the order of the events'
 *   report times (the report instant in milliseconds × 1000, plus the events reported in that same
 *   millisecond before it), and the pinyin initials of its title (written by the program: SQL has no
 *   pinyin). VACUUM — every backup is a VACUUM INTO — keeps an explicit INTEGER PRIMARY KEY, where
 *   it may renumber an event's implicit rowid, so the index points at `doc`, never at the rowid.
 * - `event_fts`: a contentless FTS5 index (trigram: any Chinese substring of three characters or
 *   more) over the title, the description and the initials, by `doc`. Its rowid order is the report
 *   order, so a search reads its newest matches first and stops at the page, and a time range is a
 *   rowid range. Contentless (`contentless_delete`): the text stays in `event` alone.
 * - triggers keep both in step with `event` in the writer's own transaction: a new event, a changed
 *   title, description or report time, a deleted event, new initials.
 * Events already here get their key and initials now (in report order), then the index.
 */
export class History1700000000012 implements MigrationInterface {
  name = 'History1700000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE event_doc (doc INTEGER PRIMARY KEY NOT NULL, event_id TEXT NOT NULL UNIQUE, initials TEXT NOT NULL DEFAULT '')`);
    await q.query(`CREATE VIRTUAL TABLE event_fts USING fts5(title, description, initials, content='', contentless_delete=1, tokenize='trigram')`);
    await backfill(q);
    await q.query(`INSERT INTO event_fts (rowid, title, description, initials)
      SELECT d.doc, e.title, coalesce(e.description, ''), d.initials FROM event_doc d JOIN event e ON e.id = d.event_id`);
    const statements = [
      // A writer may have put the key beforehand (with its initials: the benchmark's fill does); else it is made here.
      `CREATE TRIGGER event_doc_insert AFTER INSERT ON event BEGIN
        INSERT INTO event_doc (doc, event_id) SELECT ${docKeySql('new.reported_at')}, new.id
          WHERE NOT EXISTS (SELECT 1 FROM event_doc WHERE event_id = new.id);
        INSERT INTO event_fts (rowid, title, description, initials)
          SELECT doc, new.title, coalesce(new.description, ''), initials FROM event_doc WHERE event_id = new.id;
      END`,
      `CREATE TRIGGER event_doc_update AFTER UPDATE OF title, description, reported_at ON event BEGIN
        DELETE FROM event_fts WHERE rowid = (SELECT doc FROM event_doc WHERE event_id = old.id);
        UPDATE event_doc SET doc = ${docKeySql('new.reported_at')} WHERE event_id = new.id AND new.reported_at IS NOT old.reported_at;
        INSERT INTO event_fts (rowid, title, description, initials)
          SELECT doc, new.title, coalesce(new.description, ''), initials FROM event_doc WHERE event_id = new.id;
      END`,
      `CREATE TRIGGER event_doc_delete AFTER DELETE ON event BEGIN
        DELETE FROM event_fts WHERE rowid = (SELECT doc FROM event_doc WHERE event_id = old.id);
        DELETE FROM event_doc WHERE event_id = old.id;
      END`,
      `CREATE TRIGGER event_doc_initials AFTER UPDATE OF initials ON event_doc BEGIN
        DELETE FROM event_fts WHERE rowid = old.doc;
        INSERT INTO event_fts (rowid, title, description, initials)
          SELECT new.doc, e.title, coalesce(e.description, ''), new.initials FROM event e WHERE e.id = new.event_id;
      END`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of ['event_doc_initials', 'event_doc_delete', 'event_doc_update', 'event_doc_insert']) await q.query(`DROP TRIGGER ${trigger}`);
    await q.query(`DROP TABLE event_fts`);
    await q.query(`DROP TABLE event_doc`);
  }
}

/** Events per statement of the backfill. */
const CHUNK = 2000;

/** The search key of an event reported at `reportedAt` (SQL): its millisecond × 1000, after the ones already in that millisecond. */
export function docKeySql(reportedAt: string): string {
  const base = `(CAST(round(unixepoch(${reportedAt}, 'subsec') * 1000) AS INTEGER) * 1000)`;
  return `coalesce((SELECT max(doc) + 1 FROM event_doc WHERE doc >= ${base} AND doc < ${base} + 1000), ${base})`;
}

/** Keys and initials of the events already here, in report order (then the order they were written). */
async function backfill(q: QueryRunner): Promise<void> {
  let after: { at: string; rowid: number } | null = null;
  let lastDoc = -1;
  for (;;) {
    const rows = (await q.query(
      after
        ? `SELECT rowid, id, title, reported_at FROM event WHERE (reported_at, rowid) > (?, ?) ORDER BY reported_at, rowid LIMIT ${CHUNK}`
        : `SELECT rowid, id, title, reported_at FROM event ORDER BY reported_at, rowid LIMIT ${CHUNK}`,
      after ? [after.at, after.rowid] : [],
    )) as { rowid: number; id: string; title: string; reported_at: string }[];
    if (rows.length === 0) return;
    // Strictly increasing in report order: unique, whatever the times.
    const docs = rows.map((r) => {
      const ms = Date.parse(r.reported_at);
      lastDoc = Math.max(Number.isNaN(ms) ? 0 : ms * 1000, lastDoc + 1);
      return [lastDoc, r.id, pinyinInitials(r.title)];
    });
    await q.query(`INSERT INTO event_doc (doc, event_id, initials) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`, [JSON.stringify(docs)]);
    const last = rows[rows.length - 1];
    after = { at: last.reported_at, rowid: last.rowid };
  }
}
