/**
 * The shift handover: at the boundary the outgoing shift's checklist is generated from the live
 * state — overdue and open events, returns and escalations waiting on the district, active plans
 * (a hook the plans module fills), open alarms, the shift's duty log — plus the centre's fixed
 * checks. Each item is confirmed or annotated; then both officers sign by re-entering their
 * password (outgoing from the shift, incoming from the next). From the first signature the content
 * is frozen; at the second the handover is final (the service refuses, and database triggers
 * enforce it), is synced as a signed `handover` upsert, and an online backup is taken.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Role } from '../../../preload/contract/schemas';
import type {
  FileResponse,
  Handover,
  HandoverCurrent,
  HandoverItem,
  HandoverStats,
  HandoverItemKind,
  HandoverStatus,
  HandoverSummary,
  ShiftRef,
} from '../../../preload/contract/roster-schemas';
import { verifyPassword } from '../auth/passwords';
import type { Clock } from '../kernel/clock';
import type { Db, Sql } from '../db/db';
import type { DutyLogService } from '../duty-log/duty-log.service';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { IndexedShift } from '../roster/duty-index';
import { audit, stamp, upsert } from '../roster/records';
import type { RosterService } from '../roster/roster.service';
import type { HybridLogicalClock } from '../kernel/hlc';
import type { TownService } from '../town/town.service';
import { renderHandoverPdf } from './handover-pdf';
import { HandoverRepository, type HandoverItemRecord, type HandoverRecord } from './handover.repository';

/** A running contingency plan as a handover item; the plans module provides them. */
export interface ActivePlan {
  readonly id: string;
  readonly title: string;
  readonly detail: Readonly<Record<string, string>>;
}
export type ActivePlanSource = (sql: Sql, at: string) => Promise<readonly ActivePlan[]>;

/** Takes the online backup at a signed handover; resolves to the file written. */
export type HandoverBackup = (actorId: string) => Promise<{ name: string; bytes: number }>;

type Stats = HandoverStats;

interface ItemDraft {
  kind: HandoverItemKind;
  refId: string | null;
  title: string;
  detail: Record<string, string>;
}

/** The roles whose people sign a handover (the duty leader and the duty officers of the shift). */
const SIGNING_ROLES = ['leader', 'officer'] as const;

const KIND_ORDER: Record<HandoverItemKind, number> = {
  overdue_event: 0, waiting_district: 1, open_event: 2, plan: 3, alarm: 4, duty_log: 5, check: 6, note: 7,
};

export class HandoverService {
  private readonly repo = new HandoverRepository();
  private planSource: ActivePlanSource = async () => [];

  constructor(
    private readonly db: Db,
    private readonly town: TownService,
    private readonly roster: RosterService,
    private readonly dutyLog: DutyLogService,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly fontFile: string,
    private readonly backup: HandoverBackup | null,
  ) {}

  /** The plans module registers where active plans come from. */
  setPlanSource(source: ActivePlanSource): void {
    this.planSource = source;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private shiftRef(s: IndexedShift): ShiftRef {
    return { id: s.id, name: s.name, date: s.date, startsAt: new Date(s.startMs).toISOString(), endsAt: new Date(s.endMs).toISOString() };
  }

  private status(h: HandoverRecord): HandoverStatus {
    if (h.signed_at) return 'signed';
    return h.outgoing_signed_at || h.incoming_signed_at ? 'signing' : 'draft';
  }

  private name(id: string | null): string | null {
    return id ? (this.town.people.get(id)?.name ?? id) : null;
  }

  private async load(sql: Sql, id: string): Promise<HandoverRecord> {
    const h = await this.repo.byId(sql, id);
    if (!h) refuse('not_found', `no handover ${id}`, { id });
    return h;
  }

  private refuseIfFrozen(h: HandoverRecord): void {
    if (h.signed_at) refuse('handover_signed', 'this handover is signed and can no longer change', { handoverId: h.id });
    if (h.outgoing_signed_at || h.incoming_signed_at) refuse('handover_signed', 'signing has begun: the handover’s content is frozen', { handoverId: h.id });
  }

  private shiftOf(id: string): IndexedShift {
    const s = this.roster.duty.byId.get(id);
    if (!s) refuse('not_found', `no shift ${id}`, { id });
    return s;
  }

  /** The checklist from the live state now. */
  private async draftItems(sql: Sql, shift: IndexedShift, at: string): Promise<{ items: ItemDraft[]; stats: Stats }> {
    const items: ItemDraft[] = [];
    let overdue = 0;
    let waiting = 0;
    const events = await this.repo.openEvents(sql);
    for (const e of events) {
      const detail: Record<string, string> = { state: e.state, level: e.level, reportedAt: e.reported_at };
      if (e.due_at) detail.dueAt = e.due_at;
      if (e.due_kind) detail.dueKind = e.due_kind;
      if (e.carried_over) detail.carriedOver = e.carry_over_note ?? 'true';
      if (e.lead_post_id) detail.leadPostName = this.town.posts.get(e.lead_post_id)?.name ?? e.lead_post_id;
      if (e.pending_return) detail.pendingReturn = 'true';
      let kind: HandoverItemKind;
      if (e.state === 'returned' || e.state === 'escalated') {
        kind = 'waiting_district';
        waiting += 1;
      } else if (e.due_at && e.due_at <= at) {
        kind = 'overdue_event';
        overdue += 1;
      } else {
        kind = 'open_event';
      }
      items.push({ kind, refId: e.id, title: e.title, detail });
    }
    for (const p of await this.planSource(sql, at)) items.push({ kind: 'plan', refId: p.id, title: p.title, detail: { ...p.detail } });
    for (const a of await this.repo.openAlarms(sql)) {
      const detail = JSON.parse(a.message) as Record<string, string>;
      items.push({ kind: 'alarm', refId: a.id, title: a.title ?? detail.postName ?? a.kind, detail: { ...detail, alarmKind: a.kind, raisedAt: a.raised_at, ...(a.event_id ? { eventId: a.event_id } : {}) } });
    }
    const log = await this.dutyLog.entriesOfShift(sql, shift.id);
    for (const l of log) {
      items.push({ kind: 'duty_log', refId: l.id, title: l.text, detail: { logKind: l.kind, at: l.at, author: this.name(l.author_id) ?? l.author_id } });
    }
    for (const c of this.roster.settings().fixedChecks) items.push({ kind: 'check', refId: c.code, title: c.label, detail: {} });
    const from = new Date(shift.startMs).toISOString();
    const to = new Date(Math.min(shift.endMs, Date.parse(at))).toISOString();
    const stats: Stats = {
      reported: await this.repo.countBetween(sql, 'reported_at', from, to),
      closed: await this.repo.countBetween(sql, 'closed_at', from, to),
      open: events.length,
      overdue,
      waitingDistrict: waiting,
      dutyLog: log.length,
    };
    return { items: items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]), stats };
  }

  private payload(h: HandoverRecord, items: readonly HandoverItemRecord[]): Record<string, unknown> {
    const payload: Record<string, unknown> = {
      shiftId: h.shift_id,
      nextShiftId: h.next_shift_id,
      centreName: this.town.town.centreName,
      generatedAt: h.generated_at,
      generatedBy: h.generated_by,
      refreshedAt: h.refreshed_at,
      stats: JSON.parse(h.stats) as unknown,
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind,
        refId: i.ref_id,
        title: i.title,
        detail: JSON.parse(i.detail) as unknown,
        confirmedBy: i.confirmed_by,
        confirmedAt: i.confirmed_at,
        note: i.note,
        notedBy: i.noted_by,
        notedAt: i.noted_at,
      })),
      outgoing: h.outgoing_person_id ? { personId: h.outgoing_person_id, signedAt: h.outgoing_signed_at } : null,
      incoming: h.incoming_person_id ? { personId: h.incoming_person_id, signedAt: h.incoming_signed_at } : null,
      contentHash: h.content_hash,
    };
    // PROTOCOL.md: a handover whose payload has `signedAt` is signed, and final.
    if (h.signed_at) payload.signedAt = h.signed_at;
    return payload;
  }

  /** Stamps the handover's next version, writes it and its upsert. */
  private async save(sql: Sql, h: HandoverRecord, at: string, isNew = false): Promise<HandoverRecord> {
    const next = { ...h, ...stamp(this.hlc, h.version) };
    if (isNew) await this.repo.insert(sql, next);
    else await this.repo.update(sql, next);
    await upsert(sql, 'handover', next.id, next.version, next.hlc, this.payload(next, await this.repo.items(sql, next.id)), at);
    return next;
  }

  private itemView(i: HandoverItemRecord): HandoverItem {
    return {
      id: i.id,
      kind: i.kind,
      refId: i.ref_id,
      title: i.title,
      detail: JSON.parse(i.detail) as Record<string, string>,
      confirmed: i.confirmed_at !== null,
      confirmedBy: i.confirmed_by,
      confirmedByName: this.name(i.confirmed_by),
      confirmedAt: i.confirmed_at,
      note: i.note,
      notedBy: i.noted_by,
      notedByName: this.name(i.noted_by),
      notedAt: i.noted_at,
    };
  }

  private async view(sql: Sql, h: HandoverRecord): Promise<Handover> {
    const items = (await this.repo.items(sql, h.id)).map((i) => this.itemView(i));
    const shift = this.roster.duty.byId.get(h.shift_id);
    const next = h.next_shift_id ? this.roster.duty.byId.get(h.next_shift_id) : undefined;
    const signature = (personId: string | null, signedAt: string | null) =>
      personId && signedAt ? { personId, name: this.name(personId) ?? personId, signedAt } : null;
    return {
      id: h.id,
      shift: shift ? this.shiftRef(shift) : { id: h.shift_id, name: '', date: '', startsAt: '', endsAt: '' },
      nextShift: next ? this.shiftRef(next) : null,
      status: this.status(h),
      generatedAt: h.generated_at,
      generatedBy: h.generated_by,
      refreshedAt: h.refreshed_at,
      items,
      pendingItems: items.filter((i) => !i.confirmed && !i.note).length,
      stats: JSON.parse(h.stats) as Stats,
      outgoing: signature(h.outgoing_person_id, h.outgoing_signed_at),
      incoming: signature(h.incoming_person_id, h.incoming_signed_at),
      signedAt: h.signed_at,
      contentHash: h.content_hash,
      version: h.version,
    };
  }

  private summary(h: HandoverRecord, pending: number): HandoverSummary {
    const shift = this.roster.duty.byId.get(h.shift_id);
    return {
      id: h.id,
      shift: shift ? this.shiftRef(shift) : { id: h.shift_id, name: '', date: '', startsAt: '', endsAt: '' },
      status: this.status(h),
      pendingItems: pending,
      outgoingName: this.name(h.outgoing_signed_at ? h.outgoing_person_id : null),
      incomingName: this.name(h.incoming_signed_at ? h.incoming_person_id : null),
      signedAt: h.signed_at,
    };
  }

  private async pendingOf(sql: Sql, id: string): Promise<number> {
    return (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM handover_item WHERE handover_id = ? AND confirmed_at IS NULL AND (note IS NULL OR note = '')`, [id]))!.n;
  }

  // ---- reads ---------------------------------------------------------------------------------

  async get(actor: Actor, id: string): Promise<Handover> {
    this.roster.permit(actor, 'read');
    return this.db.read(async (sql) => this.view(sql, await this.load(sql, id)));
  }

  async list(actor: Actor, month: string | undefined, limit: number): Promise<HandoverSummary[]> {
    this.roster.permit(actor, 'read');
    return this.db.read(async (sql) => {
      const rows = month
        ? await this.repo.byShifts(sql, this.roster.duty.shifts.filter((s) => s.month === month).map((s) => s.id))
        : await this.repo.recent(sql, limit);
      const sorted = rows.sort((a, b) => (this.roster.duty.byId.get(b.shift_id)?.startMs ?? 0) - (this.roster.duty.byId.get(a.shift_id)?.startMs ?? 0)).slice(0, limit);
      const out: HandoverSummary[] = [];
      for (const h of sorted) out.push(this.summary(h, await this.pendingOf(sql, h.id)));
      return out;
    });
  }

  async current(actor: Actor): Promise<HandoverCurrent> {
    this.roster.permit(actor, 'read');
    const now = this.clock.now().getTime();
    const shift = this.roster.duty.shiftAt(now);
    if (!shift) return { shift: null, handover: null, previous: null };
    const prev = this.roster.duty.previousOf(shift);
    return this.db.read(async (sql) => {
      const h = await this.repo.byShift(sql, shift.id);
      const p = prev ? await this.repo.byShift(sql, prev.id) : undefined;
      return {
        shift: this.shiftRef(shift),
        handover: h ? await this.view(sql, h) : null,
        previous: p ? this.summary(p, await this.pendingOf(sql, p.id)) : null,
      };
    });
  }

  /** Status of the handovers out of the given shifts (for the on-duty board and the watch). */
  async statusOf(shiftIds: readonly string[]): Promise<Map<string, { id: string; status: HandoverStatus }>> {
    const rows = await this.db.read((sql) => this.repo.byShifts(sql, shiftIds));
    return new Map(rows.map((h) => [h.shift_id, { id: h.id, status: this.status(h) }]));
  }

  // ---- commands ------------------------------------------------------------------------------

  /**
   * Generates the handover out of a shift (default: the current one) from the live state, or
   * refreshes an unsigned one: items still there keep their confirmations and notes, items no
   * longer there go, new ones come; notes added by hand stay.
   */
  async generate(actor: Actor, shiftId?: string): Promise<Handover> {
    this.roster.permit(actor, 'handover');
    const nowMs = this.clock.now().getTime();
    const at = new Date(nowMs).toISOString();
    const shift = shiftId ? this.shiftOf(shiftId) : this.roster.duty.shiftAt(nowMs);
    if (!shift) refuse('not_found', 'no rostered shift covers this time: generate the month’s roster first', { at });
    if (shift.startMs > nowMs) refuse('invalid', 'a shift that has not started cannot be handed over yet', { field: 'shiftId', value: shift.id });
    const next = this.roster.duty.nextOf(shift);
    const id = await this.db.write(async (sql) => {
      const existing = await this.repo.byShift(sql, shift.id);
      if (existing) this.refuseIfFrozen(existing);
      const { items, stats } = await this.draftItems(sql, shift, at);
      const handover: HandoverRecord = existing
        ? { ...existing, next_shift_id: next?.id ?? null, refreshed_at: at, stats: JSON.stringify(stats) }
        : {
            id: randomUUID(), shift_id: shift.id, next_shift_id: next?.id ?? null, generated_at: at, generated_by: actor.id === 'system' ? null : actor.id,
            refreshed_at: at, stats: JSON.stringify(stats), outgoing_person_id: null, outgoing_signed_at: null, incoming_person_id: null,
            incoming_signed_at: null, signed_at: null, content_hash: null, version: 0, hlc: '',
          };
      if (!existing) await this.repo.insert(sql, handover);
      const old = existing ? await this.repo.items(sql, handover.id) : [];
      const byRef = new Map(old.filter((i) => i.kind !== 'note').map((i) => [`${i.kind}:${i.ref_id}`, i]));
      let sort = 0;
      for (const d of items) {
        const keep = byRef.get(`${d.kind}:${d.refId}`);
        if (keep) {
          byRef.delete(`${d.kind}:${d.refId}`);
          await this.repo.updateItem(sql, { ...keep, title: d.title, detail: JSON.stringify(d.detail), sort: sort++ });
        } else {
          await this.repo.insertItem(sql, {
            id: randomUUID(), handover_id: handover.id, kind: d.kind, ref_id: d.refId, title: d.title, detail: JSON.stringify(d.detail),
            sort: sort++, confirmed_by: null, confirmed_at: null, note: null, noted_by: null, noted_at: null,
          });
        }
      }
      for (const gone of byRef.values()) await this.repo.deleteItem(sql, gone.id);
      for (const note of old.filter((i) => i.kind === 'note')) await this.repo.updateItem(sql, { ...note, sort: sort++ });
      await this.save(sql, handover, at, false);
      await audit(sql, at, actor.id === 'system' ? null : actor.id, existing ? 'handover.refresh' : 'handover.generate', 'handover', handover.id, { shiftId: shift.id, items: items.length });
      return handover.id;
    });
    this.roster.announce(['handover']);
    return this.get(actor, id);
  }

  async confirm(actor: Actor, handoverId: string, itemIds: readonly string[], confirmed: boolean): Promise<Handover> {
    return this.editItems(actor, handoverId, async (sql, h, items, at) => {
      for (const itemId of itemIds) {
        const item = items.get(itemId);
        if (!item) refuse('not_found', `no item ${itemId} in this handover`, { id: itemId });
        await this.repo.updateItem(sql, { ...item, confirmed_by: confirmed ? actor.id : null, confirmed_at: confirmed ? at : null });
      }
      return { action: confirmed ? 'handover.confirm' : 'handover.unconfirm', detail: { itemIds } };
    });
  }

  async annotate(actor: Actor, handoverId: string, itemId: string, note: string): Promise<Handover> {
    return this.editItems(actor, handoverId, async (sql, h, items, at) => {
      const item = items.get(itemId);
      if (!item) refuse('not_found', `no item ${itemId} in this handover`, { id: itemId });
      const text = note.trim();
      if (item.kind === 'note' && !text) refuse('invalid', 'a handed-over note needs its text', { field: 'note' });
      await this.repo.updateItem(sql, { ...item, note: text || null, noted_by: text ? actor.id : null, noted_at: text ? at : null });
      return { action: 'handover.annotate', detail: { itemId, note: text } };
    });
  }

  /** A note handed over by hand ("the caller of event X will ring back at 9"), counted as annotated. */
  async addItem(actor: Actor, handoverId: string, text: string): Promise<Handover> {
    return this.editItems(actor, handoverId, async (sql, h, items, at) => {
      const sort = Math.max(0, ...[...items.values()].map((i) => i.sort)) + 1;
      await this.repo.insertItem(sql, {
        id: randomUUID(), handover_id: h.id, kind: 'note', ref_id: null, title: text, detail: '{}', sort,
        confirmed_by: null, confirmed_at: null, note: text, noted_by: actor.id, noted_at: at,
      });
      return { action: 'handover.addItem', detail: { text } };
    });
  }

  private async editItems(
    actor: Actor,
    handoverId: string,
    fn: (sql: Sql, h: HandoverRecord, items: Map<string, HandoverItemRecord>, at: string) => Promise<{ action: string; detail: Record<string, unknown> }>,
  ): Promise<Handover> {
    this.roster.permit(actor, 'handover');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const h = await this.load(sql, handoverId);
      this.refuseIfFrozen(h);
      const items = new Map((await this.repo.items(sql, h.id)).map((i) => [i.id, i]));
      const { action, detail } = await fn(sql, h, items, at);
      await this.save(sql, h, at);
      await audit(sql, at, actor.id, action, 'handover', h.id, detail);
    });
    this.roster.announce(['handover']);
    return this.get(actor, handoverId);
  }

  /**
   * One officer signs by re-entering their password: the outgoing one must be rostered on the
   * shift, the incoming one on the next (as duty leader or duty officer; anyone of those roles
   * when that shift has nobody in them). Every item must be confirmed or annotated first. The
   * second signature makes the handover final and takes the online backup.
   */
  async sign(actor: Actor, req: { handoverId: string; side: 'outgoing' | 'incoming'; username: string; password: string }): Promise<{ handover: Handover; backup: { name: string; bytes: number } | null; backupError: string | null }> {
    this.roster.permit(actor, 'handover');
    const person = await this.db.read((sql) =>
      sql.get<{ id: string; password_hash: string; roles: string }>(`SELECT id, password_hash, roles FROM person WHERE username = ?`, [req.username]),
    );
    const ok = await verifyPassword(req.password, person?.password_hash ?? 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    const at = this.clock.now().toISOString();
    if (!person || !ok) {
      await this.db.write((sql) => audit(sql, at, actor.id, 'handover.sign_failed', 'handover', req.handoverId, { side: req.side, username: req.username }));
      refuse('bad_credentials', 'wrong username or password');
    }
    let signedNow = false;
    await this.db.write(async (sql) => {
      const h = await this.load(sql, req.handoverId);
      if (h.signed_at) refuse('handover_signed', 'this handover is already signed', { handoverId: h.id });
      const already = req.side === 'outgoing' ? h.outgoing_signed_at : h.incoming_signed_at;
      if (already) refuse('already_decided', `the ${req.side} officer has already signed`);
      const other = req.side === 'outgoing' ? h.incoming_person_id : h.outgoing_person_id;
      if (other === person.id) refuse('same_signer', 'the same person cannot sign for both shifts', { personId: person.id });
      const shift = this.shiftOf(h.shift_id);
      const target = req.side === 'outgoing' ? shift : h.next_shift_id ? this.roster.duty.byId.get(h.next_shift_id) ?? null : this.roster.duty.nextOf(shift);
      this.checkSigner(person.id, person.roles.split(',') as Role[], target, req.side);
      const pending = await this.pendingOf(sql, h.id);
      if (pending > 0) refuse('handover_incomplete', `${pending} item(s) are neither confirmed nor annotated`, { pending });
      const next: HandoverRecord = req.side === 'outgoing' ? { ...h, outgoing_person_id: person.id, outgoing_signed_at: at } : { ...h, incoming_person_id: person.id, incoming_signed_at: at };
      if (next.outgoing_signed_at && next.incoming_signed_at) {
        next.signed_at = at;
        next.content_hash = await this.contentHash(sql, next);
        signedNow = true;
      }
      await this.save(sql, next, at);
      await audit(sql, at, person.id, signedNow ? 'handover.signed' : 'handover.sign', 'handover', h.id, { side: req.side, at, by: actor.id });
    });
    this.roster.announce(['handover']);
    let backup: { name: string; bytes: number } | null = null;
    let backupError: string | null = null;
    if (signedNow && this.backup) {
      try {
        backup = await this.backup(person.id);
      } catch (error) {
        backupError = error instanceof Error ? error.message : String(error);
        console.error('backup at handover failed', error);
      }
    }
    return { handover: await this.get(actor, req.handoverId), backup, backupError };
  }

  private checkSigner(personId: string, roles: readonly Role[], shift: IndexedShift | null, side: 'outgoing' | 'incoming'): void {
    const rostered = shift ? SIGNING_ROLES.flatMap((k) => (shift.slots.get(k) ?? []).filter((x): x is string => x !== null)) : [];
    if (rostered.length > 0) {
      if (!rostered.includes(personId)) {
        refuse('not_on_shift', `${this.name(personId)} is not the duty leader or a duty officer of ${shift!.date} ${shift!.name}`, { personId, side, shiftId: shift!.id });
      }
      return;
    }
    if (!roles.some((r) => r === 'officer' || r === 'leader')) {
      refuse('not_on_shift', `${this.name(personId)} is not a duty officer or leader`, { personId, side, shiftId: shift?.id ?? '' });
    }
  }

  /** SHA-256 of the content both signed: the items as they stand, the stats, the signatures. */
  private async contentHash(sql: Sql, h: HandoverRecord): Promise<string> {
    const items = await this.repo.items(sql, h.id);
    const content = {
      id: h.id,
      shiftId: h.shift_id,
      nextShiftId: h.next_shift_id,
      stats: JSON.parse(h.stats) as unknown,
      items: items.map((i) => [i.kind, i.ref_id, i.title, i.detail, i.confirmed_by, i.confirmed_at, i.note, i.noted_by, i.noted_at]),
      outgoing: [h.outgoing_person_id, h.outgoing_signed_at],
      incoming: [h.incoming_person_id, h.incoming_signed_at],
      signedAt: h.signed_at,
    };
    return createHash('sha256').update(JSON.stringify(content)).digest('hex');
  }

  async pdf(actor: Actor, handoverId: string): Promise<FileResponse> {
    const h = await this.get(actor, handoverId);
    const bytes = await renderHandoverPdf(h, {
      centreName: this.town.town.centreName,
      fontFile: this.fontFile,
      printedAt: this.clock.now().toISOString(),
      postName: (id) => this.town.posts.get(id)?.name ?? null,
    });
    const stamp = h.shift.date.replaceAll('-', '') || 'shift';
    return { fileName: `交接班记录-${stamp}-${h.shift.name || 'shift'}.pdf`, mimeType: 'application/pdf', dataBase64: bytes.toString('base64') };
  }
}
