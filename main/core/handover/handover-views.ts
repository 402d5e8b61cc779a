/**
 * The handover as people read it: one handover with its items and signatures, the list of a month's
 * (or the latest) handovers, the current shift's with the previous one's, the status out of given
 * shifts, and the signed record as PDF.
 */
import type { FileResponse, Handover, HandoverCurrent, HandoverItem, HandoverStats, HandoverStatus, HandoverSummary } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import type { Actor } from '../kernel';
import { refuse } from '../errors';
import { permit } from '../kernel/permissions';
import type { HandoverContext, HandoverShift } from './handover-context';
import { renderHandoverPdf } from './handover-pdf';
import type { HandoverItemRecord, HandoverRecord } from './handover.repository';

export class HandoverViews {
  constructor(
    private readonly ctx: HandoverContext,
    private readonly fontFile: string,
  ) {}

  private itemView(i: HandoverItemRecord): HandoverItem {
    return {
      id: i.id,
      kind: i.kind,
      refId: i.ref_id,
      title: i.title,
      detail: JSON.parse(i.detail) as Record<string, string>,
      confirmed: i.confirmed_at !== null,
      confirmedBy: i.confirmed_by,
      confirmedByName: this.ctx.name(i.confirmed_by),
      confirmedAt: i.confirmed_at,
      note: i.note,
      notedBy: i.noted_by,
      notedByName: this.ctx.name(i.noted_by),
      notedAt: i.noted_at,
    };
  }

  private async view(sql: Sql, h: HandoverRecord): Promise<Handover> {
    const items = (await this.ctx.repo.items(sql, h.id)).map((i) => this.itemView(i));
    const duty = this.ctx.roster.duty;
    const shift = duty.byId.get(h.shift_id);
    const next = h.next_shift_id ? duty.byId.get(h.next_shift_id) : undefined;
    const signature = (personId: string | null, signedAt: string | null) => (personId && signedAt ? { personId, name: this.ctx.name(personId) ?? personId, signedAt } : null);
    return {
      id: h.id,
      shift: shift ? this.ctx.shiftRef(shift) : { id: h.shift_id, name: '', date: '', startsAt: '', endsAt: '' },
      nextShift: next ? this.ctx.shiftRef(next) : null,
      status: this.ctx.status(h),
      generatedAt: h.generated_at,
      generatedBy: h.generated_by,
      refreshedAt: h.refreshed_at,
      items,
      pendingItems: items.filter((i) => !i.confirmed && !i.note).length,
      stats: JSON.parse(h.stats) as HandoverStats,
      outgoing: signature(h.outgoing_person_id, h.outgoing_signed_at),
      incoming: signature(h.incoming_person_id, h.incoming_signed_at),
      signedAt: h.signed_at,
      contentHash: h.content_hash,
      version: h.version,
      signers: { outgoing: this.signerNames(shift ?? null), incoming: this.signerNames(next ?? (shift ? duty.nextOf(shift) : null)) },
    };
  }

  /** Who may sign for a shift: its duty leader and duty officers as rostered (empty when none is). */
  private signerNames(shift: HandoverShift | null): string[] {
    if (!shift) return [];
    const ids = ['leader', 'officer'].flatMap((k) => (shift.slots.get(k) ?? []).filter((x): x is string => x !== null));
    return [...new Set(ids)].map((id) => this.ctx.name(id) ?? id);
  }

  private summary(h: HandoverRecord, pending: number): HandoverSummary {
    const shift = this.ctx.roster.duty.byId.get(h.shift_id);
    return {
      id: h.id,
      shift: shift ? this.ctx.shiftRef(shift) : { id: h.shift_id, name: '', date: '', startsAt: '', endsAt: '' },
      status: this.ctx.status(h),
      pendingItems: pending,
      outgoingName: this.ctx.name(h.outgoing_signed_at ? h.outgoing_person_id : null),
      incomingName: this.ctx.name(h.incoming_signed_at ? h.incoming_person_id : null),
      signedAt: h.signed_at,
    };
  }

  async get(actor: Actor, id: string): Promise<Handover> {
    permit(actor, 'read');
    return this.ctx.kernel.read(async (sql) => this.view(sql, await this.ctx.load(sql, id)));
  }

  async list(actor: Actor, month: string | undefined, limit: number): Promise<HandoverSummary[]> {
    permit(actor, 'read');
    const duty = this.ctx.roster.duty;
    const { repo } = this.ctx;
    return this.ctx.kernel.read(async (sql) => {
      const rows = month
        ? await repo.byShifts(
            sql,
            duty.shifts.filter((s) => s.month === month).map((s) => s.id),
          )
        : await repo.recent(sql, limit);
      const sorted = rows.sort((a, b) => (duty.byId.get(b.shift_id)?.startMs ?? 0) - (duty.byId.get(a.shift_id)?.startMs ?? 0)).slice(0, limit);
      const out: HandoverSummary[] = [];
      for (const h of sorted) out.push(this.summary(h, await repo.pendingItems(sql, h.id)));
      return out;
    });
  }

  /**
   * 历史交接: signed handovers only, the latest signature first — of one month's shifts, or the
   * latest `limit` of all. A month that is not YYYY-MM is refused.
   */
  async history(actor: Actor, month: string | undefined, limit: number): Promise<HandoverSummary[]> {
    permit(actor, 'read');
    if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) refuse('invalid', `not a month (YYYY-MM): ${month}`, { field: 'month' });
    const take = Math.max(1, Math.min(500, Math.floor(limit) || 1));
    const duty = this.ctx.roster.duty;
    const { repo } = this.ctx;
    return this.ctx.kernel.read(async (sql) => {
      const rows = month
        ? await repo.signedOfShifts(
            sql,
            duty.shifts.filter((s) => s.month === month).map((s) => s.id),
            take,
          )
        : await repo.signedRecent(sql, take);
      return rows.map((h) => this.summary(h, 0));
    });
  }

  async current(actor: Actor): Promise<HandoverCurrent> {
    permit(actor, 'read');
    const now = this.ctx.kernel.clock.now().getTime();
    const duty = this.ctx.roster.duty;
    const shift = duty.shiftAt(now);
    if (!shift) return { shift: null, handover: null, previous: null };
    const prev = duty.previousOf(shift);
    const { repo } = this.ctx;
    return this.ctx.kernel.read(async (sql) => {
      const h = await repo.byShift(sql, shift.id);
      const p = prev ? await repo.byShift(sql, prev.id) : undefined;
      return {
        shift: this.ctx.shiftRef(shift),
        handover: h ? await this.view(sql, h) : null,
        previous: p ? this.summary(p, await repo.pendingItems(sql, p.id)) : null,
      };
    });
  }

  /** Status of the handovers out of the given shifts (for the on-duty board and the watch). */
  async statusOf(shiftIds: readonly string[]): Promise<Map<string, { id: string; status: HandoverStatus }>> {
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.byShifts(sql, shiftIds));
    return new Map(rows.map((h) => [h.shift_id, { id: h.id, status: this.ctx.status(h) }]));
  }

  async pdf(actor: Actor, handoverId: string): Promise<FileResponse> {
    const h = await this.get(actor, handoverId);
    const { town } = this.ctx;
    const bytes = await renderHandoverPdf(h, {
      centreName: town.town.centreName,
      fontFile: this.fontFile,
      printedAt: this.ctx.kernel.clock.now().toISOString(),
      postName: (id) => town.posts.get(id)?.name ?? null,
    });
    const stamp = h.shift.date.replaceAll('-', '') || 'shift';
    return { fileName: `交接班记录-${stamp}-${h.shift.name || 'shift'}.pdf`, mimeType: 'application/pdf', dataBase64: bytes.toString('base64') };
  }
}
