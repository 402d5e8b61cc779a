/**
 * The event's later life (issue #15) on a real SQLite file with the manual clock: reclassify and its
 * new limits, 挂账 asked, approved (out of the overdue list and the sweep, on the 挂账 list, a
 * reminder on its review date) and released, and the clock standing while a return waits for the
 * leader's consent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { deadline } from '../../main/core/sla/sla';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

const HOUR = 3600_000;

function item(code: string) {
  const i = t.core.town.catalogue.get(code);
  if (!i) throw new Error(`no item ${code}`);
  return i;
}

function leadStaff(code = 'SAFE-001'): Actor {
  return t.staffOf(t.core.town.posts.get(item(code).leadPostId)!.code, 'A');
}

async function dispatched(code = 'SAFE-001'): Promise<string> {
  const id = await t.core.events.report(t.officer, { title: '厂房消防通道堵塞', categoryCode: code, level: 'general', source: 'phone', gridCode: 'G01' });
  const i = item(code);
  await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: i.leadPostId, cooperatingPostIds: [...i.cooperatingPostIds] });
  return id;
}

const clock = (d: Awaited<ReturnType<TestCore['core']['events']['detail']>>, kind: string) => d.clocks.find((c) => c.kind === kind)!;
const overdueIds = async () => (await t.core.events.queue(t.officer, { limit: 100, overdueOnly: true })).rows.map((r) => r.id);
const outbox = (id: string) => t.core.db.read((sql) => sql.all<{ action: string; payload: string }>(`SELECT action, payload FROM outbox WHERE entity_id = ? ORDER BY seq`, [id]));

describe('reclassify (重新定性)', () => {
  it('the new category and level take their limits from the clock’s original start; timeline, op and the suggested posts', async () => {
    const id = await dispatched('SAFE-001');
    const before = await t.core.events.detail(t.officer, id);
    t.clock.advance(HOUR);
    await t.core.events.reclassify(t.officer, { eventId: id, categoryCode: 'FLOOD-003', level: 'major', reason: '现场为道路积水，非消防通道问题' });

    const after = await t.core.events.detail(t.officer, id);
    const flood = item('FLOOD-003');
    const dispatchedAt = new Date(clock(before, 'resolve').startedAt!);
    const cal = t.core.calendar.current();
    expect(after).toMatchObject({ categoryCode: 'FLOOD-003', level: 'major', boardCode: flood.boardCode, state: 'dispatched' });
    // Counted from the dispatch, not from the reclassification.
    expect(clock(after, 'resolve').dueAt).toBe(deadline(cal, dispatchedAt, 'resolve', flood.limits, 'major').toISOString());
    expect(clock(after, 'on_scene').dueAt).toBe(deadline(cal, dispatchedAt, 'onScene', flood.limits, 'major').toISOString());
    expect(clock(after, 'resolve').dueAt).not.toBe(clock(before, 'resolve').dueAt);
    // The accept clock had stopped: it stays as it was.
    expect(clock(after, 'accept').dueAt).toBe(clock(before, 'accept').dueAt);
    // On the acknowledge clock (minutes: 5 for the new item) the event is now overdue.
    expect(await overdueIds()).toContain(id);

    const entry = after.timeline.at(-1)!;
    expect(entry).toMatchObject({
      action: 'reclassify',
      actorId: t.officer.id,
      payload: {
        categoryCode: 'FLOOD-003',
        level: 'major',
        reason: '现场为道路积水，非消防通道问题',
        previous: { categoryCode: 'SAFE-001', level: 'general' },
        suggestedLeadPostId: flood.leadPostId,
        suggestedCooperatingPostIds: [...flood.cooperatingPostIds],
      },
    });
    const op = (await outbox(id)).at(-1)!;
    expect(op.action).toBe('reclassify');
    expect(JSON.parse(op.payload)).toEqual({ categoryCode: 'FLOOD-003', level: 'major', reason: '现场为道路积水，非消防通道问题' });
  });

  it('keeps what was added to a clock meanwhile: an approved extension moves the new limit by as much', async () => {
    const id = await dispatched('SAFE-001');
    const before = await t.core.events.detail(t.officer, id);
    const extended = new Date(Date.parse(clock(before, 'resolve').dueAt!) + 48 * HOUR).toISOString();
    const { approvalId } = await t.core.events.requestExtension(t.officer, { eventId: id, until: extended, reason: '等待检测报告' });
    await t.core.events.decideApproval(t.leader, { approvalId, approve: true });
    await t.core.events.reclassify(t.officer, { eventId: id, categoryCode: 'SAFE-001', level: 'major', reason: '影响扩大' });
    const flood = item('SAFE-001');
    const start = new Date(clock(before, 'resolve').startedAt!);
    const cal = t.core.calendar.current();
    const expected = deadline(cal, start, 'resolve', flood.limits, 'major').getTime() + 48 * HOUR;
    expect(clock(await t.core.events.detail(t.officer, id), 'resolve').dueAt).toBe(new Date(expected).toISOString());
  });
});

describe('挂账 (hold / release)', () => {
  it('asked by the handler, approved by the leader: off the overdue list and the sweep, on the 挂账 list, reminded on its review date, released with the held time not counted', async () => {
    const id = await dispatched();
    const staff = leadStaff();
    t.clock.advance(2 * HOUR); // the acknowledge clock (30 minutes) ran out
    expect(await overdueIds()).toContain(id);
    const { approvalId } = await t.core.events.requestHold(staff, { eventId: id, reason: '需区财政拨款维修', reviewBy: '2026-11-30' });
    expect(approvalId).not.toBeNull();
    // Asked is not held: still overdue until the leader approves.
    expect(await overdueIds()).toContain(id);
    await t.core.events.sweep(); // the acknowledge timeout: its alarm (and the task goes to the B holder)
    const pendingBefore = (await t.core.events.detail(t.officer, id)).clocks;
    const openOverdue = async () => (await t.core.alarms.list(50)).filter((a) => a.eventId === id && a.ackedAt === null && a.kind === 'ack_timeout');
    expect(await openOverdue()).toHaveLength(1);

    await t.core.events.decideApproval(t.leader, { approvalId: approvalId!, approve: true, note: '同意挂账，每周跟踪' });
    const held = await t.core.events.detail(t.officer, id);
    expect(held).toMatchObject({ carriedOver: true, carryOverNote: '需区财政拨款维修', holdReviewBy: '2026-11-30', dueAt: null, clockPausedAt: t.clock.now().toISOString() });
    expect(held.allowedActions).toContain('release');
    expect(held.allowedActions).not.toContain('hold');
    expect(held.timeline.at(-1)).toMatchObject({
      action: 'hold',
      actorId: t.leader.id,
      payload: { reason: '需区财政拨款维修', reviewBy: '2026-11-30', approvedBy: t.leader.id, requestedBy: staff.id, note: '同意挂账，每周跟踪' },
    });
    expect(JSON.parse((await outbox(id)).at(-1)!.payload)).toEqual({ reason: '需区财政拨款维修', reviewBy: '2026-11-30', approvedBy: t.leader.id });
    expect(await overdueIds()).not.toContain(id);
    // It leaves the overdue alarms too: the open one is settled, with why.
    expect(await openOverdue()).toEqual([]);
    expect((await t.core.alarms.list(50)).find((a) => a.eventId === id && a.kind === 'ack_timeout')).toMatchObject({ ackedBy: 'system' });
    const queueRow = (await t.core.events.queue(t.officer, { limit: 100 })).rows.find((r) => r.id === id)!;
    expect(queueRow).toMatchObject({ carriedOver: true, dueAt: null });
    expect(await t.core.events.holds(t.officer)).toEqual([expect.objectContaining({ id, reason: '需区财政拨款维修', reviewBy: '2026-11-30', reviewDue: false })]);

    // The sweep raises nothing for it until its review date; then one reminder.
    const alarmsOf = async () => (await t.core.alarms.list(50)).filter((a) => a.eventId === id).map((a) => a.kind);
    const before = await alarmsOf();
    t.clock.advance(2 * 86400_000);
    await t.core.events.sweep();
    expect(await alarmsOf()).toEqual(before);
    t.clock.set('2026-11-30T00:30:00.000Z'); // 08:30 Beijing on the review date
    await t.core.events.sweep();
    await t.core.events.sweep();
    expect((await alarmsOf()).filter((k) => k === 'hold_review')).toHaveLength(1);
    expect((await t.core.events.holds(t.officer))[0]!.reviewDue).toBe(true);

    // Released: the clocks run again, moved on by the time held.
    const heldMs = Date.parse(t.clock.now().toISOString()) - Date.parse(held.clockPausedAt!);
    await t.core.events.release(t.officer, id, '财政资金已到位');
    const released = await t.core.events.detail(t.officer, id);
    expect(released).toMatchObject({ carriedOver: false, holdReviewBy: null, clockPausedAt: null });
    for (const kind of ['acknowledge', 'on_scene', 'resolve']) {
      expect(Date.parse(clock(released, kind).dueAt!) - Date.parse(pendingBefore.find((c) => c.kind === kind)!.dueAt!), kind).toBe(heldMs);
    }
    expect(released.dueAt).not.toBeNull();
    expect(released.timeline.at(-1)).toMatchObject({ action: 'release', payload: { reason: '财政资金已到位' } });
    expect(await t.core.events.holds(t.officer)).toEqual([]);
  });

  it('the leader refuses: the refusal and the comment in the timeline, nothing held', async () => {
    const id = await dispatched();
    const { approvalId } = await t.core.events.requestHold(t.officer, { eventId: id, reason: '需协调', reviewBy: '2026-11-25' });
    await t.core.events.decideApproval(t.leader, { approvalId: approvalId!, approve: false, note: '本周内可以办结，不同意挂账' });
    const d = await t.core.events.detail(t.officer, id);
    expect(d).toMatchObject({ carriedOver: false, holdReviewBy: null });
    expect(d.timeline.at(-1)).toMatchObject({ action: 'hold_refused', actorId: t.leader.id, payload: { note: '本周内可以办结，不同意挂账' } });
    expect((await outbox(id)).map((o) => o.action)).not.toContain('hold');
  });

  it('the duty leader’s own 挂账 is held at once', async () => {
    const id = await dispatched();
    expect(await t.core.events.requestHold(t.leader, { eventId: id, reason: '跨部门协调', reviewBy: '2026-11-24' })).toEqual({ approvalId: null });
    expect((await t.core.events.detail(t.officer, id)).carriedOver).toBe(true);
  });
});

describe('a return waiting for consent stops the clock (GB/T 30428)', () => {
  it('the time waiting is not counted: refused after 30 minutes, the accept clock moves on by 30 minutes', async () => {
    const id = await t.core.events.report(t.officer, { title: '外镇道路破损', categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    const acceptDue = (await t.core.events.detail(t.officer, id)).dueAt!;
    const { approvalId } = await t.core.events.requestReturn(t.officer, id, '事发地不在本镇');
    const waiting = await t.core.events.detail(t.officer, id);
    expect(waiting).toMatchObject({ dueAt: null, clockPausedAt: t.clock.now().toISOString() });
    expect(waiting.timeline.at(-1)).toMatchObject({ action: 'return_requested' });

    t.clock.advance(30 * 60_000); // past the 10-minute accept limit
    await t.core.events.sweep();
    expect(await overdueIds()).not.toContain(id);
    expect((await t.core.alarms.list(50)).filter((a) => a.eventId === id && a.kind === 'overdue')).toEqual([]);

    await t.core.events.decideApproval(t.leader, { approvalId: approvalId!, approve: false, note: '经核实属本镇，请受理' });
    const after = await t.core.events.detail(t.officer, id);
    expect(after.dueAt).toBe(new Date(Date.parse(acceptDue) + 30 * 60_000).toISOString());
    expect(after.clockPausedAt).toBeNull();
    expect(after.timeline.at(-1)).toMatchObject({ action: 'return_refused', actorId: t.leader.id, payload: { note: '经核实属本镇，请受理', pausedMs: 30 * 60_000 } });
    expect(await overdueIds()).not.toContain(id);
    t.clock.advance(11 * 60_000);
    expect(await overdueIds()).toContain(id);
  });

  it('approved: the event is returned, the leader’s consent and comment in the timeline and the op', async () => {
    const id = await t.core.events.report(t.officer, { title: '外镇道路破损', categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    const { approvalId } = await t.core.events.requestReturn(t.officer, id, '事发地不在本镇');
    await t.core.events.decideApproval(t.leader, { approvalId: approvalId!, approve: true, note: '同意退回区级' });
    const d = await t.core.events.detail(t.officer, id);
    expect(d).toMatchObject({ state: 'returned', clockPausedAt: null, dueAt: null });
    expect(d.timeline.at(-1)).toMatchObject({ action: 'return', payload: { reason: '事发地不在本镇', approvedBy: t.leader.id, requestedBy: t.officer.id, note: '同意退回区级' } });
    expect(JSON.parse((await outbox(id)).at(-1)!.payload)).toEqual({ reason: '事发地不在本镇', approvedBy: t.leader.id });
  });
});
