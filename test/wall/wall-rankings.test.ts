/**
 * 考核评价 on the wall (issue #16): the ranking panel's figures are core.metrics' own for the same range
 * and grouping — one grid all on time, one half, one late, one with nothing to judge (its rate null,
 * ranked last in either order) — named as people know them; the figures panel is the town's; each is
 * computed once for every screen asking; and a layout with a bad ranking option is refused, in Chinese.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { periodRange } from '../../main/core/wall/wall-rankings';
import { validateLayout } from '../../main/core/wall/wall-layout';
import type { WallDefinition, WallRankingBy } from '../../preload/contract/wall-schemas';
import { issueText, wallZhCN } from '../../renderer/src/wall/wall-locales';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

const MIN = 60_000;
let dir: string;
let core: Core;
let town: SampleTown;
// The clock starts in October (the previous period) and moves to Tuesday 2026-11-10 09:00 Beijing.
const clock = new ManualClock('2026-10-20T01:00:00.000Z');
const ids: Record<string, string> = {};
const MONTH = { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' };

const actorOf = (personId: string): Actor => ({ id: personId, roles: core.town.people.get(personId)!.roles });
const gridName = (i: number): string => core.town.grids.get(town.gridCodes[i]!)!.name;

async function report(key: string, grid: number): Promise<string> {
  ids[key] = await core.events.report(town.officer, { title: `排行 ${key}`, categoryCode: town.itemCode, level: 'general', source: 'grid', gridCode: town.gridCodes[grid]! });
  return ids[key];
}
async function dispatch(id: string): Promise<{ holder: Actor; postId: string }> {
  const p = await core.events.proposeDispatch(town.officer, id);
  await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
  return { holder: actorOf(p.lead.acting.personId!), postId: p.lead.id };
}
async function closeLoop(id: string): Promise<void> {
  const who = await dispatch(id);
  await core.events.acknowledge(who.holder, id, who.postId);
  await core.events.arrive(who.holder, id, who.postId);
  await core.events.reportBack(who.holder, id, '已处置');
  await core.events.verify(town.officer, id);
}
const resolveDue = async (id: string): Promise<number> =>
  Date.parse((await core.db.read((sql) => sql.get<{ resolve_due: string }>(`SELECT resolve_due FROM event WHERE id = ?`, [id])))!.resolve_due);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-wall-rankings-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
  expect(town.gridCodes.length).toBeGreaterThanOrEqual(4);

  // October (the previous period): grid 0 closed one at the desk (on time).
  await core.events.accept(town.officer, await report('oct', 0));
  await core.events.close(town.officer, ids.oct!, '电话答复');

  clock.set('2026-11-10T01:00:00.000Z');
  // Grid 0: the whole loop, on time.
  await closeLoop(await report('a', 0));
  // Grid 3: one closed at the desk, one dispatched and left open past its limit (half on time).
  await core.events.accept(town.officer, await report('b1', 3));
  await core.events.close(town.officer, ids.b1!, '电话答复');
  await dispatch(await report('b2', 3));
  // Grid 1: dispatched and left open past its limit (late).
  await dispatch(await report('c', 1));
  // Grid 2: reported, nothing to judge closure on (its 按期办结率 is null).
  await report('d', 2);
  clock.set(new Date(Math.max(await resolveDue(ids.b2!), await resolveDue(ids.c!)) + MIN).toISOString());
  expect(clock.now().toISOString() < MONTH.to).toBe(true);
}, 120_000);

afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the ranking panel', () => {
  it('this month (Beijing) is November; this week starts on Monday; today at Beijing midnight', () => {
    expect(periodRange('month', clock.now())).toEqual(MONTH);
    expect(periodRange('week', new Date('2026-11-10T01:00:00.000Z'))).toEqual({ from: '2026-11-08T16:00:00.000Z', to: '2026-11-15T16:00:00.000Z' });
    expect(periodRange('today', new Date('2026-11-10T17:00:00.000Z'))).toEqual({ from: '2026-11-10T16:00:00.000Z', to: '2026-11-11T16:00:00.000Z' });
    expect(periodRange('month', new Date('2026-12-31T17:00:00.000Z'))).toEqual({ from: '2026-12-31T16:00:00.000Z', to: '2027-01-31T16:00:00.000Z' });
  });

  it('ranks the grids by 按期办结率 as core.metrics computes it, best or worst first, a null rate last', async () => {
    const metrics = await core.metrics.compute('grid', MONTH);
    const best = await core.wall.ranking(town.leader, { by: 'grid', figure: 'closeOnTime', period: 'month', order: 'best', limit: 8 });
    expect(best).toMatchObject({ from: metrics.from, to: metrics.to, previousFrom: metrics.previousFrom });
    expect(best.rows.map((r) => r.name)).toEqual([gridName(0), gridName(3), gridName(1), gridName(2)]);
    expect(best.rows.map((r) => r.value)).toEqual([1, 0.5, 0, null]);
    expect(best.rows.map((r) => r.rank)).toEqual([1, 2, 3, null]);
    for (const r of best.rows) {
      const g = metrics.groups.find((x) => x.key === r.key)!;
      expect(r.value).toBe(g.current.closeOnTime.rate);
      expect(r.previous).toBe(g.previous.closeOnTime.rate);
      expect(r.basis).toBe(g.current.closeOnTime.onTime + g.current.closeOnTime.late);
    }
    // Grid 0 closed one on time in October too; the others had nothing then.
    expect(best.rows[0]!.previous).toBe(1);
    expect(best.rows[1]!.previous).toBeNull();

    const worst = await core.wall.ranking(town.leader, { by: 'grid', figure: 'closeOnTime', period: 'month', order: 'worst', limit: 3 });
    expect(worst.rows.map((r) => r.name)).toEqual([gridName(1), gridName(3), gridName(0)]);
    expect(worst.total).toBe(4);
  });

  it('超期件数: most overdue first when worst first, ties in grid order; every figure is the one core.metrics gives', async () => {
    const worst = await core.wall.ranking(town.leader, { by: 'grid', figure: 'overdue', period: 'month', order: 'worst', limit: 8 });
    const metrics = await core.metrics.compute('grid', MONTH);
    expect(worst.rows.map((r) => [r.name, r.value])).toEqual([
      [gridName(1), 1],
      [gridName(3), 1],
      [gridName(0), 0],
      [gridName(2), 0],
    ]);
    for (const r of worst.rows) expect(r.value).toBe(metrics.groups.find((g) => g.key === r.key)!.current.overdue.total);
  });

  it('boards, posts and villages: core.metrics’ groups, named (not codes), the group of nobody left out', async () => {
    for (const by of ['board', 'post', 'village'] as WallRankingBy[]) {
      const metrics = await core.metrics.compute(by, MONTH);
      const ranking = await core.wall.ranking(town.leader, { by, figure: 'acceptOnTime', period: 'month', order: 'best', limit: 20 });
      const named = metrics.groups.filter((g) => g.key !== '');
      expect(ranking.total, by).toBe(named.length);
      expect(new Set(ranking.rows.map((r) => r.key)), by).toEqual(new Set(named.map((g) => g.key)));
      for (const r of ranking.rows) {
        const g = named.find((x) => x.key === r.key)!;
        expect(r.value, `${by} ${r.key}`).toBe(g.current.acceptOnTime.rate);
        expect(r.previous, `${by} ${r.key}`).toBe(g.previous.acceptOnTime.rate);
      }
      const nulls = ranking.rows.findIndex((r) => r.value === null);
      if (nulls >= 0)
        expect(
          ranking.rows.slice(nulls).every((r) => r.value === null),
          by,
        ).toBe(true);
    }
    const boards = await core.wall.ranking(town.leader, { by: 'board', figure: 'acceptOnTime', period: 'month', order: 'best', limit: 8 });
    for (const r of boards.rows) expect(r.name).toBe(core.town.boards.find((b) => b.code === r.key)!.name);
    const posts = await core.wall.ranking(town.leader, { by: 'post', figure: 'acceptOnTime', period: 'month', order: 'best', limit: 8 });
    expect(posts.rows.length).toBeGreaterThan(0);
    for (const r of posts.rows) expect(r.name).toBe(core.town.posts.get(r.key)!.name);
    const villages = await core.wall.ranking(town.leader, { by: 'village', figure: 'acceptOnTime', period: 'month', order: 'best', limit: 8 });
    expect(villages.rows.map((r) => r.name).sort()).toEqual([...new Set([0, 1, 2, 3].map((i) => core.town.grids.get(town.gridCodes[i]!)!.village))].sort());
  });

  it('the figures panel is the town’s figures from core.metrics, with the previous period', async () => {
    const town_ = (await core.metrics.compute('town', MONTH)).groups.find((g) => g.key === '')!;
    const figures = await core.wall.assessment(town.leader, 'month');
    expect(figures.current).toEqual(town_.current);
    expect(figures.previous).toEqual(town_.previous);
    expect(figures.heldNow).toBe(town_.heldNow);
    expect(figures.current.closeOnTime).toMatchObject({ onTime: 2, late: 2 });
  });

  it('every screen asking for the same ranking shares one computation', async () => {
    const spy = vi.spyOn(core.metrics, 'compute');
    try {
      const ask = () => core.wall.ranking(town.leader, { by: 'grid', figure: 'closeOnTime', period: 'week', order: 'best', limit: 8 });
      const [a, b] = await Promise.all([ask(), ask()]);
      await core.wall.ranking(town.leader, { by: 'grid', figure: 'overdue', period: 'week', order: 'worst', limit: 5 });
      expect(a).toEqual(b);
      expect(spy.mock.calls.filter(([by]) => by === 'grid')).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the layout check', () => {
  const layout = (options: Record<string, unknown>): WallDefinition => ({
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1-1',
        col: 0,
        row: 0,
        grid: { columns: 4, rows: 4 },
        rotateSeconds: 0,
        pages: [
          {
            id: 'p1',
            tiles: [
              { id: 't1', panel: 'ranking', x: 0, y: 0, w: 2, h: 2, options },
              { id: 't2', panel: 'figures', x: 2, y: 0, w: 2, h: 2, options: { period: 'week' } },
            ],
          },
        ],
      },
    ],
  });

  it('takes every ranking option it knows', () => {
    expect(validateLayout(layout({ by: 'post', figure: 'overdue', period: 'today', order: 'worst', limit: 8 }))).toEqual([]);
    expect(validateLayout(layout({}))).toEqual([]);
  });

  it('refuses a bad by or figure option, and says so in Chinese', () => {
    const issues = validateLayout(layout({ by: 'person', figure: '满意率' }));
    expect(issues.map((i) => [i.code, i.option])).toEqual([
      ['bad_option', 'by'],
      ['bad_option', 'figure'],
    ]);
    const [by, figure] = issues.map((i) => issueText(wallZhCN, i));
    expect(by).toBe('屏幕 s1-1 第 1 页：“考核排行”的设置“排名对象”不正确');
    expect(figure).toBe('屏幕 s1-1 第 1 页：“考核排行”的设置“排名指标”不正确');
  });
});
