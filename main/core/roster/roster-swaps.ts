/**
 * Shift swaps: two people ask to exchange cells (their own, unless a roster manager asks); the
 * leader approves (the two cells exchange people, checked for clashes) or refuses. Each step is one
 * kernel command with its audit row.
 */
import type { Swap, SwapRequest } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { allows, permit } from '../kernel/permissions';
import type { RosterContext } from './roster-context';
import type { SwapRecord } from './swap.repository';
import { roleKey } from './shift-templates';

export class RosterSwaps {
  constructor(private readonly ctx: RosterContext) {}

  async requestSwap(actor: Actor, req: SwapRequest): Promise<Swap> {
    permit(actor, 'requestSwap');
    const now = this.ctx.clock.now().getTime();
    const id = await this.ctx.change({ name: 'roster.swap_requested', actor, permission: 'requestSwap' }, ['swaps'], async (tx) => {
      const a = await this.cell(tx.sql, req.shiftId, req.roleKey, req.slot);
      const b = await this.cell(tx.sql, req.withShiftId, req.withRoleKey, req.withSlot);
      for (const side of [a, b]) {
        if (Date.parse(side.shift.record.starts_at) <= now)
          refuse('shift_ended', `the shift of ${side.shift.record.date} ${side.shift.record.name} has started`, { shiftId: side.shift.record.id });
      }
      if (a.personId === b.personId) refuse('invalid', 'a swap needs two different people', { field: 'withSlot' });
      const manager = allows(actor.roles, 'editRoster');
      if (!manager && actor.id !== a.personId && actor.id !== b.personId) refuse('forbidden', 'you can only ask to swap your own shifts', { permission: 'requestSwap' });
      const record: SwapRecord = {
        id: newId(),
        roster_id: a.shift.record.roster_id,
        a_shift_id: req.shiftId,
        a_role_key: req.roleKey,
        a_slot: req.slot,
        a_person_id: a.personId,
        b_shift_id: req.withShiftId,
        b_role_key: req.withRoleKey,
        b_slot: req.withSlot,
        b_person_id: b.personId,
        reason: req.reason,
        status: 'pending',
        requested_by: actor.id,
        requested_at: tx.at,
        decided_by: null,
        decided_at: null,
        note: null,
      };
      await this.ctx.swapRepo.insertSwap(tx.sql, record);
      await tx.audit('roster.swap_requested', 'roster_swap', record.id, { ...req });
      return record.id;
    });
    return this.swapView(await this.ctx.kernel.read(async (sql) => (await this.ctx.swapRepo.swap(sql, id))!));
  }

  private async cell(sql: Sql, shiftId: string, key: string, slot: number) {
    const shift = await this.ctx.repo.shiftWithSlots(sql, shiftId);
    if (!shift) refuse('not_found', `no shift ${shiftId}`, { id: shiftId });
    const people = shift.slots.get(key);
    if (!people || slot >= people.length) refuse('invalid', `no slot ${key}#${slot} on that shift`, { field: 'roleKey', value: key });
    return { shift, personId: people[slot] ?? null };
  }

  async swaps(actor: Actor, month: string | undefined, pendingOnly: boolean): Promise<Swap[]> {
    permit(actor, 'readRoster');
    const rows = await this.ctx.kernel.read(async (sql) => {
      const roster = month ? await this.ctx.repo.rosterByMonth(sql, month) : undefined;
      if (month && !roster) return [];
      return this.ctx.swapRepo.swaps(sql, { rosterId: roster?.id, pendingOnly });
    });
    return rows.map((r) => this.swapView(r));
  }

  /** The leader approves (the two cells exchange people, checked for clashes) or refuses. */
  async decideSwap(actor: Actor, swapId: string, approve: boolean, note?: string): Promise<Swap> {
    permit(actor, 'decideSwap');
    const { repo, swapRepo } = this.ctx;
    const now = this.ctx.clock.now().getTime();
    const action = approve ? 'roster.swap_approved' : 'roster.swap_refused';
    await this.ctx.change({ name: action, actor, permission: 'decideSwap' }, ['swaps', 'roster'], async (tx) => {
      const { sql, at } = tx;
      const swap = await swapRepo.swap(sql, swapId);
      if (!swap) refuse('not_found', `no swap ${swapId}`, { id: swapId });
      if (swap.status !== 'pending') refuse('already_decided', 'this swap has already been decided');
      if (approve) {
        const a = await this.cell(sql, swap.a_shift_id, swap.a_role_key, swap.a_slot);
        const b = await this.cell(sql, swap.b_shift_id, swap.b_role_key, swap.b_slot);
        if (a.personId !== swap.a_person_id || b.personId !== swap.b_person_id)
          refuse('conflict', 'the roster has changed since the swap was asked for', { action: 'swap', state: 'changed' });
        for (const side of [a, b]) {
          if (Date.parse(side.shift.record.starts_at) <= now)
            refuse('shift_ended', `the shift of ${side.shift.record.date} ${side.shift.record.name} has started`, { shiftId: side.shift.record.id });
        }
        const sameShift = a.shift.record.id === b.shift.record.id;
        const aSlots = new Map(a.shift.slots);
        const bSlots = sameShift ? aSlots : new Map(b.shift.slots);
        const put = (slots: Map<string, (string | null)[]>, key: string, slot: number, id: string | null) =>
          slots.set(
            key,
            (slots.get(key) ?? []).map((p, i) => (i === slot ? id : p)),
          );
        put(aSlots, swap.a_role_key, swap.a_slot, swap.b_person_id);
        put(bSlots, swap.b_role_key, swap.b_slot, swap.a_person_id);
        const changed = sameShift
          ? [{ ...a.shift, slots: aSlots }]
          : [
              { ...a.shift, slots: aSlots },
              { ...b.shift, slots: bSlots },
            ];
        await this.ctx.refuseClashes(
          sql,
          changed,
          [swap.a_person_id, swap.b_person_id].filter((x): x is string => x !== null),
        );
        for (const c of changed) {
          const roster = (await repo.rosterById(sql, c.record.roster_id))!;
          await repo.setSlots(sql, c.record.id, c.slots);
          await this.ctx.touchShift(tx, c.record, c.slots, roster.month);
        }
      }
      await swapRepo.decideSwap(sql, swapId, approve ? 'approved' : 'refused', actor.id, at, note ?? null);
      await tx.audit(action, 'roster_swap', swapId, { note: note ?? null });
    });
    return this.swapView(await this.ctx.kernel.read(async (sql) => (await swapRepo.swap(sql, swapId))!));
  }

  private swapView(r: SwapRecord): Swap {
    const index = this.ctx.index;
    const side = (shiftId: string, key: string, slot: number, personId: string | null) => {
      const s = index.byId.get(shiftId);
      const role = s?.roles.find((x) => roleKey(x) === key);
      return {
        shiftId,
        shiftName: s?.name ?? '',
        date: s?.date ?? '',
        startsAt: s ? new Date(s.startMs).toISOString() : '',
        roleKey: key,
        roleLabel: role?.label ?? key,
        slot,
        personId,
        personName: this.ctx.personName(personId),
      };
    };
    const month = index.byId.get(r.a_shift_id)?.month ?? '';
    return {
      id: r.id,
      month,
      status: r.status,
      reason: r.reason,
      requestedBy: r.requested_by,
      requestedByName: this.ctx.personName(r.requested_by) ?? r.requested_by,
      requestedAt: r.requested_at,
      a: side(r.a_shift_id, r.a_role_key, r.a_slot, r.a_person_id),
      b: side(r.b_shift_id, r.b_role_key, r.b_slot, r.b_person_id),
      decidedBy: r.decided_by,
      decidedByName: this.ctx.personName(r.decided_by),
      decidedAt: r.decided_at,
      note: r.note,
    };
  }
}
