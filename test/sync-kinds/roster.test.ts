/**
 * Rosters and shifts between two consoles of the town through a real district server: a month
 * generated on one is the same month on the other (read through the roster service, as the 值班表
 * page does); a cell edited on either reaches the other; two cells of one shift edited on the two
 * consoles at once are both kept (per cell, the newest HLC wins); the same cell edited on both: the
 * newer edit wins on both, whichever reaches the district first. Nothing of it is sent back.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { RosterView } from '../../preload/contract/roster-schemas';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

/** Every cell of a month as the page shows it: `date template role#slot` → person. */
function cells(view: RosterView): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const day of view.days) for (const s of day.shifts) for (const r of s.roles) for (const c of r.slots) out[`${day.date} ${s.templateCode} ${r.key}#${c.slot}`] = c.personId;
  return out;
}

const view = (core: Core): Promise<RosterView> => core.roster.get(sampleTown(core).leader, '2026-01');

/** A shift still to come, its first officer cell, and two people who could take it (free that day). */
async function officerCell(v: RosterView, core: Core, dayIndex: number): Promise<{ shiftId: string; now: string | null; free: string[] }> {
  const shift = v.days[dayIndex]!.shifts[0]!;
  const now = shift.roles.find((r) => r.key === 'officer')!.slots[0]!.personId;
  const candidates = await core.roster.candidates(sampleTown(core).leader, shift.id, 'officer');
  const free = candidates.filter((c) => !c.blocked && !c.assigned && c.warnings.length === 0).map((c) => c.personId);
  if (free.length < 2) throw new Error('no free officer');
  return { shiftId: shift.id, now, free };
}

describe('rosters and shifts, both ways', () => {
  it('a month generated on console 1 is the same month on console 2, and a cell edited on 2 reaches 1', async () => {
    const t = consoles();
    const generated = await t.a.roster.generate(sampleTown(t.a).admin, '2026-01');
    await syncAll(t);
    const onB = await view(t.b);
    expect(onB.days.length).toBe(31);
    expect(cells(onB)).toEqual(cells(generated));
    // The on-duty board reads the same index: a shift of the month is known there.
    expect(t.b.roster.duty.byId.has(generated.days[3]!.shifts[0]!.id)).toBe(true);

    const cell = await officerCell(onB, t.b, 10);
    t.clock.advance(60_000);
    await t.b.roster.assign(sampleTown(t.b).leader, { shiftId: cell.shiftId, roleKey: 'officer', slot: 0, personId: cell.free[0]! });
    await syncAll(t);
    expect(cells(await view(t.a))).toEqual(cells(await view(t.b)));
    expect((await view(t.a)).days[10]!.shifts[0]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId).toBe(cell.free[0]);
    expect(await noProblems(t)).toEqual([]);
    // Folded in, never sent back: console 1's outbox holds only the month it generated.
    const ownShiftOps = await t.a.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'shift'`));
    expect(ownShiftOps?.n).toBe(generated.days.reduce((n, d) => n + d.shifts.length, 0));
  });

  it('two cells of one shift edited on the two consoles at once: both edits are kept on both', async () => {
    const t = consoles();
    const generated = await t.a.roster.generate(sampleTown(t.a).admin, '2026-01');
    await syncAll(t);
    const shift = generated.days[12]!.shifts[0]!;
    const roles = shift.roles.filter((r) => r.slots.length > 0);
    expect(roles.length).toBeGreaterThan(1);
    const [first, second] = [roles[0]!, roles[1]!];
    t.clock.advance(60_000);
    // Each console empties a different cell, neither having seen the other's edit.
    await t.a.roster.assign(sampleTown(t.a).leader, { shiftId: shift.id, roleKey: first.key, slot: 0, personId: null });
    t.clock.advance(1_000);
    await t.b.roster.assign(sampleTown(t.b).leader, { shiftId: shift.id, roleKey: second.key, slot: 0, personId: null });
    await syncAll(t);
    for (const core of [t.a, t.b]) {
      const s = (await view(core)).days[12]!.shifts[0]!;
      expect(s.roles.find((r) => r.key === first.key)!.slots[0]!.personId).toBeNull();
      expect(s.roles.find((r) => r.key === second.key)!.slots[0]!.personId).toBeNull();
    }
    expect(cells(await view(t.a))).toEqual(cells(await view(t.b)));
  });

  it('the same cell edited on both: the newer edit (HLC) wins on both, though the older one reaches the district last', async () => {
    const t = consoles();
    await t.a.roster.generate(sampleTown(t.a).admin, '2026-01');
    await syncAll(t);
    const v = await view(t.b);
    const cell = await officerCell(v, t.b, 15);
    const [newer, older] = [cell.free[0]!, cell.free[1]!];
    t.clock.advance(60_000);
    await t.a.roster.assign(sampleTown(t.a).leader, { shiftId: cell.shiftId, roleKey: 'officer', slot: 0, personId: older });
    t.clock.advance(60_000);
    await t.b.roster.assign(sampleTown(t.b).leader, { shiftId: cell.shiftId, roleKey: 'officer', slot: 0, personId: newer });
    // The newer edit reaches the district first; the older one after it.
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.b.sync!.syncOnce();
    for (const core of [t.a, t.b]) {
      expect((await view(core)).days[15]!.shifts[0]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId).toBe(newer);
    }
    expect(cells(await view(t.a))).toEqual(cells(await view(t.b)));
    expect(await noProblems(t)).toEqual([]);
  });

  it('a month planned anew on console 1 replaces the month on console 2', async () => {
    const t = consoles();
    await t.a.roster.generate(sampleTown(t.a).admin, '2026-01');
    await syncAll(t);
    t.clock.advance(60_000);
    const again = await t.a.roster.generate(sampleTown(t.a).admin, '2026-01', 7);
    await syncAll(t);
    const onB = await view(t.b);
    expect(onB.seed).toBe(7);
    expect(cells(onB)).toEqual(cells(again));
    expect(onB.days.flatMap((d) => d.shifts.map((s) => s.id)).sort()).toEqual(again.days.flatMap((d) => d.shifts.map((s) => s.id)).sort());
  });
});
