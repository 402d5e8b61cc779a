/**
 * A month's roster as commands: generated fairly (or regenerated, keeping the shifts that have
 * started), and edited by hand one cell at a time with impossible clashes refused. Each is one
 * kernel command with its audit row and the upserts of the roster and the shifts it touched.
 */
import type { AssignRequest, RoleSpec, ShiftTemplate } from '../../../preload/contract/roster-schemas';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import type { IndexedShift } from './duty-index';
import type { RosterContext } from './roster-context';
import { generateRoster, seedOfMonth } from './roster-generator';
import type { ShiftRecord } from './roster.repository';
import { DAY_MS, HOUR_MS, planMonth, roleKey } from './shift-templates';

export class RosterMonths {
  constructor(private readonly ctx: RosterContext) {}

  /**
   * Generates (or regenerates) a month. A month none of whose shifts has started is planned anew
   * from the current templates; once one has started, the started shifts stay as they are and
   * only the shifts still to come are refilled (counting what is kept toward fairness).
   * Resolves to the roster's id.
   */
  async generate(actor: Actor, month: string, seedArg?: number): Promise<string> {
    permit(actor, 'editRoster');
    this.ctx.refuseUnknownYear(month);
    const { repo } = this.ctx;
    const seed = seedArg ?? seedOfMonth(month);
    const now = this.ctx.clock.now().getTime();
    return this.ctx.change({ name: 'roster.generate', actor, permission: 'editRoster' }, ['roster'], async (tx) => {
      const { sql, at } = tx;
      const fresh = await this.ctx.loadIndex(sql);
      let roster = await repo.rosterByMonth(sql, month);
      const existing = roster ? await repo.shiftsOfRoster(sql, roster.id) : [];
      const started = existing.filter((s) => Date.parse(s.record.starts_at) <= now);
      const templates = started.length > 0 && roster ? (JSON.parse(roster.templates) as ShiftTemplate[]) : this.ctx.templates;
      if (!roster) {
        roster = { id: newId(), month, templates: JSON.stringify(templates), seed, generated_at: at, created_at: at, updated_at: at, version: 0, hlc: '' };
        await repo.insertRoster(sql, roster);
      }
      const rosterId = roster.id;
      // Plan: keep started shifts; replace the rest (re-planned from the templates when nothing has started).
      let toFill: { record: ShiftRecord; roles: RoleSpec[] }[];
      if (started.length === 0) {
        for (const s of existing) {
          await repo.deleteShift(sql, s.record.id);
          await this.ctx.cancelShift(tx, s.record, s.slots, month);
        }
        toFill = planMonth(month, templates, this.ctx.dayCalendar()).map((p) => ({
          roles: [...p.roles],
          record: {
            id: newId(),
            roster_id: rosterId,
            date: p.date,
            template_code: p.templateCode,
            name: p.name,
            starts_at: new Date(p.startMs).toISOString(),
            ends_at: new Date(p.endMs).toISOString(),
            night: p.night ? 1 : 0,
            day_kind: p.dayKind,
            roles: JSON.stringify(p.roles),
            version: 0,
            hlc: '',
          },
        }));
      } else {
        toFill = existing.filter((s) => Date.parse(s.record.starts_at) > now).map((s) => ({ record: s.record, roles: s.roles }));
      }
      const fillIds = new Set(toFill.map((s) => s.record.id));
      const first = Date.parse(`${month}-01T00:00:00.000Z`) - 3 * DAY_MS;
      const last = Date.parse(`${month}-01T00:00:00.000Z`) + 35 * DAY_MS;
      // Time already taken: started shifts of this month (they count toward fairness) and the neighbouring months.
      const replaced = (s: IndexedShift) => fillIds.has(s.id) || (s.rosterId === rosterId && s.startMs > now);
      const booked = fresh
        .shiftsBetween(first, last)
        .filter((s) => !replaced(s))
        .flatMap((s) => [...s.people].map((personId) => ({ personId, startMs: s.startMs, endMs: s.endMs, night: s.night, dayKind: s.dayKind, counts: s.rosterId === rosterId })));
      const result = generateRoster({
        shifts: toFill.map((s) => ({
          startMs: Date.parse(s.record.starts_at),
          endMs: Date.parse(s.record.ends_at),
          night: s.record.night === 1,
          dayKind: s.record.day_kind,
          roles: s.roles.map((r) => ({ key: roleKey(r), count: r.count })),
        })),
        pools: this.ctx.pools(templates),
        absent: (id, start, end) => !(this.ctx.town.people.get(id)?.available ?? false) || fresh.absencesOf(id).some((a) => a.startMs < end && start < a.endMs),
        booked,
        seed,
        restAfter24hMs: this.ctx.settings.restAfter24hHours * HOUR_MS,
      });
      for (let i = 0; i < toFill.length; i++) {
        const { record } = toFill[i]!;
        const slots = result.assignments[i]!;
        if (started.length === 0) await repo.insertShift(sql, record);
        await repo.setSlots(sql, record.id, slots);
        await this.ctx.touchShift(tx, record, slots, month);
      }
      const next = await this.ctx.touchRoster(tx, roster, { seed, generated_at: at, templates: JSON.stringify(templates) });
      await tx.audit('roster.generate', 'roster', next.id, { month, seed, shifts: toFill.length, kept: started.length });
      return next.id;
    });
  }

  /** Puts a person in a cell (or empties it); resolves to the month. Refuses what is impossible; warnings are listed in the view. */
  async assign(actor: Actor, req: AssignRequest): Promise<string> {
    permit(actor, 'editRoster');
    if (req.personId !== null && !this.ctx.town.people.has(req.personId)) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
    const { repo } = this.ctx;
    const now = this.ctx.clock.now().getTime();
    return this.ctx.change({ name: 'roster.assign', actor, permission: 'editRoster' }, ['roster'], async (tx) => {
      const { sql } = tx;
      const shift = await repo.shiftWithSlots(sql, req.shiftId);
      if (!shift) refuse('not_found', `no shift ${req.shiftId}`, { id: req.shiftId });
      const roster = (await repo.rosterById(sql, shift.record.roster_id))!;
      if (Date.parse(shift.record.ends_at) <= now)
        refuse('shift_ended', `the shift of ${shift.record.date} ${shift.record.name} has ended; its roster is history`, { shiftId: req.shiftId });
      const people = shift.slots.get(req.roleKey);
      if (!people) refuse('invalid', `the shift has no role ${req.roleKey}`, { field: 'roleKey', value: req.roleKey });
      if (req.slot >= people.length) refuse('invalid', `role ${req.roleKey} has ${people.length} slot(s)`, { field: 'slot', value: req.slot });
      const before = people[req.slot] ?? null;
      if (before === req.personId) return roster.month;
      const slots = new Map(shift.slots);
      slots.set(
        req.roleKey,
        people.map((p, i) => (i === req.slot ? req.personId : p)),
      );
      if (req.personId !== null) await this.ctx.refuseClashes(sql, [{ record: shift.record, roles: shift.roles, slots }], [req.personId]);
      await repo.setSlot(sql, shift.record.id, req.roleKey, req.slot, req.personId);
      await this.ctx.touchShift(tx, shift.record, slots, roster.month);
      await tx.audit('roster.assign', 'shift', shift.record.id, {
        date: shift.record.date,
        shift: shift.record.name,
        roleKey: req.roleKey,
        slot: req.slot,
        from: before,
        to: req.personId,
      });
      return roster.month;
    });
  }
}
