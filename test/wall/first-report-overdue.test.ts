/**
 * The wall's 超期事件 list holds an event late only on its 首报 (issue #15's acceptance audit): a serious
 * event accepted more than the first report's limit ago with no first report, escalated or in progress
 * within its handling limits, is on the list (due at its first report's due time, marked 首报超时) and in
 * its total; filed, or never accepted (no first report owed yet), it is not marked so. The query runs on
 * idx_event_first_report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { CockpitRepository } from '../../main/core/wall/cockpit.repository';
import { makeCore, type TestCore } from '../support/core';

const MIN = 60_000;
let t: TestCore;

beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

const CODE = 'SAFE-002';

async function serious(title: string): Promise<string> {
  return t.core.events.report(t.officer, { title, categoryCode: CODE, level: 'serious', source: 'phone', gridCode: 'G01' });
}

function leadHolder(): { actor: Actor; postId: string } {
  const postId = t.core.town.catalogue.get(CODE)!.leadPostId;
  return { actor: t.staffOf(t.core.town.posts.get(postId)!.code, 'A'), postId };
}

describe('超期事件: late only on the 首报', () => {
  it('an escalated serious event and one in progress within its limits, both with no first report past its limit, are listed and counted; a filed one and an unaccepted one are not marked 首报超时', async () => {
    const escalated = await serious('化工厂储罐泄漏');
    await t.core.events.accept(t.officer, escalated);
    await t.core.events.escalate(t.officer, escalated, '需区应急管理局处置');

    t.clock.advance(5 * MIN);
    const handling = await serious('白鹭大桥桥墩冲刷');
    const { actor, postId } = leadHolder();
    const item = t.core.town.catalogue.get(CODE)!;
    await t.core.events.acceptAndDispatch(t.officer, { eventId: handling, leadPostId: postId, cooperatingPostIds: [...item.cooperatingPostIds] });
    await t.core.events.acknowledge(actor, handling, postId);
    await t.core.events.arrive(actor, handling, postId);

    const filed = await serious('山体滑坡阻断村道');
    await t.core.events.accept(t.officer, filed);
    await t.core.events.situationReport(t.officer, { eventId: filed, stage: 'first', text: '首报：村道被阻断，无人员伤亡。' });
    const unaccepted = await serious('水库水位超汛限');

    t.clock.advance(30 * MIN);
    const before = await t.core.wall.overdue(t.wall, 10);
    expect(before.rows.map((r) => r.id)).not.toContain(escalated);

    t.clock.advance(35 * MIN); // 65 minutes after the first acceptance, 60 after the second
    const detail = await t.core.events.detail(t.officer, handling);
    expect(detail.state).toBe('in_progress');
    expect(Date.parse(detail.dueAt!)).toBeGreaterThan(t.clock.now().getTime()); // within its handling limit
    const wall = await t.core.wall.overdue(t.wall, 10);
    const dueOf = async (id: string) =>
      (await t.core.db.read((sql) => sql.get<{ first_report_due: string }>(`SELECT first_report_due FROM event WHERE id = ?`, [id])))!.first_report_due;
    expect(wall.rows.filter((r) => [escalated, handling].includes(r.id))).toEqual([
      expect.objectContaining({ id: escalated, state: 'escalated', dueAt: await dueOf(escalated), dueKind: null, firstReportLate: true, reportStage: null }),
      expect.objectContaining({ id: handling, state: 'in_progress', dueAt: await dueOf(handling), dueKind: null, firstReportLate: true }),
    ]);
    // The other two are listed for their own clocks (not dispatched in time), not for a first report.
    for (const id of [filed, unaccepted]) {
      const r = wall.rows.find((x) => x.id === id);
      expect(r, id).toMatchObject({ firstReportLate: false });
      expect(r!.dueKind).not.toBeNull();
    }
    const counts = await t.core.wall.counts(t.wall);
    expect(wall.total).toBe(counts.overdue + 2);
    // Most overdue first, whatever made it late.
    const dues = wall.rows.map((r) => r.dueAt);
    expect(dues).toEqual([...dues].sort());

    // The first report filed: off the list.
    await t.core.events.situationReport(t.officer, { eventId: handling, stage: 'first', text: '首报：桥墩冲刷，已封闭交通。' });
    const after = await t.core.wall.overdue(t.wall, 10);
    expect(after.rows.map((r) => r.id)).not.toContain(handling);
    expect(after.total).toBe(wall.total - 1);
    // A list one row long takes the most overdue, and still counts both.
    const one = await t.core.wall.overdue(t.wall, 1);
    expect(one.rows).toHaveLength(1);
  });

  it('runs on idx_event_first_report', async () => {
    const now = t.clock.now().toISOString();
    const plan = await t.core.db.read((sql) =>
      sql.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT id FROM event INDEXED BY idx_event_first_report
          WHERE first_report_due IS NOT NULL AND first_report_at IS NULL AND first_report_due < ? AND is_open = 1 AND (due_at IS NULL OR due_at >= ?) ORDER BY first_report_due LIMIT 10`,
        [now, now],
      ),
    );
    expect(plan.map((p) => p.detail).join(' | ')).toContain('idx_event_first_report');
    expect(await t.core.db.read((sql) => new CockpitRepository().firstReportOverdue(sql, now, 10))).toEqual({ total: 0, rows: [] });
  });
});
