/**
 * The duty log: timestamped notes of the watch (a call received, an instruction from above, an
 * action taken), each attached to the shift that covers its time, searchable by any words (a
 * trigram full-text index, so Chinese needs no word splitting; one- and two-character words fall
 * back to LIKE). Every change is audited and synced as a `dutyLog` upsert in its transaction. An
 * entry of a shift whose handover is signed is part of a final record and no longer changes.
 */
import { randomUUID } from 'node:crypto';
import type { DutyLogAddRequest, DutyLogEntry, DutyLogKind, DutyLogListRequest } from '../../../preload/contract/roster-schemas';
import type { Clock } from '../kernel/clock';
import type { Db, Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { RosterService } from '../roster/roster.service';
import { audit, stamp, upsert } from '../roster/records';
import type { HybridLogicalClock } from '../kernel/hlc';
import type { TownService } from '../town/town.service';

export interface DutyLogRecord {
  seq: number;
  id: string;
  shift_id: string | null;
  at: string;
  kind: DutyLogKind;
  text: string;
  author_id: string;
  event_id: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: number;
  hlc: string;
}

/** How far ahead of the clock an entry's time may be (a clock a little off, typing ahead). */
const FUTURE_SLACK_MS = 5 * 60_000;

/** `"term"` for FTS5: quotes doubled, so any text is one literal phrase. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class DutyLogService {
  constructor(
    private readonly db: Db,
    private readonly town: TownService,
    private readonly roster: RosterService,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
  ) {}

  private async locked(sql: Sql, shiftId: string | null): Promise<boolean> {
    if (!shiftId) return false;
    const row = await sql.get<{ signed_at: string | null }>(`SELECT signed_at FROM handover WHERE shift_id = ?`, [shiftId]);
    return !!row?.signed_at;
  }

  private shiftOf(at: string): string | null {
    return this.roster.duty.shiftAt(Date.parse(at))?.id ?? null;
  }

  private payload(r: DutyLogRecord): Record<string, unknown> {
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

  private checkTime(at: string): string {
    const iso = new Date(at).toISOString();
    if (Date.parse(iso) > this.clock.now().getTime() + FUTURE_SLACK_MS) refuse('invalid', 'a duty-log entry cannot be in the future', { field: 'at' });
    return iso;
  }

  async add(actor: Actor, req: DutyLogAddRequest): Promise<DutyLogEntry> {
    this.roster.permit(actor, 'writeDutyLog');
    const now = this.clock.now().toISOString();
    const at = req.at ? this.checkTime(req.at) : now;
    const id = randomUUID();
    const shiftId = this.shiftOf(at);
    await this.db.write(async (sql) => {
      if (req.eventId && !(await sql.get(`SELECT id FROM event WHERE id = ?`, [req.eventId]))) refuse('not_found', `no event ${req.eventId}`, { id: req.eventId });
      if (await this.locked(sql, shiftId)) refuse('handover_signed', 'that shift has been handed over; its duty log is final', { shiftId: shiftId! });
      const s = stamp(this.hlc, 0);
      const record: Omit<DutyLogRecord, 'seq'> = {
        id, shift_id: shiftId, at, kind: req.kind, text: req.text, author_id: actor.id, event_id: req.eventId ?? null,
        created_at: now, updated_at: now, deleted_at: null, ...s,
      };
      await sql.run(
        `INSERT INTO duty_log (id, shift_id, at, kind, text, author_id, event_id, created_at, updated_at, deleted_at, version, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
        [record.id, record.shift_id, record.at, record.kind, record.text, record.author_id, record.event_id, record.created_at, record.updated_at, null, record.version, record.hlc],
      );
      await upsert(sql, 'dutyLog', id, s.version, s.hlc, this.payload({ ...record, seq: 0 }), now);
      await audit(sql, now, actor.id, 'dutyLog.add', 'dutyLog', id, { kind: req.kind, at, shiftId });
    });
    this.roster.announce(['dutyLog']);
    return this.get(id);
  }

  async edit(actor: Actor, req: { entryId: string; kind?: DutyLogKind; text?: string; at?: string }): Promise<DutyLogEntry> {
    this.roster.permit(actor, 'writeDutyLog');
    const now = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const row = await this.load(sql, req.entryId);
      if (row.author_id !== actor.id && !actor.roles.includes('leader')) refuse('forbidden', 'only the author or a duty leader may change an entry', { permission: 'writeDutyLog' });
      const at = req.at ? this.checkTime(req.at) : row.at;
      const shiftId = req.at ? this.shiftOf(at) : row.shift_id;
      if ((await this.locked(sql, row.shift_id)) || (await this.locked(sql, shiftId))) refuse('handover_signed', 'that shift has been handed over; its duty log is final', { shiftId: row.shift_id ?? '' });
      const s = stamp(this.hlc, row.version);
      const next: DutyLogRecord = { ...row, kind: req.kind ?? row.kind, text: req.text ?? row.text, at, shift_id: shiftId, updated_at: now, ...s };
      await sql.run(`UPDATE duty_log SET kind = ?, text = ?, at = ?, shift_id = ?, updated_at = ?, version = ?, hlc = ? WHERE id = ?`, [
        next.kind, next.text, next.at, next.shift_id, now, next.version, next.hlc, row.id,
      ]);
      await upsert(sql, 'dutyLog', row.id, s.version, s.hlc, this.payload(next), now);
      await audit(sql, now, actor.id, 'dutyLog.edit', 'dutyLog', row.id, { before: { kind: row.kind, text: row.text, at: row.at }, after: { kind: next.kind, text: next.text, at: next.at } });
    });
    this.roster.announce(['dutyLog']);
    return this.get(req.entryId);
  }

  /** Deletes an entry (kept, marked deleted, so the record of the watch shows it was there). */
  async remove(actor: Actor, entryId: string): Promise<void> {
    this.roster.permit(actor, 'writeDutyLog');
    const now = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const row = await this.load(sql, entryId);
      if (row.author_id !== actor.id && !actor.roles.includes('leader')) refuse('forbidden', 'only the author or a duty leader may delete an entry', { permission: 'writeDutyLog' });
      if (await this.locked(sql, row.shift_id)) refuse('handover_signed', 'that shift has been handed over; its duty log is final', { shiftId: row.shift_id ?? '' });
      const s = stamp(this.hlc, row.version);
      await sql.run(`UPDATE duty_log SET deleted_at = ?, updated_at = ?, version = ?, hlc = ? WHERE id = ?`, [now, now, s.version, s.hlc, row.id]);
      await upsert(sql, 'dutyLog', row.id, s.version, s.hlc, this.payload({ ...row, deleted_at: now, updated_at: now, ...s }), now);
      await audit(sql, now, actor.id, 'dutyLog.delete', 'dutyLog', row.id, { text: row.text });
    });
    this.roster.announce(['dutyLog']);
  }

  private async load(sql: Sql, id: string): Promise<DutyLogRecord> {
    const row = await sql.get<DutyLogRecord>(`SELECT * FROM duty_log WHERE id = ? AND deleted_at IS NULL`, [id]);
    if (!row) refuse('not_found', `no duty-log entry ${id}`, { id });
    return row;
  }

  async get(id: string): Promise<DutyLogEntry> {
    return this.db.read(async (sql) => {
      const row = await this.load(sql, id);
      return (await this.views(sql, [row]))[0]!;
    });
  }

  async list(actor: Actor, req: DutyLogListRequest): Promise<{ entries: DutyLogEntry[]; total: number }> {
    this.roster.permit(actor, 'read');
    const where = ['d.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (req.shiftId) {
      where.push('d.shift_id = ?');
      params.push(req.shiftId);
    }
    if (req.from) {
      where.push('d.at >= ?');
      params.push(new Date(req.from).toISOString());
    }
    if (req.to) {
      where.push('d.at < ?');
      params.push(new Date(req.to).toISOString());
    }
    if (req.kinds?.length) {
      where.push(`d.kind IN (${req.kinds.map(() => '?').join(',')})`);
      params.push(...req.kinds);
    }
    const terms = (req.q ?? '').split(/\s+/).filter(Boolean);
    const long = terms.filter((t) => [...t].length >= 3);
    for (const t of terms.filter((x) => [...x].length < 3)) {
      where.push(`d.text LIKE ? ESCAPE '\\'`);
      params.push(likePattern(t));
    }
    if (long.length) {
      where.push(`d.seq IN (SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH ?)`);
      params.push(long.map(ftsPhrase).join(' AND '));
    }
    const clause = where.join(' AND ');
    return this.db.read(async (sql) => {
      const rows = await sql.all<DutyLogRecord>(`SELECT d.* FROM duty_log d WHERE ${clause} ORDER BY d.at DESC, d.seq DESC LIMIT ?`, [...params, req.limit ?? 200]);
      const total = (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM duty_log d WHERE ${clause}`, params))!.n;
      return { entries: await this.views(sql, rows), total };
    });
  }

  /** The shift's entries, oldest first (for its handover). */
  entriesOfShift(sql: Sql, shiftId: string): Promise<DutyLogRecord[]> {
    return sql.all<DutyLogRecord>(`SELECT * FROM duty_log WHERE shift_id = ? AND deleted_at IS NULL ORDER BY at, seq`, [shiftId]);
  }

  private async views(sql: Sql, rows: DutyLogRecord[]): Promise<DutyLogEntry[]> {
    const signed = new Set(
      (await sql.all<{ shift_id: string }>(`SELECT shift_id FROM handover WHERE signed_at IS NOT NULL AND shift_id IN (${rows.map(() => '?').join(',') || "''"})`, rows.map((r) => r.shift_id))).map(
        (r) => r.shift_id,
      ),
    );
    const eventIds = [...new Set(rows.map((r) => r.event_id).filter((x): x is string => x !== null))];
    const titles = new Map(
      eventIds.length
        ? (await sql.all<{ id: string; title: string }>(`SELECT id, title FROM event WHERE id IN (${eventIds.map(() => '?').join(',')})`, eventIds)).map((e) => [e.id, e.title])
        : [],
    );
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
