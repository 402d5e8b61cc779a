/**
 * Starting points for a wall layout: a wall of any shape filled with a sensible cockpit (the map in
 * the middle of the top row, counts and on-time rates beside it, the overdue list, trends and
 * breakdowns below), which the editor then changes tile by tile. Pure data, no React: the tests and
 * the wall benchmark build their layouts with it too.
 */
import type { WallDefinition, WallPageDef, WallScreenDef, WallTile } from '../../../preload/contract/wall-schemas';

type TileSpec = [panel: string, x: number, y: number, w: number, h: number, options?: Record<string, unknown>];

const tiles = (specs: readonly TileSpec[]): WallTile[] => specs.map(([panel, x, y, w, h, options], i) => ({ id: `t${i + 1}`, panel, x, y, w, h, options: options ?? {} }));

/** Screen designs on a 4×4 tile grid (a tile of a 1080p screen: 480×270). */
export const SCREEN_DESIGNS: readonly { name: string; pages: readonly (readonly TileSpec[])[] }[] = [
  {
    name: '总览',
    pages: [
      [
        ['statusCounts', 0, 0, 2, 2],
        ['clock', 2, 0, 2, 1],
        ['onDuty', 2, 1, 2, 3],
        ['slaRates', 0, 2, 2, 2],
      ],
    ],
  },
  {
    name: '网格地图',
    pages: [[['gridMap', 0, 0, 4, 4, { metric: 'open' }]], [['gridMap', 0, 0, 4, 4, { metric: 'overdue' }]]],
  },
  {
    name: '超时事件',
    pages: [
      [
        ['overdueList', 0, 0, 4, 2, { limit: 6 }],
        ['hourlyTrend', 0, 2, 4, 2, { hours: 24 }],
      ],
    ],
  },
  {
    name: '分类统计',
    pages: [
      [
        ['categoryBreakdown', 0, 0, 4, 2, { scope: 'today' }],
        ['boardBreakdown', 0, 2, 2, 2, { scope: 'open' }],
        ['activePlans', 2, 2, 2, 2],
      ],
    ],
  },
  {
    name: '办理时效',
    pages: [
      [
        ['slaRates', 0, 0, 4, 3],
        ['ticker', 0, 3, 4, 1],
      ],
    ],
  },
  {
    name: '今日态势',
    pages: [
      [
        ['statusCounts', 0, 0, 2, 2],
        ['boardBreakdown', 2, 0, 2, 2, { scope: 'today' }],
        ['hourlyTrend', 0, 2, 4, 2, { hours: 12 }],
      ],
    ],
  },
];

function page(index: number, specs: readonly TileSpec[]): WallPageDef {
  return { id: `p${index + 1}`, tiles: tiles(specs) };
}

/** Screen ids name their place: `s1-1` is the top-left screen, `s3-2` the third across in the second row. */
export function screenId(col: number, row: number): string {
  return `s${col + 1}-${row + 1}`;
}

export function templateScreen(col: number, row: number, designIndex: number): WallScreenDef {
  const design = SCREEN_DESIGNS[designIndex % SCREEN_DESIGNS.length]!;
  return {
    id: screenId(col, row),
    name: design.name,
    col,
    row,
    grid: { columns: 4, rows: 4 },
    rotateSeconds: design.pages.length > 1 ? 30 : 0,
    pages: design.pages.map((p, i) => page(i, p)),
  };
}

/** A `columns × rows` wall of 1080p screens: the map in the middle of the top row, the other designs around it. */
export function templateLayout(columns: number, rows: number, theme: WallDefinition['theme'] = 'dark'): WallDefinition {
  const others = [0, 2, 3, 4, 5];
  const mapCol = Math.floor((columns - 1) / 2);
  const screens: WallScreenDef[] = [];
  let n = 0;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < columns; col++) {
      const design = row === 0 && col === mapCol && columns * rows > 1 ? 1 : others[n++ % others.length]!;
      screens.push(templateScreen(col, row, columns * rows === 1 ? 0 : design));
    }
  }
  return { theme, wall: { columns, rows }, screenSize: { width: 1920, height: 1080 }, screens };
}

/** An empty screen at a place of the wall (the editor fills it). */
export function blankScreen(col: number, row: number, grid = { columns: 4, rows: 4 }): WallScreenDef {
  return { id: screenId(col, row), col, row, grid, rotateSeconds: 0, pages: [{ id: 'p1', tiles: [] }] };
}
