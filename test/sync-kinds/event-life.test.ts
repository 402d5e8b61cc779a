/**
 * Reclassify, 挂账 (hold) and its release between two consoles of 白鹭镇 through the real reference
 * district server (PROTOCOL.md v1.1): the server takes each action, and the other console computes the
 * same row from the op — category, level, deadlines, held with its review date and a standing clock,
 * released with the held time not counted.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { TOWN } from '../sync/harness';
import { noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

const row = (core: Core, id: string) =>
  core.db.read((sql) =>
    sql.get<Record<string, unknown>>(
      `SELECT category_code, level, state, accept_due, ack_due, on_scene_due, resolve_due, due_at, due_kind, carried_over, carry_over_note, hold_review_by, clock_paused_at, version
        FROM event WHERE id = ?`,
      [id],
    ),
  );

describe('the event’s later life, both ways', () => {
  it('reclassify and hold on console 1, release on console 2: the district takes each, both consoles hold the same row', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const [first, second] = town.itemCodes;
    const item = t.a.town.catalogue.get(first!)!;
    const id = await t.a.events.report(town.officer, { title: '白鹭溪沿岸路灯不亮', categoryCode: first!, level: 'general', source: 'phone', gridCode: town.gridCode });
    await t.a.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
    t.clock.advance(10 * 60_000);
    await t.a.events.reclassify(town.officer, { eventId: id, categoryCode: second!, level: 'major', reason: '定性有误' });
    t.clock.advance(10 * 60_000);
    await t.a.events.requestHold(town.leader, { eventId: id, reason: '需区级部门协调', reviewBy: '2025-12-27' });
    await syncAll(t);

    const onA = await row(t.a, id);
    expect(onA).toMatchObject({ category_code: second, level: 'major', carried_over: 1, hold_review_by: '2025-12-27', due_at: null });
    expect(await row(t.b, id)).toEqual(onA);
    expect((await t.b.events.holds(sampleTown(t.b).officer)).map((h) => h.id)).toEqual([id]);

    t.clock.advance(3 * 3600_000);
    await t.b.events.release(sampleTown(t.b).officer, id, '已协调完毕');
    await syncAll(t);
    const released = await row(t.a, id);
    expect(released).toMatchObject({ carried_over: 0, hold_review_by: null, clock_paused_at: null });
    expect(Date.parse(String(released!.resolve_due)) - Date.parse(String(onA!.resolve_due))).toBe(3 * 3600_000);
    expect(await row(t.b, id)).toEqual(released);
    expect(await noProblems(t)).toEqual([]);
    // The district served each action once, in order.
    const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-a' } });
    const served = ((await res.json()) as { ops: { entityId: string; action?: string }[] }).ops.filter((o) => o.entityId === id).map((o) => o.action);
    expect(served).toEqual(['report', 'accept', 'dispatch', 'reclassify', 'hold', 'release']);
  });
});
