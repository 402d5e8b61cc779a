/**
 * The cockpit's figures against events that went through the real lifecycle on a manual clock:
 * live counts, overdue, acceptance and closure on time for today / 7 days / 30 days, breakdowns,
 * the hourly trend and the load per grid — and the query plans those figures run on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { makeCore, type TestCore } from '../support/core';

const MIN = 60_000;
let t: TestCore;

beforeEach(async () => {
  // Friday 2026-11-20 09:00 Beijing.
  t = await makeCore('2026-11-20T01:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

async function report(gridCode: string, categoryCode = 'FIRE-001', level: 'general' | 'serious' = 'general'): Promise<string> {
  return t.core.events.report(t.officer, { title: `测试 ${gridCode}`, categoryCode, level, source: 'grid', gridCode });
}
async function dispatch(id: string, actor: Actor = t.officer): Promise<void> {
  const p = await t.core.events.proposeDispatch(actor, id);
  await t.core.events.acceptAndDispatch(actor, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
}
async function closeAtDesk(id: string): Promise<void> {
  await t.core.events.accept(t.officer, id);
  await t.core.events.close(t.officer, id, '已现场处置完毕');
}

describe('cockpit figures', () => {
  it('counts, on-time rates, breakdowns, trend and grid load follow the lifecycle', async () => {
    const wall = t.core.wall;
    const viewer = t.wall;
    // Friday: one dispatched at once (on time), one dispatched two hours late.
    const e1 = await report('G01');
    await dispatch(e1);
    const e2 = await report('G02', 'ENV-003');
    t.clock.advance(120 * MIN);
    await dispatch(e2);
    // Monday 09:00: one closed at the desk at once, one left waiting past its accept limit.
    t.clock.set('2026-11-23T01:00:00.000Z');
    const e3 = await report('G01');
    await closeAtDesk(e3);
    const e4 = await report('G03', 'SAFE-002', 'serious');
    t.clock.advance(90 * MIN);

    const counts = await wall.counts(viewer);
    expect(counts.open).toBe(3);
    expect(counts.byState).toEqual({ dispatched: counts.byState.dispatched, reported: 1, ...counts.byState });
    expect(counts.byState.reported).toBe(1);
    expect(counts.reportedToday).toBe(2);
    expect(counts.closedToday).toBe(1);
    expect(counts.serious).toBe(1);
    const overdueQueue = await t.core.events.queue(t.officer, { overdueOnly: true, limit: 100 });
    expect(counts.overdue).toBe(overdueQueue.total);
    expect(counts.overdue).toBeGreaterThanOrEqual(1);

    const overdue = await wall.overdue(viewer, 10);
    expect(overdue.total).toBe(counts.overdue);
    expect(overdue.rows.map((r) => r.id)).toContain(e4);
    const e4row = overdue.rows.find((r) => r.id === e4)!;
    expect(e4row).toMatchObject({ level: 'serious', state: 'reported', dueKind: 'accept', gridName: t.core.town.grids.get('G03')!.name });

    const sla = await wall.sla(viewer);
    const period = (p: string) => sla.periods.find((x) => x.period === p)!;
    expect(period('today').accept).toEqual({ onTime: 1, late: 1 }); // e3 closed at once; e4 still waiting, past due
    expect(period('7d').accept).toEqual({ onTime: 2, late: 2 }); // + e1 on time, e2 late
    expect(period('30d').accept).toEqual(period('7d').accept);
    expect(period('today').close).toEqual({ onTime: 1, late: 0 });

    const open = await wall.breakdown(viewer, 'open');
    expect(open.boards.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(open.boards.map((b) => b.name)).toEqual(['党的建设', '经济发展', '民生服务', '平安法治']);
    expect(open.categories.reduce((n, c) => n + c.count, 0)).toBe(3);
    for (const c of open.categories) expect(c.name).toMatch(/\p{Script=Han}/u);
    const today = await wall.breakdown(viewer, 'today');
    expect(today.categories.reduce((n, c) => n + c.count, 0)).toBe(2);
    expect((await wall.breakdown(viewer, '30d')).categories.reduce((n, c) => n + c.count, 0)).toBe(4);

    const trend = await wall.trend(viewer, 24);
    expect(trend.hours).toHaveLength(24);
    expect(trend.hours.at(-1)!.hour).toBe('2026-11-23T02:00:00.000Z');
    expect(trend.hours.reduce((n, h) => n + h.reported, 0)).toBe(2);
    expect(trend.hours.reduce((n, h) => n + h.closed, 0)).toBe(1);
    expect(trend.hours.find((h) => h.hour === '2026-11-23T01:00:00.000Z')).toEqual({ hour: '2026-11-23T01:00:00.000Z', reported: 2, closed: 1 });

    const load = await wall.gridLoad(viewer);
    expect(Object.fromEntries(load.grids.map((g) => [g.code, g.open]))).toEqual({ G01: 1, G02: 1, G03: 1 });
    expect(load.grids.reduce((n, g) => n + g.overdue, 0)).toBe(counts.overdue);
  });

  it('closure on time counts open events whose resolve limit ran out as late', async () => {
    const id = await report('G05');
    await dispatch(id);
    const detail = await t.core.events.detail(t.officer, id);
    const resolveDue = detail.clocks.find((c) => c.kind === 'resolve')!.dueAt!;
    t.clock.set(new Date(Date.parse(resolveDue) + MIN).toISOString());
    const sla = await t.core.wall.sla(t.wall);
    expect(sla.periods.find((p) => p.period === '30d')!.close).toEqual({ onTime: 0, late: 1 });
  });

  it('runs on the wall indexes (no full scan of the event table)', async () => {
    const plan = async (text: string, params: unknown[]): Promise<string> =>
      (await t.core.db.read((sql) => sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, params))).map((r) => r.detail).join(' | ');
    const town = t.core.town.town.townCode;
    const now = new Date().toISOString();
    const summary = await plan(
      `SELECT grid_code, state, category_code, board_code, count(*) AS n, sum(CASE WHEN due_at IS NOT NULL AND due_at < ? THEN 1 ELSE 0 END) AS overdue,
        sum(CASE WHEN level_rank >= 2 THEN 1 ELSE 0 END) AS serious FROM event INDEXED BY idx_event_wall WHERE town_code = ? AND is_open = 1
        GROUP BY grid_code, state, category_code, board_code`,
      [now, town],
    );
    expect(summary).toContain('COVERING INDEX idx_event_wall');
    expect(summary).not.toContain('TEMP B-TREE');
    expect(await plan(`SELECT count(*) FROM event WHERE town_code = ? AND reported_at >= ?`, [town, now])).toContain('idx_event_reported');
    expect(await plan(`SELECT count(*) FROM event WHERE town_code = ? AND closed_at IS NOT NULL AND closed_at >= ? AND state = 'closed'`, [town, now])).toContain(
      'idx_event_closed',
    );
    expect(await plan(`SELECT id FROM event WHERE is_open = 1 AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at LIMIT 10`, [now])).toContain('idx_event_due');
  });
});
