/**
 * Duty-log entries written on another console of the town (or by the district), folded into this
 * console's duty log inside the sync page's transaction (the sync sink `dutyLog`; the conflict rule in
 * docs/protocol-decisions.md, "Every record both ways"): each entry is its own record and the newest
 * HLC wins it whole — its text, kind, time, shift and whether it is deleted (a deletion is a change
 * like any other, and the entry is kept, marked deleted). Taken as it is: the rule that a handed-over
 * shift's log is final is checked where an entry is written; a signed handover keeps its own copy of
 * the entries it listed, so what was signed never changes. Nothing here is sent back.
 */
import { DUTY_LOG_KINDS, type DutyLogKind } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import type { HybridLogicalClock } from '../kernel/hlc';
import type { DutyLogRepository, DutyLogRecord } from './duty-log.repository';

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const iso = (v: unknown): v is string => str(v) && Number.isFinite(Date.parse(v));

/** Folds one `dutyLog` upsert; true when it changed the entry here. Throws on a payload it cannot read (kept in 同步问题). */
export async function applyRemoteDutyLog(
  repo: DutyLogRepository,
  hlcClock: HybridLogicalClock,
  sql: Sql,
  id: string,
  p: Record<string, unknown>,
  hlc: string,
  at: string,
): Promise<boolean> {
  if (!iso(p.at) || !DUTY_LOG_KINDS.includes(p.kind as DutyLogKind) || typeof p.text !== 'string' || !str(p.authorId)) {
    throw new Error(`dutyLog ${id}: at, kind, text or authorId missing`);
  }
  hlcClock.receive(hlc);
  const local = await repo.byId(sql, id);
  if (local && local.hlc >= hlc) return false;
  const updatedAt = iso(p.updatedAt) ? p.updatedAt : at;
  const record: Omit<DutyLogRecord, 'seq'> = {
    id,
    shift_id: str(p.shiftId) ? p.shiftId : null,
    at: new Date(p.at).toISOString(),
    kind: p.kind as DutyLogKind,
    text: p.text,
    author_id: p.authorId,
    event_id: str(p.eventId) ? p.eventId : null,
    created_at: iso(p.createdAt) ? p.createdAt : at,
    updated_at: updatedAt,
    deleted_at: p.deleted === true ? (local?.deleted_at ?? updatedAt) : null,
    version: (local?.version ?? 0) + 1,
    hlc,
  };
  if (local) await repo.replace(sql, { ...record, seq: local.seq });
  else await repo.insert(sql, record);
  return true;
}
