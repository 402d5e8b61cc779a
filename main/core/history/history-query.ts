/**
 * The SQL of a history search (pure: no database here). Events are read in the order of their search
 * key `doc` (migration 0012: the report time), newest first, so a page stops at its limit:
 *
 *   - with a word of three characters or more, the trigram index `event_fts` drives: its matches come
 *     newest first (rowid DESC), a time range is a rowid range inside the index, and each match is
 *     checked against the other filters until the page is full;
 *   - with no such word, the keys drive (`event_doc` by doc DESC), the same way.
 *
 * Shorter words (one or two characters: below the trigram) are a LIKE on the title, the description
 * and the initials, checked on the rows the index or the keys bring, within the other filters.
 */
import { HISTORY_TOTAL_CAP } from '../../../preload/contract/history-schemas';

/** What a search asks, in the database's terms (the service turns names into codes). */
export interface HistoryQuery {
  /** Whitespace-separated words, as typed. */
  text?: string;
  /** Keys from (inclusive) / to (exclusive): the report instant's milliseconds × 1000. */
  fromDoc?: number;
  toDoc?: number;
  /** Below this key (the cursor: the last row of the previous page). */
  beforeDoc?: number;
  itemCodes?: readonly string[];
  levels?: readonly string[];
  states?: readonly string[];
  sources?: readonly string[];
  gridCodes?: readonly string[];
  postId?: string;
  overdue?: boolean;
  held?: boolean;
  /** Now (ISO): an open event's clock is past due before it. */
  now: string;
}

export interface HistoryRecord {
  doc: number;
  id: string;
  title: string;
  description: string | null;
  level: string;
  state: string;
  source: string;
  category_code: string;
  grid_code: string | null;
  lead_post_id: string | null;
  reported_at: string;
  closed_at: string | null;
  is_open: number;
  hold_review_by: string | null;
  overdue: number;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * An event past a time limit: open and past its current clock now, or finished with its accept or
 * resolve clock stopped after its limit (the clocks as the event's detail shows them).
 */
const OVERDUE = `((e.is_open = 1 AND e.due_at IS NOT NULL AND e.due_at < ?)
  OR (e.is_open = 0 AND ((e.accept_due IS NOT NULL AND coalesce(e.dispatched_at, e.closed_at) > e.accept_due)
    OR (e.resolve_due IS NOT NULL AND coalesce(e.resolved_at, e.closed_at) > e.resolve_due))))`;

const COLUMNS = `e.id, e.title, e.description, e.level, e.state, e.source, e.category_code, e.grid_code, e.lead_post_id,
  e.reported_at, e.closed_at, e.is_open, e.hold_review_by`;

/** Words of the text: those the trigram index can find (three characters or more), and the shorter ones. */
export function splitWords(text: string | undefined): { long: string[]; short: string[] } {
  const words = [...new Set((text ?? '').trim().toLowerCase().split(/\s+/u).filter(Boolean))];
  return { long: words.filter((w) => [...w].length >= 3), short: words.filter((w) => [...w].length < 3) };
}

/** An FTS5 query: each word a phrase (quotes doubled), all of them required. */
export function matchQuery(words: readonly string[]): string {
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
}

const likeText = (w: string): string => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** FROM, WHERE and the key column of a query. */
function parts(q: HistoryQuery): { from: string; where: string; key: string; params: unknown[] } {
  const { long, short } = splitWords(q.text);
  const fts = long.length > 0;
  const key = fts ? 'f.rowid' : 'd.doc';
  const from = fts ? `event_fts f CROSS JOIN event_doc d ON d.doc = f.rowid CROSS JOIN event e ON e.id = d.event_id` : `event_doc d CROSS JOIN event e ON e.id = d.event_id`;
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (fts) {
    clauses.push('event_fts MATCH ?');
    params.push(matchQuery(long));
  }
  const bound = (op: string, value: number | undefined): void => {
    if (value === undefined) return;
    clauses.push(`${key} ${op} ?`);
    params.push(value);
  };
  bound('>=', q.fromDoc);
  bound('<', q.toDoc);
  bound('<', q.beforeDoc);
  const inList = (column: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('e.category_code', q.itemCodes);
  inList('e.level', q.levels);
  inList('e.state', q.states);
  inList('e.source', q.sources);
  inList('e.grid_code', q.gridCodes);
  if (q.postId) {
    clauses.push('(e.lead_post_id = ? OR EXISTS (SELECT 1 FROM assignment a WHERE a.event_id = e.id AND a.post_id = ?))');
    params.push(q.postId, q.postId);
  }
  if (q.overdue !== undefined) {
    clauses.push(q.overdue ? OVERDUE : `NOT ${OVERDUE}`);
    params.push(q.now);
  }
  if (q.held !== undefined) clauses.push(q.held ? 'e.hold_review_by IS NOT NULL' : 'e.hold_review_by IS NULL');
  for (const w of short) {
    clauses.push(`(e.title LIKE ? ESCAPE '\\' OR e.description LIKE ? ESCAPE '\\' OR d.initials LIKE ? ESCAPE '\\')`);
    const like = likeText(w);
    params.push(like, like, like);
  }
  return { from, where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', key, params };
}

/** One page, newest first: `limit` rows (ask one more to know whether another page follows). */
export function pageStatement(q: HistoryQuery, limit: number): Statement {
  const p = parts(q);
  return {
    sql: `SELECT ${p.key} AS doc, ${COLUMNS}, ${OVERDUE} AS overdue FROM ${p.from} ${p.where} ORDER BY ${p.key} DESC LIMIT ?`,
    params: [q.now, ...p.params, limit],
  };
}

/** How many the search finds, counted up to `cap` (HISTORY_TOTAL_CAP + 1: enough to say "more than"). */
export function countStatement(q: HistoryQuery, cap = HISTORY_TOTAL_CAP + 1): Statement {
  const p = parts(q);
  return { sql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${p.from} ${p.where} LIMIT ?)`, params: [...p.params, cap] };
}
