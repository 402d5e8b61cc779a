/**
 * 区级交办 (#17) through a real district server and two consoles of 白鹭镇: a new event the district
 * sends down to the town (assign_to_town) raises the district_dispatch alarm once on each console,
 * spoken with the event's title; accepting it on one console settles it there at once and on the
 * other when the accept arrives. A report from the other console is no district dispatch.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Alarm } from '../../preload/contract/schemas';
import { sampleTown } from '../support/sample-town-core';
import { districtReport } from '../sync/harness';
import { districtActions, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles('2026-11-23T01:00:00.000Z');

const dispatchAlarms = async (core: Core, eventId: string): Promise<Alarm[]> =>
  (await core.alarms.list(1000)).filter((a) => a.eventId === eventId && a.kind === 'district_dispatch');

describe('区级交办 alarm (district_dispatch)', () => {
  it('raised once per event on each console, spoken with its title; settled when accepted, on both', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const eventId = randomUUID();
    const title = '12345转办：噪声扰民';
    expect(await districtActions(t, [{ entityId: eventId, action: 'assign_to_town', payload: districtReport(town, t.clock, title) }])).toEqual([
      expect.objectContaining({ status: 'applied' }),
    ]);
    await syncAll(t);
    await syncAll(t);
    for (const core of [t.a, t.b]) {
      const [alarm, ...more] = await dispatchAlarms(core, eventId);
      expect(more).toHaveLength(0);
      expect(alarm).toMatchObject({ ackedAt: null, eventTitle: title });
      const line = (await core.alarms.groups()).find((g) => g.alarmIds.includes(alarm!.id));
      expect(line?.spoken).toBe(`区中心交办：${title}，请及时受理`);
    }

    await t.a.events.accept(town.officer, eventId);
    expect((await dispatchAlarms(t.a, eventId))[0]).toMatchObject({ ackedBy: town.officer.id });
    expect((await dispatchAlarms(t.b, eventId))[0]!.ackedAt).toBeNull();
    await syncAll(t);
    const [onB, ...moreOnB] = await dispatchAlarms(t.b, eventId);
    expect(moreOnB).toHaveLength(0);
    expect(onB!.ackedAt).not.toBeNull();
    expect((await t.b.alarms.groups()).some((g) => g.alarmIds.includes(onB!.id))).toBe(false);
    expect(await noProblems(t)).toEqual([]);
  });

  it('a report made on the other console raises none', async () => {
    const t = consoles();
    const town = sampleTown(t.b);
    const id = await t.b.events.report(town.officer, { title: '居民来电：路灯不亮', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await syncAll(t);
    expect((await t.a.events.detail(sampleTown(t.a).officer, id)).state).toBe('reported');
    expect(await dispatchAlarms(t.a, id)).toEqual([]);
    expect(await dispatchAlarms(t.b, id)).toEqual([]);
  });
});
