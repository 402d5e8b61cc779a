/**
 * A held event (挂账) finished without a release (issue #15's acceptance audit): report back, escalate
 * or any other way out of the handling states ends the hold on the way, as a `release` would — the
 * clocks moved on by the time held, off the 挂账 list, its review reminder settled, a `release` in the
 * timeline and the outbox before the action — so after closing it is neither held nor late: not in
 * 按期办结率's late count, not overdue in 历史事件.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

const DAY = 86400_000;
const CODE = 'SAFE-001';

function leadStaff(): Actor {
  const item = t.core.town.catalogue.get(CODE)!;
  return t.staffOf(t.core.town.posts.get(item.leadPostId)!.code, 'A');
}

/** Reported, accepted and dispatched, then acknowledged by the lead post: in_progress. */
async function inProgress(title = '厂房屋顶漏水需专项资金维修'): Promise<string> {
  const id = await t.core.events.report(t.officer, { title, categoryCode: CODE, level: 'general', source: 'phone', gridCode: 'G01' });
  const item = t.core.town.catalogue.get(CODE)!;
  await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
  await t.core.events.acknowledge(leadStaff(), id, item.leadPostId);
  return id;
}

const resolveDue = async (id: string) => (await t.core.events.detail(t.officer, id)).clocks.find((c) => c.kind === 'resolve')!.dueAt!;
const outbox = (id: string) => t.core.db.read((sql) => sql.all<{ action: string; payload: string }>(`SELECT action, payload FROM outbox WHERE entity_id = ? ORDER BY seq`, [id]));
const row = (id: string) =>
  t.core.db.read((sql) =>
    sql.get<{ carried_over: number; hold_review_by: string | null; clock_paused_at: string | null; resolve_due: string; closed_at: string | null; version: number }>(
      `SELECT carried_over, hold_review_by, clock_paused_at, resolve_due, closed_at, version FROM event WHERE id = ?`,
      [id],
    ),
  );
const reviewAlarms = (id: string) =>
  t.core.db.read((sql) => sql.all<{ acked_at: string | null; ack_note: string | null }>(`SELECT acked_at, ack_note FROM alarm WHERE event_id = ? AND kind = 'hold_review'`, [id]));

describe('挂账 ends when the event leaves the handling states', () => {
  it('held 10 days, reported back and verified: released on the way, not on the 挂账 list, not late in 按期办结率, not overdue in 历史事件', async () => {
    const id = await inProgress();
    const before = await resolveDue(id);
    const heldAt = t.clock.now().toISOString();
    await t.core.events.requestHold(t.leader, { eventId: id, reason: '需区财政拨款维修', reviewBy: '2026-11-26' });
    expect(await row(id)).toMatchObject({ carried_over: 1, hold_review_by: '2026-11-26', clock_paused_at: heldAt });

    // Ten days held: past the resolve limit as the clock stood, and a review reminder on the way.
    t.clock.advance(10 * 86400_000);
    await t.core.events.sweep();
    expect(await reviewAlarms(id)).toMatchObject([{ acked_at: null }]);
    expect(Date.parse(before)).toBeLessThan(t.clock.now().getTime());

    const handler = leadStaff();
    await t.core.events.reportBack(handler, id, '财政资金到位，屋顶已修复');
    const backAt = t.clock.now().toISOString();
    const resolved = await t.core.events.detail(t.officer, id);
    expect(resolved).toMatchObject({ state: 'resolved', carriedOver: false, holdReviewBy: null, clockPausedAt: null });
    expect(resolved.allowedActions).not.toContain('release');
    // The clocks moved on by exactly the time held, as a release moves them.
    expect(Date.parse(await resolveDue(id)) - Date.parse(before)).toBe(Date.parse(backAt) - Date.parse(heldAt));
    // The timeline: the release on the way, then the report back; the outbox: a release op first.
    const [release, back] = resolved.timeline.slice(-2);
    expect(release).toMatchObject({
      action: 'release',
      actorId: handler.id,
      payload: { reason: '随办结反馈解除挂账', implicit: 'report_back', heldSince: heldAt },
    });
    expect(back).toMatchObject({ action: 'report_back', toState: 'resolved' });
    const ops = await outbox(id);
    expect(ops.slice(-2).map((o) => o.action)).toEqual(['release', 'report_back']);
    expect(JSON.parse(ops.at(-2)!.payload)).toEqual({ reason: '随办结反馈解除挂账' });
    // Off the 挂账 list; the reminder settled, with why; the sweep raises no new one.
    expect(await t.core.events.holds(t.officer)).toEqual([]);
    expect(await reviewAlarms(id)).toMatchObject([{ ack_note: '已解除挂账' }]);
    t.clock.advance(60_000);
    await t.core.events.sweep();
    expect(await reviewAlarms(id)).toHaveLength(1);

    t.clock.advance(60 * 60_000);
    await t.core.events.verify(t.officer, id);
    const closed = await row(id);
    expect(closed).toMatchObject({ carried_over: 0, hold_review_by: null, clock_paused_at: null });
    expect(closed!.closed_at! <= closed!.resolve_due).toBe(true);

    // 按期办结率: closed on time; nothing held now.
    const from = '2026-11-23T00:00:00.000Z';
    const to = new Date(t.clock.now().getTime() + 1).toISOString();
    const town = (await t.core.metrics.compute('town', { from, to })).groups.find((g) => g.key === '')!;
    expect(town.current.closeOnTime).toMatchObject({ onTime: 1, late: 0 });
    expect(town.heldNow).toBe(0);
    expect(await t.core.db.read((sql) => t.core.metrics.townRates(sql, { from, to }))).toMatchObject({ close: { onTime: 1, late: 0 } });
    // 历史事件: closed, not overdue, not held; found by 未超时, not by 挂账.
    const found = await t.core.history.search(t.officer, { text: '屋顶漏水', limit: 10 });
    expect(found.rows).toEqual([expect.objectContaining({ id, state: 'closed', overdue: false, holdReviewBy: null })]);
    expect((await t.core.history.search(t.officer, { held: true, limit: 10 })).rows).toEqual([]);
    expect((await t.core.history.search(t.officer, { overdue: true, limit: 10 })).rows.map((r) => r.id)).not.toContain(id);
  });

  it('escalated while held: a release op first, then the escalation; off the 挂账 list', async () => {
    const id = await inProgress('河道清淤需区水利局协调');
    await t.core.events.requestHold(t.leader, { eventId: id, reason: '需区级部门协调', reviewBy: '2026-12-01' });
    t.clock.advance(2 * DAY);
    await t.core.events.escalate(t.officer, id, '超出本镇处置能力，请区级协调');
    const d = await t.core.events.detail(t.officer, id);
    expect(d).toMatchObject({ state: 'escalated', carriedOver: false, holdReviewBy: null, clockPausedAt: null });
    expect(d.timeline.slice(-2).map((e) => [e.action, (e.payload as { reason?: string }).reason])).toEqual([
      ['release', '随上报区级解除挂账'],
      ['escalate', '超出本镇处置能力，请区级协调'],
    ]);
    expect((await outbox(id)).slice(-2).map((o) => o.action)).toEqual(['release', 'escalate']);
    expect(await t.core.events.holds(t.officer)).toEqual([]);
  });

  it('a re-dispatch, a note, an extension keep the hold: only a way out of the handling states ends it', async () => {
    const id = await inProgress('路灯线路改造');
    await t.core.events.requestHold(t.leader, { eventId: id, reason: '等待供电公司停电窗口', reviewBy: '2026-12-01' });
    const item = t.core.town.catalogue.get(CODE)!;
    await t.core.events.note(t.officer, id, '已联系供电公司');
    await t.core.events.dispatch(t.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
    expect(await row(id)).toMatchObject({ carried_over: 1, hold_review_by: '2026-12-01' });
    expect((await t.core.events.holds(t.officer)).map((h) => h.id)).toEqual([id]);
    expect((await outbox(id)).map((o) => o.action)).not.toContain('release');
  });

  it('an event left held outside the handling states (before this rule) is released by its next change of state, with no op of its own', async () => {
    const id = await inProgress('旧数据：已反馈仍挂账');
    await t.core.events.requestHold(t.leader, { eventId: id, reason: '旧规则下的挂账', reviewBy: '2026-12-01' });
    await t.core.events.reportBack(leadStaff(), id, '已修复');
    // As the row was left by the old rule: resolved and still held, its clock standing.
    const pausedAt = t.clock.now().toISOString();
    await t.core.db.write((sql) =>
      sql.run(`UPDATE event SET carried_over = 1, carry_over_note = '旧规则下的挂账', hold_review_by = '2026-12-01', clock_paused_at = ? WHERE id = ?`, [pausedAt, id]),
    );
    const version = (await row(id))!.version;
    t.clock.advance(DAY);
    await t.core.events.verify(t.officer, id);
    expect(await row(id)).toMatchObject({ carried_over: 0, hold_review_by: null, clock_paused_at: null, version: version + 1 });
    const d = await t.core.events.detail(t.officer, id);
    expect(d.timeline.slice(-2).map((e) => [e.action, (e.payload as { reason?: string }).reason])).toEqual([
      ['release', '随核查办结解除挂账'],
      ['verify', undefined],
    ]);
    expect((await outbox(id)).slice(-1).map((o) => o.action)).toEqual(['verify']);
    expect(await t.core.events.holds(t.officer)).toEqual([]);
  });
});
