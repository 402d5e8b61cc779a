/** The event loop on a real SQLite file: every command, its refusals, its timeline, outbox and alarms. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { DomainError } from '../../main/core/errors';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

/** Counts and the full event rows: what "nothing changed" is checked against. */
async function snapshot(): Promise<string> {
  return t.core.db.read(async (sql) =>
    JSON.stringify({
      events: await sql.all('SELECT * FROM event ORDER BY id'),
      timeline: await sql.all('SELECT count(*) AS n FROM event_timeline'),
      outbox: await sql.all('SELECT count(*) AS n FROM outbox'),
      assignments: await sql.all('SELECT * FROM assignment ORDER BY id'),
      approvals: await sql.all('SELECT * FROM approval ORDER BY id'),
      alarms: await sql.all('SELECT * FROM alarm ORDER BY id'),
    }),
  );
}

async function refused(fn: () => Promise<unknown>, code: string): Promise<void> {
  const before = await snapshot();
  await expect(fn()).rejects.toSatisfy((e: unknown) => e instanceof DomainError && e.code === code);
  expect(await snapshot()).toBe(before);
}

function item(code = 'SAFE-001') {
  const i = t.core.town.catalogue.get(code);
  if (!i) throw new Error(`no item ${code}`);
  return i;
}

async function newEvent(extra: Partial<Parameters<TestCore['core']['events']['report']>[1]> = {}): Promise<string> {
  return t.core.events.report(t.officer, { title: '厂房消防通道堵塞', categoryCode: 'SAFE-001', level: 'general', source: 'phone', gridCode: 'G01', ...extra });
}

function leadStaff(code = 'SAFE-001'): { actor: Actor; postId: string } {
  const post = t.core.town.posts.get(item(code).leadPostId)!;
  return { actor: t.staffOf(post.code, 'A'), postId: post.id };
}

async function dispatched(): Promise<string> {
  const id = await newEvent();
  const i = item();
  await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: i.leadPostId, cooperatingPostIds: [...i.cooperatingPostIds] });
  return id;
}

describe('the closed loop', () => {
  it('report → accept → dispatch → acknowledge → arrive → report back → verify, all in the timeline and outbox', async () => {
    const id = await newEvent();
    await t.core.events.accept(t.officer, id);
    const i = item();
    await t.core.events.dispatch(t.officer, { eventId: id, leadPostId: i.leadPostId, cooperatingPostIds: [...i.cooperatingPostIds] });
    const { actor, postId } = leadStaff();
    await t.core.events.acknowledge(actor, id, postId);
    await t.core.events.arrive(actor, id, postId);
    await t.core.events.reportBack(actor, id, '已清理通道');
    await t.core.events.verify(t.officer, id);
    const d = await t.core.events.detail(t.officer, id);
    expect(d.state).toBe('closed');
    expect(d.version).toBe(7);
    expect(d.timeline.map((e) => e.action)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'arrive', 'report_back', 'verify']);
    expect(d.clocks.find((c) => c.kind === 'on_scene')?.stoppedAt).not.toBeNull();
    const outbox = await t.core.db.read((sql) => sql.all<{ seq: number; action: string; payload: string }>('SELECT seq, action, payload FROM outbox ORDER BY seq'));
    expect(outbox.map((o) => o.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(JSON.parse(outbox[2]!.payload)).toMatchObject({ leadPostId: i.leadPostId, cooperatingPostIds: i.cooperatingPostIds });
    const queue = await t.core.events.queue(t.officer, { limit: 100 });
    expect(queue.rows.find((r) => r.id === id)).toBeUndefined();
  });

  it('one-key dispatch writes accept and dispatch in one transaction with two timeline entries', async () => {
    const id = await newEvent();
    const proposal = await t.core.events.proposeDispatch(t.officer, id);
    expect(proposal.needsAccept).toBe(true);
    expect(proposal.lead.id).toBe(item().leadPostId);
    expect(proposal.lead.acting.as).toBe('A');
    await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((c) => c.id) });
    const d = await t.core.events.detail(t.officer, id);
    expect(d.state).toBe('dispatched');
    expect(d.timeline.map((e) => e.action)).toEqual(['report', 'accept', 'dispatch']);
    expect(d.assignments.filter((a) => a.active).map((a) => a.as)).toEqual(d.assignments.map(() => 'A'));
    expect(d.dueKind).toBe('acknowledge');
  });

  it('a failing second half rolls the accept back too', async () => {
    const id = await newEvent();
    await refused(() => t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: 'no-such-post', cooperatingPostIds: [] }), 'unknown_post');
    expect((await t.core.events.detail(t.officer, id)).state).toBe('reported');
  });

  it('a cooperating post adds its part as a note; the lead reports back', async () => {
    const id = await dispatched();
    const coopId = item().cooperatingPostIds[0];
    expect(coopId).toBeDefined();
    const coop = t.core.town.posts.get(coopId!)!;
    await t.core.events.acknowledge(t.staffOf(coop.code), id, coop.id);
    await t.core.events.note(t.staffOf(coop.code), id, '已配合现场检查', coop.id);
    const d = await t.core.events.detail(t.officer, id);
    expect(d.state).toBe('dispatched');
    expect(d.timeline.slice(-2).map((e) => [e.action, e.payload.postId])).toEqual([
      ['note', coop.id],
      ['note', coop.id],
    ]);
    // Board staff of another post cannot report back for the lead post.
    const { actor, postId } = leadStaff();
    await t.core.events.acknowledge(actor, id, postId);
    await refused(() => t.core.events.reportBack(t.staffOf(coop.code), id, '不是我的'), 'not_post_holder');
  });
});

describe('refusals change nothing', () => {
  it('refuses every action outside its starting states', async () => {
    const id = await newEvent();
    await refused(() => t.core.events.verify(t.officer, id), 'conflict');
    await refused(() => t.core.events.reportBack(t.officer, id, 'x'), 'conflict');
    await refused(() => t.core.events.reject(t.officer, id, 'x'), 'conflict');
    await refused(() => t.core.events.arrive(t.officer, id, item().leadPostId), 'not_post_holder');
    await t.core.events.accept(t.officer, id);
    await refused(() => t.core.events.accept(t.officer, id), 'conflict');
    await t.core.events.close(t.officer, id, '电话解释已办结');
    await refused(() => t.core.events.note(t.officer, id, '还想写点'), 'conflict');
    await refused(() => t.core.events.escalate(t.officer, id, '升级'), 'conflict');
    await refused(() => t.core.events.markInvalid(t.officer, id, '无效'), 'conflict');
  });

  it('the person who reported back cannot verify or reject it', async () => {
    const id = await dispatched();
    await t.core.events.acknowledge(t.officer, id, item().leadPostId);
    await t.core.events.reportBack(t.officer, id, '电话确认已处理');
    await refused(() => t.core.events.verify(t.officer, id), 'same_handler');
    await refused(() => t.core.events.reject(t.officer, id, '重做'), 'same_handler');
    await t.core.events.reject(t.officer2, id, '现场仍有杂物');
    expect((await t.core.events.detail(t.officer, id)).state).toBe('in_progress');
  });

  it('dispatching elsewhere than the catalogue says needs a reason, and logs it', async () => {
    const id = await newEvent();
    await t.core.events.accept(t.officer, id);
    const other = [...t.core.town.posts.values()].find((p) => p.id !== item().leadPostId)!;
    await refused(() => t.core.events.dispatch(t.officer, { eventId: id, leadPostId: other.id, cooperatingPostIds: [] }), 'override_reason_required');
    await t.core.events.dispatch(t.officer, { eventId: id, leadPostId: other.id, cooperatingPostIds: [], overrideReason: '该企业由此岗位包联' });
    const d = await t.core.events.detail(t.officer, id);
    expect(d.timeline.at(-1)?.payload.override).toMatchObject({ reason: '该企业由此岗位包联', suggestedLeadPostId: item().leadPostId });
  });

  it('refuses unknown categories and grids, and future report times', async () => {
    await refused(() => newEvent({ categoryCode: 'NOPE-1' }), 'unknown_category');
    await refused(() => newEvent({ gridCode: 'G99' }), 'unknown_grid');
    await refused(() => newEvent({ reportedAt: '2030-01-01T00:00:00.000Z' }), 'invalid');
  });
});

describe('roles', () => {
  it('allows each command to its roles only', async () => {
    const id = await newEvent();
    await refused(() => t.core.events.accept(t.wall, id), 'forbidden');
    await refused(() => t.core.events.accept(t.admin, id), 'forbidden');
    await refused(() => t.core.events.queue(t.wall, { limit: 10 }), 'forbidden');
    const staff = leadStaff().actor;
    await refused(() => t.core.events.accept(staff, id), 'forbidden');
    await refused(() => t.core.events.decideApproval(t.officer, { approvalId: 'x', approve: true }), 'forbidden');
  });
});

describe('return, extension, carry-over (approved by the duty leader)', () => {
  it('an officer asks to return an event; the leader approves; the return goes to the outbox', async () => {
    const id = await newEvent();
    const { approvalId } = await t.core.events.requestReturn(t.officer, id, '不属于本镇管辖');
    expect(approvalId).not.toBeNull();
    expect((await t.core.events.detail(t.officer, id)).state).toBe('reported');
    await refused(() => t.core.events.requestReturn(t.officer, id, '再来一次'), 'conflict');
    await t.core.events.decideApproval(t.leader, { approvalId: approvalId!, approve: true });
    const d = await t.core.events.detail(t.officer, id);
    expect(d.state).toBe('returned');
    expect(d.timeline.at(-1)?.payload).toMatchObject({ reason: '不属于本镇管辖', approvedBy: t.leader.id });
    await refused(() => t.core.events.decideApproval(t.leader, { approvalId: approvalId!, approve: false }), 'already_decided');
  });

  it('a post asks for more time; a refused extension changes no deadline, an approved one does', async () => {
    const id = await dispatched();
    const { actor, postId } = leadStaff();
    const before = await t.core.events.detail(t.officer, id);
    const resolveDue = before.clocks.find((c) => c.kind === 'resolve')!.dueAt!;
    await refused(() => t.core.events.requestExtension(actor, { eventId: id, postId, until: '2026-11-23T02:00:00.000Z', reason: '早于原期限' }), 'invalid');
    const until = new Date(Date.parse(resolveDue) + 3 * 86400_000).toISOString();
    const first = await t.core.events.requestExtension(actor, { eventId: id, postId, until, reason: '需等待检测报告' });
    await t.core.events.decideApproval(t.leader, { approvalId: first.approvalId, approve: false, note: '先处理' });
    expect((await t.core.events.detail(t.officer, id)).clocks.find((c) => c.kind === 'resolve')!.dueAt).toBe(resolveDue);
    const second = await t.core.events.requestExtension(actor, { eventId: id, postId, until, reason: '需等待检测报告' });
    await t.core.events.decideApproval(t.leader, { approvalId: second.approvalId, approve: true });
    const after = await t.core.events.detail(t.officer, id);
    expect(after.clocks.find((c) => c.kind === 'resolve')!.dueAt).toBe(until);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'extend', payload: { until, approvedBy: t.leader.id } });
  });
});

describe('duplicates and merge', () => {
  it('flags a report of the same item in the same grid within two hours; merging keeps both timelines', async () => {
    const first = await newEvent();
    t.clock.advance(30 * 60_000);
    const second = await newEvent({ title: '又有人反映通道堵塞' });
    const otherGrid = await newEvent({ gridCode: 'G02' });
    t.clock.advance(3 * 3600_000);
    const late = await newEvent();
    const rows = (await t.core.events.queue(t.officer, { limit: 100 })).rows;
    const dup = (id: string) => rows.find((r) => r.id === id)!.possibleDuplicateOf;
    expect(dup(second)).toBe(first);
    expect(dup(otherGrid)).toBeNull();
    expect(dup(late)).toBeNull();
    await refused(() => t.core.events.merge(t.officer, second, second, '重复报告'), 'merge_into_self');
    await t.core.events.merge(t.officer, second, first, '重复报告');
    const d = await t.core.events.detail(t.officer, first);
    expect(d.timeline.filter((e) => e.eventId === second).map((e) => e.action)).toEqual(['report', 'merge']);
    expect(d.timeline.some((e) => e.action === 'merged_from')).toBe(true);
    expect((await t.core.events.detail(t.officer, second)).state).toBe('merged');
  });
});

describe('SLA clocks and alarms', () => {
  it('a serious event raises an alarm at once; an overdue clock raises one, once', async () => {
    await newEvent({ level: 'serious', categoryCode: 'SAFE-002' });
    let alarms = await t.core.alarms.list();
    expect(alarms.map((a) => a.kind)).toEqual(['new_serious']);
    t.clock.advance(4 * 60_000); // a serious accept limit is at most 3 minutes
    await t.core.events.sweep();
    await t.core.events.sweep();
    alarms = await t.core.alarms.list();
    expect(alarms.filter((a) => a.kind === 'overdue').map((a) => a.detail.dueKind)).toEqual(['accept']);
    const overdue = (await t.core.events.queue(t.officer, { limit: 10, overdueOnly: true })).rows;
    expect(overdue).toHaveLength(1);
    await t.core.alarms.ack(t.officer, alarms[0]!.id, '已电话联系');
    expect((await t.core.alarms.list()).filter((a) => a.ackedAt === null)).toHaveLength(alarms.length - 1);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'alarm.ack'`));
    expect(audit).toHaveLength(1);
  });

  it('an acknowledge timeout re-dispatches to the B holder and alarms the leader', async () => {
    const id = await dispatched();
    const lead = t.core.town.posts.get(item().leadPostId)!;
    t.clock.advance(31 * 60_000);
    await t.core.events.sweep();
    const d = await t.core.events.detail(t.officer, id);
    const active = d.assignments.filter((a) => a.active && a.role === 'lead');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ personId: lead.bPersonId, as: 'B' });
    expect(d.timeline.at(-1)).toMatchObject({ action: 'dispatch', actorId: 'system', payload: { reason: 'ack_timeout' } });
    expect((await t.core.alarms.list()).some((a) => a.kind === 'ack_timeout' && a.eventId === id)).toBe(true);
    expect(d.dueKind).toBe('acknowledge');
    expect(Date.parse(d.dueAt!)).toBeGreaterThan(t.clock.now().getTime());
  });

  it('dispatch falls back to B when A is unavailable', async () => {
    const lead = t.core.town.posts.get(item().leadPostId)!;
    await t.core.db.write((sql) => sql.run('UPDATE person SET available = 0 WHERE id = ?', [lead.aPersonId]));
    await t.core.town.reload();
    const proposal = await t.core.events.proposeDispatch(t.officer, await newEvent());
    expect(proposal.lead.acting).toMatchObject({ personId: lead.bPersonId, as: 'B' });
  });

  it('work-day resolve limits skip the Spring Festival holiday', async () => {
    const t2 = await makeCore('2026-02-13T02:00:00.000Z'); // Fri 13 Feb 2026, 10:00, before 春节
    try {
      const code = [...t2.core.town.catalogue.values()].find((i) => i.limits.resolve.unit === 'work_day' && i.defaultLevel === 'general')!.code;
      const i = t2.core.town.catalogue.get(code)!;
      const id = await t2.core.events.report(t2.officer, { title: '节前报修', categoryCode: code, level: 'general', source: 'phone' });
      await t2.core.events.acceptAndDispatch(t2.officer, { eventId: id, leadPostId: i.leadPostId, cooperatingPostIds: [...i.cooperatingPostIds] });
      const due = (await t2.core.events.detail(t2.officer, id)).clocks.find((c) => c.kind === 'resolve')!.dueAt!;
      const cal = t2.core.calendar.current();
      const expected = cal.addWorkingDays(new Date('2026-02-13T02:00:00.000Z'), i.limits.resolve.value).toISOString();
      expect(due).toBe(expected);
      // The holiday week (15–23 Feb 2026) adds at least a week to the deadline.
      expect(Date.parse(due) - Date.parse('2026-02-13T02:00:00.000Z')).toBeGreaterThan((i.limits.resolve.value + 7) * 86400_000);
    } finally {
      await t2.close();
    }
  });
});

describe('holiday calendar', () => {
  it('warns in December about next year until the admin enters it', async () => {
    t.clock.set('2026-12-01T01:00:00.000Z');
    expect(t.core.calendar.status().missingYears).toEqual([2027]);
    await expect(t.core.calendar.setYear(t.admin.id, { year: 2027, holidays: [{ date: '2026-10-01', name: '国庆节' }], workdays: [] })).rejects.toThrow(/not in 2027/);
    await t.core.calendar.setYear(t.admin.id, {
      year: 2027,
      holidays: [
        { date: '2027-01-01', name: '元旦' },
        { date: '2027-10-01', name: '国庆节' },
      ],
      workdays: [{ date: '2027-10-09', name: '国庆节调休' }],
    });
    expect(t.core.calendar.status().missingYears).toEqual([]);
    expect(t.core.calendar.current().isWorkday('2027-10-09')).toBe(true);
    expect(t.core.calendar.current().isWorkday('2027-10-01')).toBe(false);
  });
});
