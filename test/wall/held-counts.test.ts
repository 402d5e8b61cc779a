/**
 * 挂账 counted apart (issue #15's acceptance audit) on the wall's live status counts and in the
 * handover's figures: a held event is out of 未办结 (and its state's bar) and out of 超时, with a 挂账
 * number of its own — the same number 考核评价 gives (heldNow) — and back among the open ones once
 * released.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import type { RosterView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { actorOf, bj, rosterCore } from '../roster/helpers';

let t: TestCore;
let officer: Actor;
let leader: Actor;

beforeEach(async () => {
  t = await rosterCore();
  const january: RosterView = await t.core.roster.generate(t.admin, '2026-01');
  const day = january.days.find((d) => d.date === '2026-01-05')!.shifts.find((s) => s.templateCode === 'day')!;
  const person = (key: string) => day.roles.find((r) => r.key === key)!.slots[0]!.personId!;
  officer = actorOf(t, person('officer'));
  leader = actorOf(t, person('leader'));
  t.clock.set(bj('2026-01-05', '09:00'));
});
afterEach(async () => {
  await t.close();
});

async function dispatched(title: string): Promise<string> {
  const id = await t.core.events.report(officer, { title, categoryCode: 'CITY-002', level: 'general', source: 'phone' });
  const item = t.core.town.catalogue.get('CITY-002')!;
  await t.core.events.acceptAndDispatch(officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
  return id;
}

const heldNow = async () => {
  const range = { from: bj('2026-01-05', '00:00'), to: bj('2026-01-06', '00:00') };
  return (await t.core.metrics.compute('town', range)).groups.find((g) => g.key === '')!.heldNow;
};

describe('挂账 counted apart', () => {
  it('out of 未办结 and 超时 on the wall and in the handover, with its own number; back among the open ones when released', async () => {
    const held = await dispatched('老旧小区雨污分流改造');
    const late = await dispatched('人民路口占道经营');
    const waiting = await t.core.events.report(officer, { title: '锦绣小区门口车辆乱停', categoryCode: 'CITY-002', level: 'general', source: 'phone' });
    await t.core.events.requestHold(leader, { eventId: held, reason: '需区财政专项资金', reviewBy: '2026-01-20' });
    t.clock.set(bj('2026-01-05', '16:00')); // the other two ran out of time (acknowledge, accept); the held one's clock stands
    const overdueIds = (await t.core.events.queue(officer, { overdueOnly: true, limit: 100 })).rows.map((r) => r.id).sort();
    expect(overdueIds).toEqual([late, waiting].sort());

    const counts = await t.core.wall.counts(t.wall);
    expect(counts).toMatchObject({ open: 2, held: 1, overdue: 2 });
    expect(counts.byState).toMatchObject({ dispatched: 1, reported: 1 });
    expect(Object.values(counts.byState).reduce((n, v) => n + v, 0)).toBe(counts.open);
    expect(counts.held).toBe(await heldNow());

    const h = await t.core.handovers.generate(officer);
    expect(h.stats).toMatchObject({ open: 2, held: 1, overdue: 2 });
    // Still listed for the next shift, as an open event marked held.
    expect(h.items.find((i) => i.refId === held)).toMatchObject({ kind: 'open_event', detail: { carriedOver: '需区财政专项资金' } });
    expect(h.items.find((i) => i.refId === late)).toMatchObject({ kind: 'overdue_event' });

    await t.core.events.release(leader, held, '资金已到位');
    const after = await t.core.wall.counts(t.wall);
    expect(after).toMatchObject({ open: 3, held: 0 });
    expect(after.byState).toMatchObject({ dispatched: 2, reported: 1 });
    expect(await heldNow()).toBe(0);
    expect((await t.core.handovers.generate(officer)).stats).toMatchObject({ open: 3, held: 0 });
  });
});
