/**
 * District-sent events are checked for duplicates as a report made at the desk is (#15; event-intake.ts
 * `possibleDuplicate`, one check for both): through a real district server and two consoles of 白鹭镇,
 * an event the district sends down (assign_to_town) of the same item in the same grid within the window
 * of a local one is marked a possible duplicate of it on both consoles — the queue's 疑似重复 — and one
 * in another grid, or outside the window, is not.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { DUPLICATE_WINDOW_MS } from '../../main/core/events/event-types';
import { sampleTown } from '../support/sample-town-core';
import { districtReport } from '../sync/harness';
import { districtActions, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles('2026-11-23T01:00:00.000Z');

async function duplicateOf(core: Core, eventId: string): Promise<string | null | undefined> {
  const town = sampleTown(core);
  const rows = (await core.events.queue(town.officer, { limit: 500 })).rows;
  return rows.find((r) => r.id === eventId)?.possibleDuplicateOf;
}

describe('a district-sent event duplicating a local one', () => {
  it('is marked a possible duplicate of it on both consoles; another grid or a later hour is not', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const local = await t.a.events.report(town.officer, { title: '居民来电：路灯不亮', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await syncAll(t);

    t.clock.advance(20 * 60_000);
    const same = randomUUID();
    const otherGridCode = [...t.a.town.grids.keys()].find((g) => g !== town.gridCode)!;
    const otherGrid = randomUUID();
    expect(
      await districtActions(t, [
        { entityId: same, action: 'assign_to_town', payload: districtReport(town, t.clock, '12345转办：路灯不亮') },
        { entityId: otherGrid, action: 'assign_to_town', payload: { ...districtReport(town, t.clock, '12345转办：别处路灯不亮'), gridCode: otherGridCode } },
      ]),
    ).toEqual([expect.objectContaining({ status: 'applied' }), expect.objectContaining({ status: 'applied' })]);
    await syncAll(t);
    await syncAll(t);

    for (const core of [t.a, t.b]) {
      expect(await duplicateOf(core, same)).toBe(local);
      expect(await duplicateOf(core, otherGrid)).toBeNull();
      // The detail panel's 疑似重复 mark reads the same field.
      expect((await core.events.detail(sampleTown(core).officer, same)).possibleDuplicateOf).toBe(local);
    }

    t.clock.advance(DUPLICATE_WINDOW_MS + 60_000);
    const late = randomUUID();
    expect(await districtActions(t, [{ entityId: late, action: 'assign_to_town', payload: districtReport(town, t.clock, '12345转办：路灯又不亮') }])).toEqual([
      expect.objectContaining({ status: 'applied' }),
    ]);
    await syncAll(t);
    // Outside the window (of the local report and of the district's first one alike).
    expect(await duplicateOf(t.a, late)).toBeNull();
    expect(await noProblems(t)).toEqual([]);
  });
});
