/**
 * The duty log: timestamped notes of the watch (a call received, an instruction from above, an
 * action taken), each attached to the shift that covers its time, searchable by any words (a
 * trigram full-text index, so Chinese needs no word splitting; one- and two-character words fall
 * back to LIKE). Every change is a kernel command, audited and synced as a `dutyLog` upsert in its
 * transaction. An entry of a shift whose handover is signed is part of a final record and no longer
 * changes.
 */
import type { DutyLogAddRequest, DutyLogEntry, DutyLogKind, DutyLogListRequest } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, type Kernel, type Tx, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import { applyRemoteDutyLog } from './duty-log-remote';
import { DutyLogRepository, type DutyLogRecord } from './duty-log.repository';

export type { DutyLogRecord } from './duty-log.repository';

/** The roster's shifts as the duty log needs them (RosterService satisfies it; wired in app-core.ts). */
export interface DutyLogShifts {
  /** The roster as committed now (replaced after every roster change). */
  readonly duty: {
    shiftAt(ms: number): { readonly id: string } | null;
    readonly byId: ReadonlyMap<string, { readonly name: string; readonly date: string }>;
  };
}

/** Which shifts' handovers are signed, read in the caller's transaction (HandoverService satisfies it). */
export interface SignedShifts {
  signedShifts(sql: Sql, shiftIds: readonly (string | null)[]): Promise<Set<string>>;
}

/** What the duty log needs of the town (TownService satisfies it). */
export interface DutyLogTown {
  readonly people: ReadonlyMap<string, { readonly name: string }>;
}

/** How far ahead of the clock an entry's time may be (a clock a little off, typing ahead). */
const FUTURE_SLACK_MS = 5 * 60_000;

const FINAL = 'that shift has been handed over; its duty log is final';

export class DutyLogService {
  private readonly repo = new DutyLogRepository();

  constructor(
    private readonly kernel: Kernel,
    private readonly town: DutyLogTown,
    private readonly roster: DutyLogShifts,
    private readonly handovers: SignedShifts,
  ) {}

  private async locked(sql: Sql, shiftId: string | null): Promise<boolean> {
    if (!shiftId) return false;
    return (await this.handovers.signedShifts(sql, [shiftId])).has(shiftId);
  }

  private shiftOf(at: string): string | null {
    return this.roster.duty.shiftAt(Date.parse(at))?.id ?? null;
  }

  private payload(r: Omit<DutyLogRecord, 'seq'>): Record<string, unknown> {
    return {
      shiftId: r.shift_id,
      at: r.at,
      kind: r.kind,
      text: r.text,
      authorId: r.author_id,
      eventId: r.event_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deleted: r.deleted_at !== null,
    };
  }

  /** Writes the entry's upsert op (its new version and HLC already stamped). */
  private upsert(tx: Tx, r: Omit<DutyLogRecord, 'seq'>): Promise<void> {
    return tx.outbox({ entity: 'dutyLog', entityId: r.id, kind: 'upsert', baseVersion: r.version - 1, payload: this.payload(r), hlc: r.hlc, at: tx.at });
  }

  private stamp(version: number): { version: number; hlc: string } {
    return { version: version + 1, hlc: this.kernel.hlc.now() };
  }

  private checkTime(at: string): string {
    const iso = new Date(at).toISOString();
    if (Date.parse(iso) > this.kernel.clock.now().getTime() + FUTURE_SLACK_MS) refuse('invalid', 'a duty-log entry cannot be in the future', { field: 'at' });
    return iso;
  }

  private mayChange(actor: Actor, row: DutyLogRecord, what: 'change' | 'delete'): void {
    if (row.author_id !== actor.id && !actor.roles.includes('leader')) refuse('forbidden', `only the author or a duty leader may ${what} an entry`, { permission: 'writeDutyLog' });
  }

  async add(actor: Actor, req: DutyLogAddRequest): Promise<DutyLogEntry> {
    permit(actor, 'writeDutyLog');
    const id = await this.kernel.run({ name: 'dutyLog.add', actor, permission: 'writeDutyLog' }, async (tx) => {
      const { sql } = tx;
      const at = req.at ? this.checkTime(req.at) : tx.at;
      const shiftId = this.shiftOf(at);
      if (req.eventId && !(await this.repo.eventExists(sql, req.eventId))) refuse('not_found', `no event ${req.eventId}`, { id: req.eventId });
      if (await this.locked(sql, shiftId)) refuse('handover_signed', FINAL, { shiftId: shiftId! });
      const record: Omit<DutyLogRecord, 'seq'> = {
        id: newId(),
        shift_id: shiftId,
        at,
        kind: req.kind,
        text: req.text,
        author_id: actor.id,
        event_id: req.eventId ?? null,
        created_at: tx.at,
        updated_at: tx.at,
        deleted_at: null,
        ...this.stamp(0),
      };
      await this.repo.insert(sql, record);
      await this.upsert(tx, record);
      await tx.audit('dutyLog.add', 'dutyLog', record.id, { kind: req.kind, at, shiftId });
      tx.emit({ topic: 'roster', parts: ['dutyLog'] });
      return record.id;
    });
    return this.get(id);
  }

  async edit(actor: Actor, req: { entryId: string; kind?: DutyLogKind; text?: string; at?: string }): Promise<DutyLogEntry> {
    permit(actor, 'writeDutyLog');
    await this.kernel.run({ name: 'dutyLog.edit', actor, permission: 'writeDutyLog' }, async (tx) => {
      const { sql } = tx;
      const row = await this.load(sql, req.entryId);
      this.mayChange(actor, row, 'change');
      const at = req.at ? this.checkTime(req.at) : row.at;
      const shiftId = req.at ? this.shiftOf(at) : row.shift_id;
      if ((await this.locked(sql, row.shift_id)) || (await this.locked(sql, shiftId))) refuse('handover_signed', FINAL, { shiftId: row.shift_id ?? '' });
      const next: DutyLogRecord = { ...row, kind: req.kind ?? row.kind, text: req.text ?? row.text, at, shift_id: shiftId, updated_at: tx.at, ...this.stamp(row.version) };
      await this.repo.update(sql, next);
      await this.upsert(tx, next);
      await tx.audit('dutyLog.edit', 'dutyLog', row.id, { before: { kind: row.kind, text: row.text, at: row.at }, after: { kind: next.kind, text: next.text, at: next.at } });
      tx.emit({ topic: 'roster', parts: ['dutyLog'] });
    });
    return this.get(req.entryId);
  }

  /** Deletes an entry (kept, marked deleted, so the record of the watch shows it was there). */
  async remove(actor: Actor, entryId: string): Promise<void> {
    permit(actor, 'writeDutyLog');
    await this.kernel.run({ name: 'dutyLog.delete', actor, permission: 'writeDutyLog' }, async (tx) => {
      const { sql } = tx;
      const row = await this.load(sql, entryId);
      this.mayChange(actor, row, 'delete');
      if (await this.locked(sql, row.shift_id)) refuse('handover_signed', FINAL, { shiftId: row.shift_id ?? '' });
      const s = this.stamp(row.version);
      await this.repo.markDeleted(sql, row.id, tx.at, s.version, s.hlc);
      await this.upsert(tx, { ...row, deleted_at: tx.at, updated_at: tx.at, ...s });
      await tx.audit('dutyLog.delete', 'dutyLog', row.id, { text: row.text });
      tx.emit({ topic: 'roster', parts: ['dutyLog'] });
    });
  }

  private async load(sql: Sql, id: string): Promise<DutyLogRecord> {
    const row = await this.repo.live(sql, id);
    if (!row) refuse('not_found', `no duty-log entry ${id}`, { id });
    return row;
  }

  async get(id: string): Promise<DutyLogEntry> {
    return this.kernel.read(async (sql) => {
      const row = await this.load(sql, id);
      return (await this.views(sql, [row]))[0]!;
    });
  }

  async list(actor: Actor, req: DutyLogListRequest): Promise<{ entries: DutyLogEntry[]; total: number }> {
    permit(actor, 'read');
    const filter = {
      shiftId: req.shiftId,
      fromIso: req.from ? new Date(req.from).toISOString() : undefined,
      toIso: req.to ? new Date(req.to).toISOString() : undefined,
      kinds: req.kinds,
      q: req.q,
    };
    return this.kernel.read(async (sql) => {
      const { rows, total } = await this.repo.search(sql, filter, req.limit ?? 200);
      return { entries: await this.views(sql, rows), total };
    });
  }

  /**
   * The `dutyLog` sink of the sync worker: an entry written on another console of the town (or by the
   * district), in the page's transaction; the newest HLC wins it whole (duty-log-remote.ts).
   */
  applyRemote(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    return applyRemoteDutyLog(this.repo, this.kernel.hlc, sql, entityId, payload, hlc, at);
  }

  /** The shift's entries, oldest first (for its handover). */
  entriesOfShift(sql: Sql, shiftId: string): Promise<DutyLogRecord[]> {
    return this.repo.ofShift(sql, shiftId);
  }

  private async views(sql: Sql, rows: DutyLogRecord[]): Promise<DutyLogEntry[]> {
    const signed = await this.handovers.signedShifts(
      sql,
      rows.map((r) => r.shift_id),
    );
    const titles = await this.repo.eventTitles(sql, [...new Set(rows.map((r) => r.event_id).filter((x): x is string => x !== null))]);
    return rows.map((r) => {
      const shift = r.shift_id ? this.roster.duty.byId.get(r.shift_id) : undefined;
      return {
        id: r.id,
        shiftId: r.shift_id,
        shiftName: shift?.name ?? null,
        shiftDate: shift?.date ?? null,
        at: r.at,
        kind: r.kind,
        text: r.text,
        authorId: r.author_id,
        authorName: this.town.people.get(r.author_id)?.name ?? r.author_id,
        eventId: r.event_id,
        eventTitle: r.event_id ? (titles.get(r.event_id) ?? null) : null,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        editable: !(r.shift_id && signed.has(r.shift_id)),
      };
    });
  }
}
