/**
 * The wall's grid map colours every grid by its open events on one scale (0 件, 1 件, 2–3 件, 4 件及以上,
 * the last without end): in the sample town a grid with 4 events and one with 10 are drawn in the top
 * colour — not the colour for none, as a grid of exactly 4 once was — and the legend is on the map,
 * at wall size, on a full screen and on small tiles. Screenshots of both go to the test's output.
 */
import type { BrowserContext } from '@playwright/test';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { WALL_THEMES } from '../../renderer/src/wall/wall-theme';
import { expect, test } from './fixtures';
import { chartText, holdFirstPage, measureText, openWall } from './wall-support';

const LEGEND = ['0 件', '1 件', '2–3 件', '4 件及以上'];

test('a grid with 4 or more events is drawn in the top colour, with the legend on the map', async ({ townDesk: desk, browser, guard }, testInfo) => {
  test.setTimeout(180_000);
  const { gridCodes, itemCodes, leader } = desk.town;
  expect(gridCodes.length).toBeGreaterThanOrEqual(5);
  const [four, ten, one, three, empty] = gridCodes as [string, string, string, string, string];
  const plan: [string, number][] = [
    [four, 4],
    [ten, 10],
    [one, 1],
    [three, 3],
  ];
  let n = 0;
  for (const [gridCode, count] of plan)
    for (let i = 0; i < count; i++) {
      n += 1;
      await desk.report({ title: `网格巡查发现问题 ${n}`, categoryCode: itemCodes[n % itemCodes.length]!, level: 'general', gridCode });
    }

  // Screen 1: the map alone, full screen (the 网格地图 screen's page). Screen 2: the map on smaller tiles.
  const definition: WallDefinition = {
    theme: 'dark',
    wall: { columns: 2, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1-1',
        col: 0,
        row: 0,
        grid: { columns: 4, rows: 4 },
        rotateSeconds: 0,
        pages: [{ id: 'p1', tiles: [{ id: 't1', panel: 'gridMap', x: 0, y: 0, w: 4, h: 4, options: { metric: 'open' } }] }],
      },
      {
        id: 's2-1',
        col: 1,
        row: 0,
        grid: { columns: 4, rows: 4 },
        rotateSeconds: 0,
        pages: [
          {
            id: 'p1',
            tiles: [
              { id: 't1', panel: 'gridMap', x: 0, y: 0, w: 2, h: 2, options: { metric: 'open' } },
              { id: 't2', panel: 'clock', x: 2, y: 0, w: 2, h: 1, options: {} },
              { id: 't3', panel: 'gridMap', x: 0, y: 2, w: 1, h: 2, options: { metric: 'open' } },
            ],
          },
        ],
      },
    ],
  };
  const { id } = await desk.core.wall.save(leader, { name: '网格地图色阶', definition });
  const origin = new URL(desk.web.url).origin;
  const colors = WALL_THEMES.dark.mapOpen;
  const contexts: BrowserContext[] = [];
  try {
    for (const screen of definition.screens) {
      const page = await openWall(browser, guard, origin + (await desk.core.wall.issueToken(leader, id, screen.id)).path, contexts);
      await holdFirstPage(page, screen);
      const maps = page.getByTestId('wall-map');
      const mapCount = await maps.count();
      expect(mapCount).toBe(screen.pages[0]!.tiles.filter((t) => t.panel === 'gridMap').length);
      for (let i = 0; i < mapCount; i++) {
        await expect(maps.nth(i)).toHaveAttribute('data-values', [`${four}:4`, `${ten}:10`, `${one}:1`, `${three}:3`].sort().join(','));
        await expect(maps.nth(i)).toHaveAttribute('data-buckets', [`${four}:3`, `${ten}:3`, `${one}:1`, `${three}:2`].sort().join(','));
        await expect(maps.nth(i)).toHaveAttribute('data-legend', LEGEND.join('|'));
      }

      // What ECharts actually drew each grid in.
      const fills = (await page.evaluate(() => window.__wallStats!.mapFills()))!;
      expect(fills[four], 'a grid with 4 events').toBe(colors[3]);
      expect(fills[four], 'a grid with 4 events').not.toBe(colors[0]);
      expect(fills[ten], 'a grid with 10 events').toBe(colors[3]);
      expect(fills[three], 'a grid with 3 events').toBe(colors[2]);
      expect(fills[one], 'a grid with 1 event').toBe(colors[1]);
      expect(fills[empty], 'a grid with none').toBe(colors[0]);

      // The legend is drawn on every map, at wall size, and nothing on the screen is small or cut.
      const charts = await chartText(page);
      for (const label of LEGEND)
        expect(
          charts.texts.filter((t) => t === label),
          `legend ${label}`,
        ).toHaveLength(mapCount);
      expect(Math.min(...charts.fontSizes), 'chart text below 24 px').toBeGreaterThanOrEqual(24);
      const text = await measureText(page);
      expect(text.small).toEqual([]);
      expect(text.cut).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`wall-grid-map-${screen.id}.png`) });
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});
