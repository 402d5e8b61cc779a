/**
 * Absences (leave, business trips, training …): entered and cancelled as kernel commands, each
 * synced as an `absence` upsert; folded in from the district or another console of the town inside
 * the sync worker's transaction. The acting holders and the clashes follow the index.
 */
import type { Absence, AbsenceKind, AddAbsenceRequest, Clash } from '../../../preload/contract/roster-schemas';
import { ABSENCE_KINDS } from '../../../preload/contract/roster-schemas';
import { addDays, fromBeijing } from '../beijing-time';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import { detectClashes } from './clashes';
import { stamp, upsert } from './records';
import type { RosterContext } from './roster-context';
import type { AbsenceRecord } from './absence.repository';
import { DAY_MS } from './shift-templates';

/** A date is the whole Beijing day (`to` inclusive); a time is that instant. */
export function absenceSpan(from: string, to: string): { start: Date; end: Date } {
  const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  const start = isDate(from) ? fromBeijing(from, 0) : new Date(from);
  const end = isDate(to) ? fromBeijing(addDays(to, 1), 0) : new Date(to);
  return { start, end };
}

/** An absence taken from the district, as the sync page's command audits it (sync's UpsertTaken). */
export interface SyncedAbsence {
  readonly audit: { readonly action: 'absence.synced'; readonly entity: 'absence'; readonly entityId: string; readonly detail: Record<string, unknown> };
}

function absencePayload(a: AbsenceRecord): Record<string, unknown> {
  return { personId: a.person_id, kind: a.kind, startsAt: a.starts_at, endsAt: a.ends_at, note: a.note, cancelled: a.cancelled_at !== null };
}

export class RosterAbsences {
  constructor(private readonly ctx: RosterContext) {}

  async addAbsence(actor: Actor, req: AddAbsenceRequest): Promise<{ absence: Absence; clashes: Clash[] }> {
    permit(actor, 'manageAbsences');
    if (!this.ctx.town.people.has(req.personId)) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
    const { start, end } = absenceSpan(req.from, req.to);
    if (!(end.getTime() > start.getTime())) refuse('invalid', 'an absence must end after it starts', { field: 'to' });
    if (end.getTime() - start.getTime() > 366 * DAY_MS) refuse('invalid', 'an absence is at most a year', { field: 'to' });
    const id = await this.ctx.change({ name: 'absence.add', actor, permission: 'manageAbsences' }, ['absences', 'roster'], async (tx) => {
      const s = stamp(this.ctx.hlc, 0);
      const record: AbsenceRecord = {
        id: newId(),
        person_id: req.personId,
        kind: req.kind,
        starts_at: start.toISOString(),
        ends_at: end.toISOString(),
        note: req.note ?? null,
        created_by: actor.id,
        created_at: tx.at,
        cancelled_at: null,
        cancelled_by: null,
        ...s,
      };
      await this.ctx.absenceRepo.insertAbsence(tx.sql, record);
      await upsert(tx, 'absence', record.id, s.version, s.hlc, absencePayload(record));
      await tx.audit('absence.add', 'absence', record.id, { personId: req.personId, kind: req.kind, startsAt: record.starts_at, endsAt: record.ends_at });
      return record.id;
    });
    const absence = (await this.ctx.kernel.read((sql) => this.ctx.absenceRepo.absence(sql, id)))!;
    const index = this.ctx.index;
    const touched = index.shiftsBetween(start.getTime(), end.getTime()).filter((s) => s.people.has(req.personId));
    const clashes = detectClashes(this.ctx.clashInput(touched, [], index)).filter((c) => c.personId === req.personId && c.kind === 'on_leave');
    return { absence: this.absenceView(absence), clashes };
  }

  async cancelAbsence(actor: Actor, absenceId: string): Promise<Absence> {
    permit(actor, 'manageAbsences');
    await this.ctx.change({ name: 'absence.cancel', actor, permission: 'manageAbsences' }, ['absences', 'roster'], async (tx) => {
      const a = await this.ctx.absenceRepo.absence(tx.sql, absenceId);
      if (!a) refuse('not_found', `no absence ${absenceId}`, { id: absenceId });
      if (a.cancelled_at) refuse('already_decided', 'this absence is already cancelled');
      const s = stamp(this.ctx.hlc, a.version);
      await this.ctx.absenceRepo.cancelAbsence(tx.sql, absenceId, tx.at, actor.id, s.version, s.hlc);
      await upsert(tx, 'absence', absenceId, s.version, s.hlc, absencePayload({ ...a, cancelled_at: tx.at, cancelled_by: actor.id }));
      await tx.audit('absence.cancel', 'absence', absenceId, {});
    });
    return this.absenceView((await this.ctx.kernel.read((sql) => this.ctx.absenceRepo.absence(sql, absenceId)))!);
  }

  async absences(actor: Actor, filter: { from?: string; to?: string; personId?: string; includeCancelled: boolean }): Promise<Absence[]> {
    permit(actor, 'readRoster');
    const rows = await this.ctx.kernel.read((sql) =>
      this.ctx.absenceRepo.listAbsences(sql, {
        fromIso: filter.from ? fromBeijing(filter.from, 0).toISOString() : undefined,
        toIso: filter.to ? fromBeijing(addDays(filter.to, 1), 0).toISOString() : undefined,
        personId: filter.personId,
        includeCancelled: filter.includeCancelled,
      }),
    );
    return rows.map((r) => this.absenceView(r));
  }

  /**
   * An `absence` upsert from the district or another console of the town, inside the sync worker's
   * transaction (its sink): the newest HLC wins over the local record; an entry for an unknown person
   * or with bad dates changes nothing. The acting holders follow once the page is committed
   * (`absencesChanged`). What it took is audited (`absence.synced`) by the page's command through the
   * kernel: the sink hands the row back, never writes it.
   */
  async applyRemoteAbsence(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | SyncedAbsence> {
    const p = payload;
    const valid =
      typeof p.personId === 'string' &&
      this.ctx.town.people.has(p.personId) &&
      typeof p.kind === 'string' &&
      ABSENCE_KINDS.includes(p.kind as AbsenceKind) &&
      typeof p.startsAt === 'string' &&
      typeof p.endsAt === 'string' &&
      Number.isFinite(Date.parse(p.startsAt)) &&
      Date.parse(p.endsAt) > Date.parse(p.startsAt);
    if (!valid) return false;
    const existing = await this.ctx.absenceRepo.absence(sql, entityId);
    if (existing && existing.hlc >= hlc) return false;
    const cancelled = p.cancelled === true;
    const record: AbsenceRecord = {
      id: entityId,
      person_id: p.personId as string,
      kind: p.kind as AbsenceKind,
      starts_at: new Date(p.startsAt as string).toISOString(),
      ends_at: new Date(p.endsAt as string).toISOString(),
      note: typeof p.note === 'string' ? p.note : null,
      created_by: existing?.created_by ?? null,
      created_at: existing?.created_at ?? at,
      cancelled_at: cancelled ? (existing?.cancelled_at ?? at) : null,
      cancelled_by: cancelled ? (existing?.cancelled_by ?? null) : null,
      version: (existing?.version ?? 0) + 1,
      hlc,
    };
    if (existing) await this.ctx.absenceRepo.replaceAbsence(sql, record);
    else await this.ctx.absenceRepo.insertAbsence(sql, record);
    this.ctx.hlc.receive(hlc);
    // No person did it here: the page's command (sync.applyPage, the system) writes the audit row,
    // at its own time; `opAt` keeps when the op was made.
    return { audit: { action: 'absence.synced', entity: 'absence', entityId, detail: { personId: record.person_id, kind: record.kind, cancelled, opAt: at } } };
  }

  absenceView(a: AbsenceRecord): Absence {
    return {
      id: a.id,
      personId: a.person_id,
      personName: this.ctx.personName(a.person_id) ?? a.person_id,
      kind: a.kind as AbsenceKind,
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      note: a.note,
      createdBy: a.created_by,
      createdAt: a.created_at,
      cancelledAt: a.cancelled_at,
    };
  }
}
