/**
 * An event that arrives as a `report` op — reported on ANOTHER console of the town, or by the district
 * itself — is checked for a duplicate against this console's open events when sync pulls it, as a
 * report made here is (#15; event-intake.ts `possibleDuplicate`, event-remote.ts). Through a real
 * district server and two consoles of 白鹭镇: console 2 reports before it has seen console 1's event
 * (so its op carries no duplicate mark of its own), and console 1 marks it all the same; the same
 * report typed at console 1 gets the same mark; another grid does not.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { districtReport } from '../sync/harness';
import { districtActions, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles('2026-11-23T01:00:00.000Z');

async function duplicateOf(core: Core, eventId: string): Promise<string | null> {
  return (await core.events.detail(sampleTown(core).officer, eventId)).possibleDuplicateOf;
}

describe('a `report` op pulled by sync duplicating an open event of this console', () => {
  it('is marked a possible duplicate, as the same report made here is; another grid is not', async () => {
    const t = consoles();
    const townA = sampleTown(t.a);
    const townB = sampleTown(t.b);
    const otherGrid = [...t.a.town.grids.keys()].find((g) => g !== townA.gridCode)!;
    // Console 1's own open event, not yet sent anywhere.
    const local = await t.a.events.report(townA.officer, {
      title: '居民来电：路灯不亮',
      categoryCode: townA.itemCode,
      level: 'general',
      source: 'phone',
      gridCode: townA.gridCode,
    });

    t.clock.advance(10 * 60_000);
    // Console 2 has not seen it: its reports carry no mark of their own.
    const fromB = await t.b.events.report(townB.officer, {
      title: '又一居民来电：路灯不亮',
      categoryCode: townB.itemCode,
      level: 'general',
      source: 'phone',
      gridCode: townB.gridCode,
    });
    const fromBElsewhere = await t.b.events.report(townB.officer, { title: '别处路灯不亮', categoryCode: townB.itemCode, level: 'general', source: 'phone', gridCode: otherGrid });
    expect(await duplicateOf(t.b, fromB)).toBeNull();
    // Console 2 sends its reports; console 1 pulls them (b, then a).
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    expect(await duplicateOf(t.a, fromB)).toBe(local);
    expect(await duplicateOf(t.a, fromBElsewhere)).toBeNull();

    // The district itself reports one (a `report` op, not assign_to_town) in a grid where only console 1 has an open event.
    const thirdGrid = [...t.a.town.grids.keys()].find((g) => g !== townA.gridCode && g !== otherGrid)!;
    const local3 = await t.a.events.report(townA.officer, { title: '河边护栏松动', categoryCode: townA.itemCode, level: 'general', source: 'phone', gridCode: thirdGrid });
    t.clock.advance(5 * 60_000);
    const fromDistrict = randomUUID();
    expect(
      await districtActions(t, [{ entityId: fromDistrict, action: 'report', payload: { ...districtReport(townA, t.clock, '区平台：河边护栏松动'), gridCode: thirdGrid } }]),
    ).toEqual([expect.objectContaining({ status: 'applied' })]);
    await t.a.sync!.syncOnce();
    expect(await duplicateOf(t.a, fromDistrict)).toBe(local3);

    // The same report typed at console 1 is marked the same way (the latest open one in the window).
    const here = await t.a.events.report(townA.officer, {
      title: '本台再登记：路灯不亮',
      categoryCode: townA.itemCode,
      level: 'general',
      source: 'phone',
      gridCode: townA.gridCode,
    });
    expect(await duplicateOf(t.a, here)).toBe(fromB);

    // The queue shows the mark (the 疑似重复 tag reads this field).
    const rows = (await t.a.events.queue(townA.officer, { limit: 500 })).rows;
    expect(rows.find((r) => r.id === fromB)?.possibleDuplicateOf).toBe(local);
    await syncAll(t);
    expect(await noProblems(t)).toEqual([]);
  });
});
