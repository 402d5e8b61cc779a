/**
 * The wall's pure renderer pieces: the wall route, the editor's draft operations (which must always
 * produce layouts core accepts or refuses for a stated reason), page rotation, and the wall's
 * strings (en-US shaped like zh-CN; every issue worded with nothing left unfilled; no Latin letters
 * in what a zh-CN wall shows).
 */
import { describe, expect, it } from 'vitest';
import { validateLayout } from '../../main/core/wall/wall-layout';
import { WALL_ISSUE_CODES, WALL_PANELS, type WallDefinition } from '../../preload/contract/wall-schemas';
import { addPage, addTile, defaultSize, removePage, removeTile, reshapeWall, updateScreen, updateTile } from '../../renderer/src/wall/editor/draft';
import { parseWallRoute } from '../../renderer/src/wall/wall-route';
import { issueText, wallEnUS, wallZhCN } from '../../renderer/src/wall/wall-locales';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { pageAt } from '../../renderer/src/wall/wall-pages';

const EMPTY: WallDefinition = { theme: 'dark', wall: { columns: 0, rows: 0 }, screenSize: { width: 1920, height: 1080 }, screens: [] };

describe('wall route', () => {
  it('reads the web path, the desktop hash, and several screens of one window', () => {
    expect(parseWallRoute({ pathname: '/wall/abc-123/s2-1', hash: '' })).toEqual({ kind: 'screen', layoutId: 'abc-123', screenIds: ['s2-1'], localToken: null });
    expect(parseWallRoute({ pathname: '/work/out/renderer/index.html', hash: '#/wall/L1/s1-1+s2-1?t=wt_local_x' })).toEqual({
      kind: 'screen',
      layoutId: 'L1',
      screenIds: ['s1-1', 's2-1'],
      localToken: 'wt_local_x',
    });
    expect(parseWallRoute({ pathname: '/', hash: '' })).toBeNull();
    expect(parseWallRoute({ pathname: '/wall/only-layout', hash: '' })).toBeNull();
    expect(parseWallRoute({ pathname: '/wall/%E0%A4%A/s1', hash: '' })).toBeNull();
  });
});

describe('editor drafts', () => {
  it('a blank wall of any shape is refused only for its empty screens; placing a panel on each makes it valid', () => {
    let def = reshapeWall(EMPTY, 3, 2, 'blank');
    expect(validateLayout(def).map((i) => i.code)).toEqual(new Array(6).fill('empty_screen'));
    for (const s of def.screens) def = addTile(def, s.id, 0, 'overdueList', { x: 3, y: 3 }).def;
    expect(validateLayout(def)).toEqual([]);
    // Placed at the last cell, the tile was pulled back inside the grid at its default size.
    expect(def.screens[0]!.pages[0]!.tiles[0]).toMatchObject({ x: 2, y: 2, w: 2, h: 2 });
  });

  it('every panel placed anywhere starts at a size core accepts', () => {
    for (const panel of WALL_PANELS) {
      for (const grid of [
        { columns: 4, rows: 4 },
        { columns: 3, rows: 3 },
        { columns: 6, rows: 4 },
        { columns: 2, rows: 2 },
      ]) {
        let def = reshapeWall(EMPTY, 1, 1, 'blank');
        def = updateScreen(def, 's1-1', { grid });
        const placed = addTile(def, 's1-1', 0, panel, { x: grid.columns - 1, y: grid.rows - 1 });
        expect(validateLayout(placed.def), `${panel} on ${grid.columns}×${grid.rows}`).toEqual([]);
        expect(defaultSize(def, def.screens[0]!, panel).w).toBeLessThanOrEqual(grid.columns);
      }
    }
  });

  it('moving onto another tile is an overlap; moving back clears it; tiles never leave the grid', () => {
    let def = reshapeWall(EMPTY, 1, 1, 'blank');
    const a = addTile(def, 's1-1', 0, 'statusCounts', { x: 0, y: 0 });
    const b = addTile(a.def, 's1-1', 0, 'clock', { x: 2, y: 0 });
    def = updateTile(b.def, 's1-1', 0, b.tileId, { x: 1 });
    expect(validateLayout(def).map((i) => i.code)).toEqual(['tiles_overlap']);
    def = updateTile(def, 's1-1', 0, b.tileId, { x: 2 });
    expect(validateLayout(def)).toEqual([]);
    def = updateTile(def, 's1-1', 0, b.tileId, { x: 9, y: -3, w: 40 });
    expect(def.screens[0]!.pages[0]!.tiles[1]).toMatchObject({ x: 0, y: 0, w: 4 });
    def = removeTile(def, 's1-1', 0, a.tileId);
    expect(def.screens[0]!.pages[0]!.tiles.map((t) => t.panel)).toEqual(['clock']);
  });

  it('pages: a new page is empty (refused until filled) and turns on a timer; the last page stays', () => {
    let def = templateLayout(1, 1);
    def = addPage(def, 's1-1');
    expect(def.screens[0]!.pages).toHaveLength(2);
    expect(def.screens[0]!.rotateSeconds).toBe(30);
    expect(validateLayout(def).map((i) => i.code)).toEqual(['empty_page']);
    def = removePage(def, 's1-1', 1);
    def = removePage(def, 's1-1', 0);
    expect(def.screens[0]!.pages).toHaveLength(1);
  });

  it('reshaping keeps the screens that still have a place and fills the new places', () => {
    const def = templateLayout(3, 2);
    const smaller = reshapeWall(def, 2, 1, 'blank');
    expect(smaller.screens.map((s) => s.id)).toEqual(['s1-1', 's2-1']);
    expect(smaller.screens[1]).toEqual(def.screens[1]);
    const bigger = reshapeWall(def, 4, 2, 'template');
    expect(bigger.screens).toHaveLength(8);
    expect(validateLayout(bigger)).toEqual([]);
  });

  it('a smaller grid pulls the tiles in (the check then names what overlaps)', () => {
    const def = updateScreen(templateLayout(1, 1), 's1-1', { grid: { columns: 2, rows: 2 } });
    for (const t of def.screens[0]!.pages[0]!.tiles) {
      expect(t.x + t.w).toBeLessThanOrEqual(2);
      expect(t.y + t.h).toBeLessThanOrEqual(2);
    }
    expect(validateLayout(def).length).toBeGreaterThan(0);
  });
});

describe('page rotation', () => {
  it('turns pages on the one clock', () => {
    const screen = { ...templateLayout(3, 1).screens[1]!, rotateSeconds: 10 };
    expect(screen.pages).toHaveLength(2);
    expect([0, 9, 10, 19, 20].map((t) => pageAt(screen, t))).toEqual([0, 0, 1, 1, 0]);
    expect(pageAt({ ...screen, rotateSeconds: 0 }, 15)).toBe(0);
  });
});

describe('wall strings', () => {
  const shape = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(shape)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .map(([k, x]) => [k, shape(x)])
              .sort(([a], [b]) => String(a).localeCompare(String(b))),
          )
        : typeof v;

  it('en-US has zh-CN’s shape; every panel and issue has its words', () => {
    expect(shape(wallEnUS)).toEqual(shape(wallZhCN));
    for (const p of WALL_PANELS) {
      expect(wallZhCN.panels[p]).toMatch(/\p{Script=Han}/u);
      expect(wallZhCN.panelHints[p]).toMatch(/\p{Script=Han}/u);
    }
    for (const code of WALL_ISSUE_CODES) {
      const issue = { code, screenId: 's1-1', pageId: 'p2', tileId: 't1', otherId: 's2-1', panel: 'gridMap', option: 'metric', col: 0, row: 1, message: 'english' };
      for (const w of [wallZhCN, wallEnUS]) expect(issueText(w, issue), code).not.toMatch(/\{\w+\}/);
      expect(issueText(wallZhCN, issue)).not.toContain('english');
    }
  });

  it('what a zh-CN wall page shows has no Latin words', () => {
    const wallVisible = [
      wallZhCN.panels,
      wallZhCN.scopes,
      wallZhCN.metrics,
      wallZhCN.counts,
      wallZhCN.sla,
      wallZhCN.overdue,
      wallZhCN.trend,
      wallZhCN.onDuty,
      wallZhCN.plans,
      wallZhCN.clock,
      wallZhCN.ticker,
      wallZhCN.map,
      wallZhCN.screen,
    ];
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v.replace(/\{\w+\}/g, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    wallVisible.forEach(collect);
    expect(strings.filter((s) => /[A-Za-z]{2,}/.test(s))).toEqual([]);
  });
});
