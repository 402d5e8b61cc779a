/**
 * 考核评价 on the wall (issue #16): a ranking panel and a figures panel on a wall page of the sample
 * town. Four grids with known outcomes this month — all closed on time, half, none, nothing to judge —
 * are ranked by 按期办结率 best first, by name, with their values and — for the one with nothing to
 * judge, last; the figures panel shows the town's figures. Every text is at least 24 px at 1920×1080
 * and nothing is cut; screenshots at 1920×1080 and 1366×768 go to the test's output. The editor offers
 * the ranking's options in Chinese.
 */
import type { BrowserContext } from '@playwright/test';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { expect, signIn, test } from './fixtures';
import { holdFirstPage, measureText, openWall } from './wall-support';

const MIN = 60_000;

test('the ranking panel on a wall page', async ({ townDesk: desk, page, browser, guard }, testInfo) => {
  test.setTimeout(180_000);
  const { gridCodes, itemCode, officer, leader } = desk.town;
  const core = desk.core;
  const grid = (i: number): string => gridCodes[i]!;
  const gridName = (i: number): string => core.town.grids.get(grid(i))!.name;
  const report = (title: string, i: number): Promise<string> => desk.report({ title, categoryCode: itemCode, level: 'general', gridCode: grid(i) });
  const resolveDue = async (id: string): Promise<number> =>
    Date.parse((await core.db.read((sql) => sql.get<{ resolve_due: string }>(`SELECT resolve_due FROM event WHERE id = ?`, [id])))!.resolve_due);

  // Tuesday 2026-12-01 09:00 Beijing: this month is December.
  desk.clock.set('2026-12-01T01:00:00.000Z');
  // Grid 0: closed at the desk at once (on time). Grid 3: one like it, one dispatched and left past its
  // limit. Grid 1: dispatched and left past its limit. Grid 2: reported only (nothing to judge closure on).
  const a = await report('路灯不亮', 0);
  await core.events.accept(officer, a);
  await core.events.close(officer, a, '已电话答复');
  const b1 = await report('垃圾清运不及时', 3);
  await core.events.accept(officer, b1);
  await core.events.close(officer, b1, '已电话答复');
  const b2 = await report('占道经营', 3);
  await desk.dispatch(b2);
  const c = await report('井盖缺失', 1);
  await desk.dispatch(c);
  await report('噪声扰民', 2);
  desk.clock.set(new Date(Math.max(await resolveDue(b2), await resolveDue(c)) + MIN).toISOString());
  expect(desk.clock.now().toISOString() < '2026-12-31T16:00:00.000Z').toBe(true);

  const definition: WallDefinition = {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1-1',
        name: '考核评价',
        col: 0,
        row: 0,
        grid: { columns: 4, rows: 4 },
        rotateSeconds: 0,
        pages: [
          {
            id: 'p1',
            tiles: [
              { id: 't1', panel: 'ranking', x: 0, y: 0, w: 2, h: 4, options: { by: 'grid', figure: 'closeOnTime', period: 'month', order: 'best', limit: 8 } },
              { id: 't2', panel: 'figures', x: 2, y: 0, w: 2, h: 2, options: { period: 'month' } },
              { id: 't3', panel: 'ranking', x: 2, y: 2, w: 2, h: 2, options: { by: 'board', figure: 'overdue', period: 'month', order: 'worst' } },
            ],
          },
        ],
      },
    ],
  };
  const { id } = await core.wall.save(leader, { name: '考核评价大屏', definition });
  const url = new URL(desk.web.url).origin + (await core.wall.issueToken(leader, id, 's1-1')).path;
  const contexts: BrowserContext[] = [];
  try {
    const screen = definition.screens[0]!;
    const w = await openWall(browser, guard, url, contexts);
    await holdFirstPage(w, screen);

    // Grids by 按期办结率, best first: the names in order, the values, the one with nothing to judge last as —.
    const byGrid = w.locator('[data-testid="wall-ranking"][data-by="grid"]');
    await expect(w.getByTestId('wall-panel-ranking').first()).toContainText('网格按期办结率排行');
    await expect(byGrid.getByTestId('wall-ranking-name')).toHaveText([gridName(0), gridName(3), gridName(1), gridName(2)]);
    await expect(byGrid.getByTestId('wall-ranking-value')).toHaveText(['100.0%', '50.0%', '0.0%', '—']);
    // What the panel shows is core.metrics' figure for the same range and grid.
    const metrics = await core.metrics.compute('grid', { from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    const shown = await byGrid.getByTestId('wall-ranking-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-value')]));
    expect(shown).toEqual([0, 3, 1, 2].map((i) => [grid(i), String(metrics.groups.find((g) => g.key === grid(i))!.current.closeOnTime.rate ?? '')]));

    // Boards by 超期件数, worst first: the item's board has both overdue events.
    const board = core.town.boards.find((x) => x.code === core.town.catalogue.get(itemCode)!.boardCode)!;
    const byBoard = w.locator('[data-testid="wall-ranking"][data-by="board"]');
    await expect(byBoard.getByTestId('wall-ranking-name').first()).toHaveText(board.name);
    await expect(byBoard.getByTestId('wall-ranking-value').first()).toHaveText('2 件');

    // The town's figures this month, the previous period beside them.
    const fig = (key: string) => w.locator(`[data-testid="wall-figure"][data-figure="${key}"]`);
    await expect(fig('closeOnTime')).toContainText('按期办结率');
    await expect(fig('closeOnTime').locator('.wall-fig-value')).toHaveText('50.0%');
    // More overdue than last month (none): the value says so with ↑.
    await expect(fig('overdue').locator('.wall-fig-value')).toHaveText('2 件 ↑');
    await expect(fig('acceptOnTime')).toContainText('按时受理率');
    // A tile this short shows each figure's label and value only: the previous period's line would sit on the value.
    await expect(fig('closeOnTime').locator('.wall-fig-prev')).toBeHidden();
    // Every figure of docs/metrics.md, 首报及时率 among them, and 挂账数.
    await expect(w.getByTestId('wall-figure')).toHaveCount(13);
    await expect(fig('firstReportOnTime')).toContainText('首报及时率');
    await expect(fig('satisfaction')).toContainText('满意率');

    const text = await measureText(w);
    expect(text.small).toEqual([]);
    expect(text.latin).toEqual([]);
    expect(text.cut).toEqual([]);
    await w.screenshot({ path: testInfo.outputPath('wall-ranking-1920.png') });
    await w.setViewportSize({ width: 1366, height: 768 });
    await expect(byGrid.getByTestId('wall-ranking-name')).toHaveText([gridName(0), gridName(3), gridName(1), gridName(2)]);
    await w.screenshot({ path: testInfo.outputPath('wall-ranking-1366.png') });
  } finally {
    for (const ctx of contexts) await ctx.close().catch(() => undefined);
  }

  // The editor: the ranking tile's options, in Chinese.
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, desk, desk.person(leader).username);
  await page.getByTestId('tab-wall').click();
  await page.getByTestId('wall-layout-item').click();
  await expect(page.locator('[data-testid="wall-palette-item"][data-panel="ranking"]')).toHaveText('考核排行');
  await expect(page.locator('[data-testid="wall-palette-item"][data-panel="figures"]')).toHaveText('考核指标');
  await page.locator('[data-testid="wall-edit-tile"][data-tile-id="t1"]').click();
  const options = page.locator('[data-testid="wall-tile-options"][data-panel="ranking"]');
  await expect(options).toContainText('排名对象');
  await expect(options.getByTestId('wall-option-by')).toContainText('网格');
  await expect(options.getByTestId('wall-option-figure')).toContainText('按期办结率');
  await expect(options.getByTestId('wall-option-period')).toContainText('本月');
  await expect(page.getByTestId('wall-issues-none')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('wall-ranking-editor-1366.png') });
});
