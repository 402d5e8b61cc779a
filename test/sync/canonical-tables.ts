/**
 * The tables people see, per record kind, in canonical form for the convergence checks (canonical-dump's
 * `tables`): what a kind's sync sink writes and what every replica must agree on — rosters and shifts
 * with each cell, absences, duty-log entries, handovers with their items, the catalogue, people (never
 * credentials), posts with their A/B holders, grids, wall layouts (the current version's name and
 * definition), plan runs and their tasks.
 *
 * Left out on purpose, as local to each console: row numbers and version counters (each console counts
 * its own), a roster's id (two consoles' plans of a month are one plan, matched by month), the wall's
 * version history, viewer tokens and settings, accounts and sign-in state, alarms, audit, logs and the
 * alarm marks of plan tasks; who entered or cancelled an absence here and when (not sent, never
 * shown); a plan run's `hlc` (the newest change each console took — a run is merged task by task, so
 * its state converges, not that mark). JSON columns are compared as values (keys sorted), not as text.
 */
import type { QuerySource } from './canonical-dump';

/** A table's rows, each with its key (`k`), sorted by key. */
export type CanonicalTables = Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;

/** Each query selects its key as `k` and orders by it. */
const TABLES: Readonly<Record<string, string>> = {
  roster: `SELECT month AS k, templates, seed, generated_at, updated_at, hlc FROM roster ORDER BY k`,
  shift: `SELECT id AS k, date, template_code, name, starts_at, ends_at, night, day_kind, roles, hlc FROM shift ORDER BY k`,
  shift_slot: `SELECT shift_id || '/' || role_key || '#' || slot AS k, person_id, hlc FROM shift_slot ORDER BY k`,
  absence: `SELECT id AS k, person_id, kind, starts_at, ends_at, note, cancelled_at, hlc FROM absence ORDER BY k`,
  duty_log: `SELECT id AS k, shift_id, at, kind, text, author_id, event_id, created_at, updated_at, deleted_at, hlc FROM duty_log ORDER BY k`,
  handover: `SELECT id AS k, shift_id, next_shift_id, generated_at, generated_by, stats, outgoing_person_id, outgoing_signed_at,
    incoming_person_id, incoming_signed_at, signed_at, content_hash, hlc FROM handover ORDER BY k`,
  handover_item: `SELECT id AS k, handover_id, kind, ref_id, title, detail, sort, confirmed_by, confirmed_at, note, noted_by, noted_at
    FROM handover_item ORDER BY k`,
  catalogue_item: `SELECT code AS k, name, pinyin, category_code, category_name, board_code, standard, lead_post_id, coop_post_ids,
    default_level, limits, answer_template, sensor_types, active FROM catalogue_item ORDER BY k`,
  person: `SELECT id AS k, name, phone, roles, active, board_code, hlc FROM person ORDER BY k`,
  post: `SELECT id AS k, code, name, board_code, kind, a_person_id, b_person_id, phone, active, hlc FROM post ORDER BY k`,
  grid: `SELECT code AS k, name, village, village_code, households, grid_worker_id, geometry, active, hlc FROM grid ORDER BY k`,
  wall_layout: `SELECT l.id AS k, l.created_by, l.created_at, l.deleted_at, l.hlc, v.name, v.definition
    FROM wall_layout l LEFT JOIN wall_layout_version v ON v.layout_id = l.id AND v.version = l.version ORDER BY k`,
  plan_run: `SELECT id AS k, template_id, template_version, name, kind, drill, status, scenario, event_id, started_at, started_by,
    ended_at, ended_by, end_reason, contacts FROM plan_run ORDER BY k`,
  plan_task: `SELECT id AS k, run_id, ord, step_id, title, post_id, after, checklist, instructions, ack_minutes, limit_minutes, status,
    holder_id, holder_rule, released_at, ack_due, due_at, acked_at, acked_by, done_at, done_by, note FROM plan_task ORDER BY k`,
};

/** A JSON column's text as its value (so two serialisations of one value compare equal). */
function value(v: unknown): unknown {
  if (typeof v !== 'string' || !/^[[{]/.test(v)) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export async function dumpTables(sql: QuerySource): Promise<CanonicalTables> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, query] of Object.entries(TABLES)) {
    const rows = await sql.all<Record<string, unknown>>(query);
    out[table] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, v]) => [column, value(v)])));
  }
  return out;
}

/** How many rows each table holds (for a failure message or a check that a dump is not empty). */
export function tableSizes(tables: CanonicalTables): Record<string, number> {
  return Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length]));
}
