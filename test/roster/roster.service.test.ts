/**
 * Rosters on a real core (SQLite): generating a month, hand edits with clashes refused or flagged,
 * absences, swaps approved by the leader, every change audited and written to the outbox as an
 * upsert in its transaction; the acting holder from the roster in dispatch and in the timeline;
 * and the watch's tick (reminders, notices, alarms to the leader, the handover draft).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RosterView, ShiftView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { refusedWith } from '../support/refused';
import { fill } from '../../renderer/src/locales';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { actorOf, bj, outboxOf, rosterCore, watchState } from './helpers';

let t: TestCore;
let january: RosterView;
beforeEach(async () => {
  t = await rosterCore();
  january = await t.core.roster.generate(t.admin, '2026-01');
});
afterEach(async () => {
  await t.close();
});

const shiftOn = (view: RosterView, date: string, template: string): ShiftView => view.days.find((d) => d.date === date)!.shifts.find((s) => s.templateCode === template)!;
const cell = (s: ShiftView, key: string, slot = 0) => s.roles.find((r) => r.key === key)!.slots[slot]!;

describe('generating a month', () => {
  it('plans 62 shifts with every role filled, fairly, each synced as an upsert with an audit row', async () => {
    const shifts = january.days.flatMap((d) => d.shifts);
    expect(shifts).toHaveLength(62);
    expect(january.clashes).toEqual([]);
    expect(shifts.every((s) => s.roles.every((r) => r.slots.every((x) => x.personId !== null)))).toBe(true);
    expect(january.days[0]).toMatchObject({ date: '2026-01-01', dayKind: 'holiday', holidayName: '元旦' });
    for (const pool of new Set(january.fairness.map((f) => f.pool))) {
      const rows = january.fairness.filter((f) => f.pool === pool);
      for (const key of ['nights', 'holidays', 'total'] as const) {
        const values = rows.map((r) => r[key]);
        expect(Math.max(...values) - Math.min(...values), `${pool} ${key}`).toBeLessThanOrEqual(1);
      }
    }
    expect((await outboxOf(t, 'roster')).map((o) => o.kind)).toEqual(['upsert']);
    const shiftOps = await outboxOf(t, 'shift');
    expect(shiftOps).toHaveLength(62);
    expect(shiftOps[0]!.payload).toMatchObject({
      month: '2026-01',
      date: '2026-01-01',
      templateCode: 'day',
      startsAt: '2026-01-01T00:30:00.000Z',
      endsAt: '2026-01-01T09:30:00.000Z',
    });
    expect((shiftOps[0]!.payload.slots as unknown[]).length).toBe(7);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'roster'`));
    expect(audit.map((a) => a.action)).toEqual(['roster.generate']);
  });

  it('is the same for the same seed; regenerating keeps the shifts that have started', async () => {
    const again = await t.core.roster.generate(t.admin, '2026-01', january.seed!);
    expect(again.days.map((d) => d.shifts.map((s) => s.roles))).toEqual(january.days.map((d) => d.shifts.map((s) => s.roles)));
    t.clock.set(bj('2026-01-10', '12:00'));
    const later = await t.core.roster.generate(t.admin, '2026-01', 12345);
    const started = later.days.flatMap((d) => d.shifts).filter((s) => s.started);
    expect(started).toHaveLength(19); // 1–9 January day and night, and the day shift of the 10th
    for (const s of started) expect(s.roles).toEqual(shiftOn(january, s.date, s.templateCode).roles);
    expect(
      later.days
        .flatMap((d) => d.shifts)
        .filter((s) => !s.started)
        .some((s) => JSON.stringify(s.roles) !== JSON.stringify(shiftOn(january, s.date, s.templateCode).roles)),
    ).toBe(true);
  });

  it('follows the centre’s templates: one 24-hour shift a day once the admin picks that preset', async () => {
    const setup = t.core.roster.setup(t.admin);
    const full = setup.presets.find((p) => p.code === 'full_day')!.templates;
    await refusedWith(t.core.roster.saveSetup(t.leader, { templates: full, settings: setup.settings }), 'forbidden');
    await refusedWith(t.core.roster.saveSetup(t.admin, { templates: [{ ...full[0]!, hours: 12 }], settings: setup.settings }), 'invalid');
    await t.core.roster.saveSetup(t.admin, { templates: full, settings: { ...setup.settings, restAfter24hHours: 24 } });
    const february = await t.core.roster.generate(t.admin, '2026-02');
    expect(february.days.flatMap((d) => d.shifts).map((s) => [s.name, new Date(s.startsAt).toISOString().slice(11, 16), s.night])).toEqual(
      Array.from({ length: 28 }, () => ['24小时班', '00:30', true]),
    );
    expect(february.clashes).toEqual([]);
    // January keeps the templates it was planned with.
    expect((await t.core.roster.get(t.admin, '2026-01')).templates.map((x) => x.code)).toEqual(['day', 'night']);
  });

  it('refuses a month whose holidays the calendar does not know yet, naming the year to enter (not a field key)', async () => {
    const refusal = await refusedWith(t.core.roster.generate(t.admin, '2031-03'), 'calendar_unknown_year');
    expect(refusal.params).toEqual({ year: 2031, month: '2031-03' });
    expect(fill(zhCN.errors.calendar_unknown_year!, refusal.params)).toBe(
      '2031 年的法定节假日和调休安排还没有录入，不能排 2031-03 的班（节假日决定哪天按休息日排班）。请先在“节假日”页录入 2031 年的安排，再生成值班表。',
    );
  });

  it('is for leaders and admins only', async () => {
    await refusedWith(t.core.roster.generate(t.officer, '2026-02'), 'forbidden');
  });
});

describe('hand edits and clashes', () => {
  it('refuses someone on leave, and someone twice at once, with a clear error and no change', async () => {
    const s = shiftOn(january, '2026-01-12', 'day');
    const officer = cell(s, 'officer', 0).personId!;
    const other = january.fairness.find((f) => f.pool === 'officer' && !s.roles.some((r) => r.slots.some((x) => x.personId === f.personId)))!.personId;
    await t.core.roster.addAbsence(t.leader, { personId: other, kind: 'leave', from: '2026-01-12', to: '2026-01-13' });
    const before = await watchState(t);
    const leave = await refusedWith(t.core.roster.assign(t.admin, { shiftId: s.id, roleKey: 'officer', slot: 0, personId: other }), 'roster_clash');
    expect(leave.params).toMatchObject({ kind: 'on_leave', personId: other, shiftId: s.id, absenceKind: 'leave' });
    expect(leave.message).toMatch(/is away \(leave\)/);
    const twice = await refusedWith(t.core.roster.assign(t.admin, { shiftId: s.id, roleKey: 'officer', slot: 1, personId: officer }), 'roster_clash');
    expect(twice.params).toMatchObject({ kind: 'double_booked', personId: officer });
    expect(await watchState(t)).toBe(before);
  });

  it('flags an emptied role, syncs the changed shift as an upsert and audits who changed what', async () => {
    const s = shiftOn(january, '2026-01-15', 'night');
    const before = (await outboxOf(t, 'shift')).length;
    const view = await t.core.roster.assign(t.admin, { shiftId: s.id, roleKey: 'officer', slot: 1, personId: null });
    expect(view.clashes).toMatchObject([{ kind: 'empty_role', severity: 'warning', shiftId: s.id, roleKey: 'officer', slot: 1 }]);
    const ops = await outboxOf(t, 'shift');
    expect(ops).toHaveLength(before + 1);
    expect(ops.at(-1)).toMatchObject({ entity_id: s.id, kind: 'upsert' });
    expect((ops.at(-1)!.payload.slots as { roleKey: string; slot: number; personId: string | null }[]).find((x) => x.roleKey === 'officer' && x.slot === 1)!.personId).toBeNull();
    const audit = await t.core.db.read((sql) => sql.get<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'roster.assign'`));
    expect(audit?.actor_id).toBe(t.admin.id);
    expect(JSON.parse(audit!.detail)).toMatchObject({ roleKey: 'officer', slot: 1, from: cell(s, 'officer', 1).personId, to: null });
    // Filling it again with someone rested and free clears the clash.
    const candidates = await t.core.roster.candidates(t.admin, s.id, 'officer');
    const free = candidates.find((c) => c.inPool && !c.assigned && c.blocked === null && c.warnings.length === 0)!;
    const filled = await t.core.roster.assign(t.admin, { shiftId: s.id, roleKey: 'officer', slot: 1, personId: free.personId });
    expect(filled.clashes).toEqual([]);
  });

  it('warns (does not refuse) when someone gets no rest after 24 hours on duty', async () => {
    const day = shiftOn(january, '2026-01-20', 'day');
    const night = shiftOn(january, '2026-01-20', 'night');
    const next = shiftOn(january, '2026-01-21', 'day');
    const who = cell(day, 'leader').personId!;
    // Day and night is 24 hours in a row (allowed), then the next morning too: flagged.
    await t.core.roster.assign(t.admin, { shiftId: night.id, roleKey: 'leader', slot: 0, personId: who });
    const view = await t.core.roster.assign(t.admin, { shiftId: next.id, roleKey: 'leader', slot: 0, personId: who });
    expect(view.clashes.filter((c) => c.personId === who).map((c) => [c.kind, c.severity, c.shiftId])).toEqual([['no_rest', 'warning', next.id]]);
  });

  it('lists who can fill a cell, with why not', async () => {
    const s = shiftOn(january, '2026-01-08', 'day');
    const onShift = cell(s, 'leader').personId!;
    const away = january.fairness.find((f) => f.pool === 'officer' && !s.roles.some((r) => r.slots.some((x) => x.personId === f.personId)))!.personId;
    await t.core.roster.addAbsence(t.leader, { personId: away, kind: 'training', from: '2026-01-08', to: '2026-01-08' });
    const list = await t.core.roster.candidates(t.admin, s.id, 'officer');
    expect(list.find((c) => c.personId === away)).toMatchObject({ inPool: true, blocked: 'on_leave' });
    expect(list.find((c) => c.personId === onShift)).toMatchObject({ inPool: false, blocked: 'double_booked' });
    expect(list[0]!.assigned).toBe(true);
  });

  it('refuses to rewrite a shift that has ended', async () => {
    t.clock.set(bj('2026-01-03', '09:00'));
    const s = shiftOn(january, '2026-01-02', 'day');
    await refusedWith(t.core.roster.assign(t.admin, { shiftId: s.id, roleKey: 'officer', slot: 0, personId: null }), 'shift_ended');
  });
});

describe('absences and swaps', () => {
  it('records an absence (synced, audited), returns the shifts it now clashes with, and cancels it', async () => {
    const s = shiftOn(january, '2026-01-05', 'night');
    const who = cell(s, 'officer', 0).personId!;
    const { absence, clashes } = await t.core.roster.addAbsence(t.leader, { personId: who, kind: 'business_trip', from: '2026-01-05', to: '2026-01-06', note: '赴区里培训' });
    expect(absence).toMatchObject({ personId: who, kind: 'business_trip', startsAt: '2026-01-04T16:00:00.000Z', endsAt: '2026-01-06T16:00:00.000Z' });
    expect(clashes.map((c) => c.shiftId)).toContain(s.id);
    expect(clashes.every((c) => c.kind === 'on_leave' && c.personId === who)).toBe(true);
    expect((await t.core.roster.get(t.admin, '2026-01')).clashes.filter((c) => c.kind === 'on_leave').length).toBe(clashes.length);
    const cancelled = await t.core.roster.cancelAbsence(t.leader, absence.id);
    expect(cancelled.cancelledAt).not.toBeNull();
    expect((await outboxOf(t, 'absence')).map((o) => o.payload.cancelled)).toEqual([false, true]);
    expect((await t.core.roster.get(t.admin, '2026-01')).clashes).toEqual([]);
    await refusedWith(t.core.roster.addAbsence(t.officer, { personId: who, kind: 'leave', from: '2026-01-07', to: '2026-01-07' }), 'forbidden');
    await refusedWith(t.core.roster.addAbsence(t.leader, { personId: who, kind: 'leave', from: '2026-01-09', to: '2026-01-07' }), 'invalid');
  });

  it('swaps two people’s shifts once the leader approves, checked for clashes', async () => {
    const a = shiftOn(january, '2026-01-14', 'day');
    const pa = cell(a, 'officer', 0).personId!;
    const onShift = (s: ShiftView, id: string) => s.roles.some((r) => r.slots.some((x) => x.personId === id));
    // Another officer's night a few days later, neither of them on the other's shift.
    const b = january.days
      .filter((d) => d.date >= '2026-01-18')
      .map((d) => d.shifts.find((s) => s.templateCode === 'night')!)
      .find((s) => !onShift(s, pa) && !onShift(a, cell(s, 'officer', 1).personId!))!;
    const pb = cell(b, 'officer', 1).personId!;
    const requester = actorOf(t, pa);
    const swap = await t.core.roster.requestSwap(requester, {
      shiftId: a.id,
      roleKey: 'officer',
      slot: 0,
      withShiftId: b.id,
      withRoleKey: 'officer',
      withSlot: 1,
      reason: '家中有事，与同事对调',
    });
    expect(swap).toMatchObject({ status: 'pending', a: { personId: pa, date: '2026-01-14' }, b: { personId: pb, date: b.date } });
    await refusedWith(t.core.roster.decideSwap(t.officer, swap.id, true), 'forbidden');
    const outboxBefore = (await outboxOf(t, 'shift')).length;
    const decided = await t.core.roster.decideSwap(t.leader, swap.id, true, '同意');
    expect(decided).toMatchObject({ status: 'approved', decidedBy: t.leader.id });
    const view = await t.core.roster.get(t.admin, '2026-01');
    expect(cell(shiftOn(view, '2026-01-14', 'day'), 'officer', 0).personId).toBe(pb);
    expect(cell(shiftOn(view, b.date, 'night'), 'officer', 1).personId).toBe(pa);
    expect((await outboxOf(t, 'shift')).length).toBe(outboxBefore + 2);
    await refusedWith(t.core.roster.decideSwap(t.leader, swap.id, false), 'already_decided');
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'roster_swap' ORDER BY id`));
    expect(audit.map((x) => x.action)).toEqual(['roster.swap_requested', 'roster.swap_approved']);
  });

  it('refuses an approved swap that would put someone on leave, and changes nothing', async () => {
    const a = shiftOn(january, '2026-01-22', 'day');
    const b = shiftOn(january, '2026-01-26', 'day');
    const pa = cell(a, 'officer', 0).personId!;
    const swap = await t.core.roster.requestSwap(t.admin, { shiftId: a.id, roleKey: 'officer', slot: 0, withShiftId: b.id, withRoleKey: 'officer', withSlot: 0, reason: '调班' });
    await t.core.roster.addAbsence(t.leader, { personId: pa, kind: 'leave', from: '2026-01-26', to: '2026-01-26' });
    const before = await watchState(t);
    const error = await refusedWith(t.core.roster.decideSwap(t.leader, swap.id, true), 'roster_clash');
    expect(error.params).toMatchObject({ kind: 'on_leave', personId: pa });
    expect(await watchState(t)).toBe(before);
  });
});

describe('the acting holder comes from the roster', () => {
  const leadPost = (t: TestCore, code: string) => t.core.town.posts.get(t.core.town.catalogue.get(code)!.leadPostId)!;

  it('dispatch at night goes to the board’s on-call person; in office hours to A; A on leave → B', async () => {
    const post = leadPost(t, 'SAFE-001');
    const nightShift = shiftOn(january, '2026-01-06', 'night');
    const onCall = cell(nightShift, `on_call:${post.boardCode}`).personId!;
    t.clock.set(bj('2026-01-06', '22:15'));
    const id = await t.core.events.report(t.officer, { title: '夜间道路塌陷', categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    const proposal = await t.core.events.proposeDispatch(t.officer, id);
    // Said as 值守 in the dispatch dialog (it printed 「冯春燕（岗）」 and an empty tag): the proposal marks it.
    expect(proposal.lead.acting).toMatchObject({ personId: onCall, as: null, onCall: true });
    const item = t.core.town.catalogue.get('SAFE-001')!;
    await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
    const d = await t.core.events.detail(t.officer, id);
    expect(d.assignments.find((a) => a.role === 'lead')).toMatchObject({ personId: onCall, as: null });
    expect(d.timeline.at(-1)!.payload.holders).toContainEqual({ postId: post.id, personId: onCall, as: null, onCall: true });

    t.clock.set(bj('2026-01-07', '10:00'));
    expect(t.core.town.postInfo(post).acting).toMatchObject({ personId: post.aPersonId, as: 'A' });
    await t.core.roster.addAbsence(t.leader, { personId: post.aPersonId!, kind: 'leave', from: '2026-01-07', to: '2026-01-08' });
    expect(t.core.town.postInfo(post).acting).toMatchObject({ personId: post.bPersonId, as: 'B' });
  });

  it('A and B both absent: the on-call person gets the task and the duty leader is alarmed', async () => {
    const post = leadPost(t, 'SAFE-001');
    const day = shiftOn(january, '2026-01-07', 'day');
    const onCall = cell(day, `on_call:${post.boardCode}`).personId!;
    await t.core.roster.addAbsence(t.leader, { personId: post.aPersonId!, kind: 'leave', from: '2026-01-07', to: '2026-01-07' });
    await t.core.roster.addAbsence(t.leader, { personId: post.bPersonId!, kind: 'training', from: '2026-01-06', to: '2026-01-09' });
    t.clock.set(bj('2026-01-07', '10:00'));
    const id = await t.core.events.report(t.officer, { title: '路面坑洼', categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    const item = t.core.town.catalogue.get('SAFE-001')!;
    await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
    const lead = (await t.core.events.detail(t.officer, id)).assignments.find((a) => a.role === 'lead')!;
    expect(lead.personId).toBe(onCall);
    const alarms = (await t.core.alarms.list()).filter((a) => a.detail.rosterAlarm === 'ab_uncovered');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ kind: 'ab_uncovered', eventId: id, detail: { postId: post.id, onCallId: onCall, rule: 'on_call_both_absent' } });
    const acting = t.core.duty.actingAt(t.officer, { postIds: [post.id] }).posts[0]!;
    expect(acting).toMatchObject({
      rule: 'on_call_both_absent',
      alarmLeader: true,
      acting: { personId: onCall, as: 'on_call' },
      a: { status: 'absent', absenceKind: 'leave' },
      b: { status: 'absent', absenceKind: 'training' },
    });
  });

  it('answers who had the post at 03:10 last Tuesday, and who had it over a range', async () => {
    const post = leadPost(t, 'SAFE-001');
    t.clock.set(bj('2026-01-15', '10:00')); // Thursday; last Tuesday is the 13th
    const night = shiftOn(january, '2026-01-12', 'night'); // 12th 17:30 → 13th 08:30
    const onCall = cell(night, `on_call:${post.boardCode}`).personId!;
    const then = t.core.duty.actingAt(t.officer, { at: bj('2026-01-13', '03:10'), postIds: [post.id] });
    expect(then.shift).toMatchObject({ id: night.id, date: '2026-01-12' });
    expect(then.posts[0]).toMatchObject({ acting: { personId: onCall }, onCall: { personId: onCall } });
    const timeline = t.core.duty.actingTimeline(t.officer, { postId: post.id, from: bj('2026-01-13', '00:00'), to: bj('2026-01-14', '00:00') });
    const nextOnCall = cell(shiftOn(january, '2026-01-13', 'night'), `on_call:${post.boardCode}`).personId;
    // A rostered holder is on duty: when the night's on-call person is the post's B, B acts as B.
    const as = (id: string | null) => (id === post.aPersonId ? 'A' : id === post.bPersonId ? 'B' : 'on_call');
    expect(timeline.segments.map((s) => [s.from, s.to, s.personId, s.as])).toEqual([
      [bj('2026-01-13', '00:00'), bj('2026-01-13', '08:30'), onCall, as(onCall)],
      [bj('2026-01-13', '08:30'), bj('2026-01-13', '17:30'), post.aPersonId, 'A'],
      [bj('2026-01-13', '17:30'), bj('2026-01-14', '00:00'), nextOnCall, as(nextOnCall)],
    ]);
  });
});

describe('the watch’s tick', () => {
  it('reminds people before their shift, tells them when it starts, and alarms the leader about empty roles and unsigned handovers', async () => {
    const day = shiftOn(january, '2026-01-05', 'day');
    await t.core.roster.assign(t.admin, { shiftId: day.id, roleKey: 'officer', slot: 1, personId: null });
    const officer = cell(day, 'officer', 0).personId!;
    t.clock.set(bj('2026-01-05', '08:05'));
    await t.core.duty.tick();
    const reminders = await t.core.duty.notices(actorOf(t, officer), true);
    expect(reminders).toMatchObject([{ kind: 'shift_reminder', shiftId: day.id, roleLabels: ['值班员'] }]);
    t.clock.set(bj('2026-01-05', '08:31'));
    await t.core.duty.tick();
    await t.core.duty.tick();
    const notices = await t.core.duty.notices(actorOf(t, officer), false);
    expect(notices.map((n) => n.kind)).toEqual(['shift_started', 'shift_reminder']);
    const gaps = (await t.core.alarms.list()).filter((a) => a.detail.rosterAlarm === 'role_empty');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.detail).toMatchObject({ shiftId: day.id, roleKey: 'officer', slot: '1', leaderId: cell(day, 'leader').personId });
    // The night of 4 January was never signed (the tick drafted its handover at 08:00): 15 minutes into the day shift, the leader is alarmed, once.
    const lastNight = shiftOn(january, '2026-01-04', 'night').id;
    const unsigned = async () => (await t.core.alarms.list()).filter((a) => a.detail.rosterAlarm === 'no_handover' && a.detail.previousShiftId === lastNight);
    expect(await unsigned()).toEqual([]);
    t.clock.set(bj('2026-01-05', '08:46'));
    await t.core.duty.tick();
    await t.core.duty.tick();
    const noHandover = await unsigned();
    expect(noHandover).toHaveLength(1);
    expect(noHandover[0]!.detail).toMatchObject({ shiftId: day.id, handoverStatus: 'draft', leaderId: cell(day, 'leader').personId });
    await t.core.duty.readNotices(
      actorOf(t, officer),
      notices.map((n) => n.id),
    );
    expect(await t.core.duty.notices(actorOf(t, officer), true)).toEqual([]);
  });

  it('generates the handover draft before the shift ends, once', async () => {
    const day = shiftOn(january, '2026-01-05', 'day');
    t.clock.set(bj('2026-01-05', '16:59'));
    await t.core.duty.tick();
    expect((await t.core.handovers.current(t.officer)).handover).toBeNull();
    t.clock.set(bj('2026-01-05', '17:01'));
    await t.core.duty.tick();
    await t.core.duty.tick();
    const current = await t.core.handovers.current(t.officer);
    expect(current.shift?.id).toBe(day.id);
    expect(current.handover).toMatchObject({ status: 'draft', generatedBy: null });
    expect(current.handover!.items.filter((i) => i.kind === 'check')).toHaveLength(4);
    expect(await outboxOf(t, 'handover')).toHaveLength(1);
  });

  it('tells the UI to re-read the acting holders when a shift changes over, with no command at all', async () => {
    const topics: string[] = [];
    const off = t.core.feed.subscribe((m) => topics.push(m.topic));
    t.clock.set(bj('2026-01-05', '17:00'));
    await t.core.duty.tick();
    topics.length = 0;
    t.clock.set(bj('2026-01-05', '17:10'));
    await t.core.duty.tick();
    expect(topics.filter((x) => x === 'town')).toEqual([]);
    t.clock.set(bj('2026-01-05', '17:31'));
    await t.core.duty.tick();
    expect(topics.filter((x) => x === 'town')).toEqual(['town']);
    off();
  });

  it('shows the on-duty board: now and next, with phones', async () => {
    t.clock.set(bj('2026-01-05', '20:00'));
    const board = await t.core.duty.board(t.wall);
    const night = shiftOn(january, '2026-01-05', 'night');
    expect(board.current).toMatchObject({ shiftId: night.id, name: '夜班' });
    expect(board.next).toMatchObject({ shiftId: shiftOn(january, '2026-01-06', 'day').id });
    const leader = board.current!.roles.find((r) => r.key === 'leader')!;
    expect(leader.people[0]).toMatchObject({ personId: cell(night, 'leader').personId, phone: expect.stringMatching(/^1\d{10}$/), absent: false });
    expect(board.current!.roles.every((r) => !r.empty)).toBe(true);
  });
});
