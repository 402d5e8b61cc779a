/**
 * 回访 (follow_up) and reopen between two consoles of 白鹭镇 through the real reference district
 * server (PROTOCOL.md v1.1, issue #16): what console 1 records arrives on console 2 — the satisfaction
 * and text in the timeline, the event reopened to reported with the same row (its accept clock from
 * the reopen) — and the server refuses a follow_up outside the three satisfactions and a reopen of an
 * event that is not closed, by the same lifecycle table the console uses.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { TOWN } from '../sync/harness';
import { districtActions, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

const row = (core: Core, id: string) =>
  core.db.read((sql) =>
    sql.get<Record<string, unknown>>(
      `SELECT state, is_open, accepted_at, dispatched_at, resolved_at, closed_at, accept_due, ack_due, resolve_due, due_at, due_kind, lead_post_id, version FROM event WHERE id = ?`,
      [id],
    ),
  );

const activeTasks = async (core: Core, id: string) =>
  (await core.db.read((sql) => sql.get<{ n: number }>(`SELECT count(*) AS n FROM assignment WHERE event_id = ? AND active = 1`, [id])))!.n;

describe('回访 and reopen, both ways', () => {
  it('follow_up unsatisfied and reopen on console 1 arrive on console 2: the same row, the timeline shows both; the district served them in order', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const id = await t.a.events.report(town.officer, { title: '白鹭溪沿岸路灯不亮', categoryCode: town.itemCode, level: 'serious', source: 'phone', gridCode: town.gridCode });
    const proposal = await t.a.events.proposeDispatch(town.officer, id);
    await t.a.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((p) => p.id) });
    await t.a.events.acknowledge(town.officer, id, proposal.lead.id);
    await t.a.events.reportBack(town.leader, id, '已联系供电所修复');
    await t.a.events.verify(town.officer, id);
    await syncAll(t);
    expect(await activeTasks(t.b, id)).toBeGreaterThan(0);
    t.clock.advance(86_400_000);
    await t.a.events.recordFollowUp(town.officer, id, 'unsatisfied', '居民说路灯仍然时亮时灭');
    t.clock.advance(60_000);
    await t.a.events.reopen(town.officer, id, '回访不满意，重新处置');
    await syncAll(t);

    const onA = await row(t.a, id);
    expect(onA).toMatchObject({ state: 'reported', is_open: 1, accepted_at: null, closed_at: null, due_kind: 'accept' });
    expect(Date.parse(String(onA!.accept_due))).toBeGreaterThan(t.clock.now().getTime() - 1);
    expect(await row(t.b, id)).toEqual(onA);
    // The first round's posts' tasks ended on both consoles.
    expect(await activeTasks(t.a, id)).toBe(0);
    expect(await activeTasks(t.b, id)).toBe(0);
    const b = sampleTown(t.b);
    const timeline = (await t.b.events.detail(b.officer, id)).timeline.slice(-2);
    expect(timeline).toMatchObject([
      { action: 'follow_up', payload: { satisfaction: 'unsatisfied', text: '居民说路灯仍然时亮时灭' } },
      { action: 'reopen', fromState: 'closed', toState: 'reported', payload: { reason: '回访不满意，重新处置' } },
    ]);
    expect((await t.b.events.queue(b.officer, { limit: 100 })).rows.map((r) => r.id)).toContain(id);
    expect(await noProblems(t)).toEqual([]);
    const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-a' } });
    const served = ((await res.json()) as { ops: { entityId: string; action?: string }[] }).ops.filter((o) => o.entityId === id).map((o) => o.action);
    expect(served).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'report_back', 'verify', 'follow_up', 'reopen']);
  });

  it('both consoles list the same closed events to call back; the district refuses a satisfaction outside the three, a follow_up with no text, and a follow_up or reopen of an open event', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const closed = await t.a.events.report(town.officer, { title: '噪音扰民', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await t.a.events.accept(town.officer, closed);
    await t.a.events.close(town.officer, closed, '已劝导');
    const open = await t.a.events.report(town.officer, { title: '井盖缺失', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    // A few more closed on console 1: console 2 lists the same ones to call back (the sample is by id).
    for (let i = 0; i < 12; i++) {
      const id = await t.a.events.report(town.officer, { title: `占道经营 ${i}`, categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
      await t.a.events.accept(town.officer, id);
      await t.a.events.close(town.officer, id, '已劝离');
    }
    await syncAll(t);
    const today = { closedFrom: '2025-12-20', closedTo: '2025-12-20' };
    const listed = (await t.a.events.followUps(town.officer, today)).map((c) => c.id);
    expect(listed.length).toBeLessThan(14);
    expect((await t.b.events.followUps(sampleTown(t.b).officer, today)).map((c) => c.id)).toEqual(listed);
    expect((await t.b.events.followUps(sampleTown(t.b).officer, { ...today, sharePercent: 100 })).length).toBe(13);

    const results = await districtActions(t, [
      { entityId: closed, action: 'follow_up', payload: { satisfaction: 'happy', text: '很好' } },
      { entityId: closed, action: 'follow_up', payload: { satisfaction: 'unreachable', text: '未接通' } },
      { entityId: closed, action: 'follow_up', payload: { satisfaction: 'satisfied' } },
      { entityId: open, action: 'follow_up', payload: { satisfaction: 'satisfied', text: '满意' } },
      { entityId: open, action: 'reopen', payload: { reason: '不满意' } },
      { entityId: closed, action: 'reopen', payload: {} },
    ]);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
      ['rejected', 'conflict'],
      ['rejected', 'conflict'],
      ['rejected', 'invalid'],
    ]);
    // Nothing of it reached the consoles.
    await syncAll(t);
    expect(await row(t.b, closed)).toMatchObject({ state: 'closed' });
    expect(await row(t.b, open)).toMatchObject({ state: 'reported' });
  });
});
