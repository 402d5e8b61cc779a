/**
 * The handover's checklist, generated from the live state — overdue and open events, returns and
 * escalations waiting on the district, active plans (a hook the plans module fills), open alarms,
 * the shift's duty log — plus the centre's fixed checks; and the command that generates it (or
 * refreshes an unsigned one, keeping what people confirmed and noted).
 */
import type { HandoverItemKind, HandoverStats } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { SYSTEM, type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import type { HandoverContext, HandoverShift } from './handover-context';
import type { HandoverRecord } from './handover.repository';

interface ItemDraft {
  kind: HandoverItemKind;
  refId: string | null;
  title: string;
  detail: Record<string, string>;
}

const KIND_ORDER: Record<HandoverItemKind, number> = {
  overdue_event: 0,
  waiting_district: 1,
  open_event: 2,
  plan: 3,
  alarm: 4,
  duty_log: 5,
  check: 6,
  note: 7,
};

export class HandoverDraft {
  constructor(private readonly ctx: HandoverContext) {}

  /** The checklist from the live state now. */
  private async draftItems(sql: Sql, shift: HandoverShift, at: string): Promise<{ items: ItemDraft[]; stats: HandoverStats }> {
    const { repo, town } = this.ctx;
    const items: ItemDraft[] = [];
    let overdue = 0;
    let waiting = 0;
    const events = await repo.openEvents(sql);
    for (const e of events) {
      const detail: Record<string, string> = { state: e.state, level: e.level, reportedAt: e.reported_at };
      if (e.due_at) detail.dueAt = e.due_at;
      if (e.due_kind) detail.dueKind = e.due_kind;
      if (e.carried_over) detail.carriedOver = e.carry_over_note ?? 'true';
      if (e.lead_post_id) detail.leadPostName = town.posts.get(e.lead_post_id)?.name ?? e.lead_post_id;
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
    for (const p of await this.ctx.planSource(sql, at)) items.push({ kind: 'plan', refId: p.id, title: p.title, detail: { ...p.detail } });
    for (const a of await repo.openAlarms(sql)) {
      const detail = JSON.parse(a.message) as Record<string, string>;
      items.push({
        kind: 'alarm',
        refId: a.id,
        title: a.title ?? detail.postName ?? a.kind,
        detail: { ...detail, alarmKind: a.kind, raisedAt: a.raised_at, ...(a.event_id ? { eventId: a.event_id } : {}) },
      });
    }
    const log = await this.ctx.log.entriesOfShift(sql, shift.id);
    for (const l of log) {
      items.push({ kind: 'duty_log', refId: l.id, title: l.text, detail: { logKind: l.kind, at: l.at, author: this.ctx.name(l.author_id) ?? l.author_id } });
    }
    for (const c of this.ctx.roster.settings().fixedChecks) items.push({ kind: 'check', refId: c.code, title: c.label, detail: {} });
    const from = new Date(shift.startMs).toISOString();
    const to = new Date(Math.min(shift.endMs, Date.parse(at))).toISOString();
    // 挂账 counted apart (issue #15), as 考核评价 counts it (heldNow): out of 未办结 (a held event is never overdue).
    const held = this.ctx.heldSource ? await this.ctx.heldSource(sql) : events.filter((e) => e.carried_over === 1).length;
    const stats: HandoverStats = {
      reported: await repo.countBetween(sql, 'reported_at', from, to),
      closed: await repo.countBetween(sql, 'closed_at', from, to),
      open: Math.max(0, events.length - held),
      overdue,
      held,
      waitingDistrict: waiting,
      dutyLog: log.length,
    };
    return { items: items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]), stats };
  }

  /**
   * Generates the handover out of a shift (default: the current one) from the live state, or
   * refreshes an unsigned one: items still there keep their confirmations and notes, items no
   * longer there go, new ones come; notes added by hand stay. Resolves to the handover's id.
   */
  async generate(actor: Actor, shiftId?: string): Promise<string> {
    permit(actor, 'handover');
    const { repo } = this.ctx;
    const duty = this.ctx.roster.duty;
    const nowMs = this.ctx.kernel.clock.now().getTime();
    const shift = shiftId ? this.ctx.shiftOf(shiftId) : duty.shiftAt(nowMs);
    if (!shift) refuse('not_found', 'no rostered shift covers this time: generate the month’s roster first', { at: new Date(nowMs).toISOString() });
    if (shift.startMs > nowMs) refuse('invalid', 'a shift that has not started cannot be handed over yet', { field: 'shiftId', value: shift.id });
    const next = duty.nextOf(shift);
    return this.ctx.run('handover.generate', actor, async (tx) => {
      const { sql, at } = tx;
      const existing = await repo.byShift(sql, shift.id);
      if (existing) this.ctx.refuseIfFrozen(existing);
      const { items, stats } = await this.draftItems(sql, shift, at);
      const handover: HandoverRecord = existing
        ? { ...existing, next_shift_id: next?.id ?? null, refreshed_at: at, stats: JSON.stringify(stats) }
        : {
            id: newId(),
            shift_id: shift.id,
            next_shift_id: next?.id ?? null,
            generated_at: at,
            generated_by: actor.id === SYSTEM.id ? null : actor.id,
            refreshed_at: at,
            stats: JSON.stringify(stats),
            outgoing_person_id: null,
            outgoing_signed_at: null,
            incoming_person_id: null,
            incoming_signed_at: null,
            signed_at: null,
            content_hash: null,
            version: 0,
            hlc: '',
          };
      if (!existing) await repo.insert(sql, handover);
      const old = existing ? await repo.items(sql, handover.id) : [];
      const byRef = new Map(old.filter((i) => i.kind !== 'note').map((i) => [`${i.kind}:${i.ref_id}`, i]));
      let sort = 0;
      for (const d of items) {
        const keep = byRef.get(`${d.kind}:${d.refId}`);
        if (keep) {
          byRef.delete(`${d.kind}:${d.refId}`);
          await repo.updateItem(sql, { ...keep, title: d.title, detail: JSON.stringify(d.detail), sort: sort++ });
        } else {
          await repo.insertItem(sql, {
            id: newId(),
            handover_id: handover.id,
            kind: d.kind,
            ref_id: d.refId,
            title: d.title,
            detail: JSON.stringify(d.detail),
            sort: sort++,
            confirmed_by: null,
            confirmed_at: null,
            note: null,
            noted_by: null,
            noted_at: null,
          });
        }
      }
      for (const gone of byRef.values()) await repo.deleteItem(sql, gone.id);
      for (const note of old.filter((i) => i.kind === 'note')) await repo.updateItem(sql, { ...note, sort: sort++ });
      await this.ctx.save(tx, handover);
      await tx.audit(existing ? 'handover.refresh' : 'handover.generate', 'handover', handover.id, { shiftId: shift.id, items: items.length });
      return handover.id;
    });
  }
}
