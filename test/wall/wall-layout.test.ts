/** The layout rules, table-driven: every reason a layout is refused, and the templates pass. */
import { describe, expect, it } from 'vitest';
import { PANEL_SPECS, validateLayout } from '../../main/core/wall/wall-layout';
import { WALL_PANELS, WallDefinition, type WallDefinition as Def } from '../../preload/contract/wall-schemas';
import { blankScreen, templateLayout } from '../../renderer/src/wall/wall-templates';

function oneScreen(tiles: Def['screens'][number]['pages'][number]['tiles'], grid = { columns: 4, rows: 4 }): Def {
  return {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [{ id: 's1', col: 0, row: 0, grid, rotateSeconds: 0, pages: [{ id: 'p1', tiles }] }],
  };
}
const tile = (id: string, panel: string, x: number, y: number, w: number, h: number, options: Record<string, unknown> = {}) => ({ id, panel, x, y, w, h, options });
const codes = (def: Def): string[] => validateLayout(def).map((i) => i.code);

describe('validateLayout', () => {
  it('accepts every template shape from 1×1 to 8×4', () => {
    for (let c = 1; c <= 8; c++)
      for (let r = 1; r <= 4; r++) {
        const def = templateLayout(c, r);
        expect(WallDefinition.safeParse(def).success).toBe(true);
        expect(validateLayout(def), `${c}×${r}`).toEqual([]);
      }
  });

  it.each<[string, Def, string[]]>([
    ['no screens', { ...oneScreen([]), screens: [] }, ['no_screens']],
    ['an empty screen', oneScreen([]), ['empty_screen']],
    ['a screen with no pages', { ...oneScreen([]), screens: [{ ...oneScreen([]).screens[0]!, pages: [] }] }, ['empty_screen']],
    ['overlapping tiles', oneScreen([tile('a', 'statusCounts', 0, 0, 2, 2), tile('b', 'clock', 1, 1, 2, 1)]), ['tiles_overlap']],
    ['an unknown panel', oneScreen([tile('a', 'weather', 0, 0, 2, 2)]), ['unknown_panel']],
    ['a tile outside the grid', oneScreen([tile('a', 'statusCounts', 3, 0, 2, 2)]), ['tile_outside_grid']],
    ['a tile too small for its panel', oneScreen([tile('a', 'gridMap', 0, 0, 1, 1)]), ['tile_too_small']],
    ['an unknown option', oneScreen([tile('a', 'gridMap', 0, 0, 2, 2, { colour: 'red' })]), ['bad_option']],
    ['a bad option value', oneScreen([tile('a', 'gridMap', 0, 0, 2, 2, { metric: 'closed' })]), ['bad_option']],
    ['a ticker with an empty message', oneScreen([tile('a', 'ticker', 0, 3, 4, 1, { messages: ['  '] })]), ['bad_option']],
    ['two tiles with one id', oneScreen([tile('a', 'clock', 0, 0, 2, 1), tile('a', 'clock', 2, 0, 2, 1)]), ['duplicate_tile_id']],
  ])('refuses %s', (_name, def, expected) => {
    expect(codes(def)).toEqual(expected);
  });

  it('refuses screens outside the wall, on a taken place, and a wall cell with no screen', () => {
    const base = templateLayout(2, 1);
    const outside: Def = { ...base, screens: [base.screens[0]!, { ...base.screens[1]!, col: 2 }] };
    expect(codes(outside)).toEqual(['screen_outside_wall', 'missing_screen']);
    const taken: Def = { ...base, screens: [base.screens[0]!, { ...base.screens[1]!, id: 'other', col: 0 }] };
    expect(codes(taken)).toEqual(['screen_position_taken', 'missing_screen']);
    const dup: Def = { ...base, screens: [base.screens[0]!, { ...base.screens[1]!, id: base.screens[0]!.id }] };
    expect(codes(dup)).toEqual(['duplicate_screen_id']);
  });

  it('refuses an empty page of a rotating screen, and names where every issue is', () => {
    const def = templateLayout(1, 1);
    def.screens[0]!.pages.push({ id: 'p9', tiles: [] });
    const [issue] = validateLayout(def);
    expect(issue).toMatchObject({ code: 'empty_page', screenId: 's1-1', pageId: 'p9' });
    expect(validateLayout({ ...templateLayout(2, 1), screens: [templateLayout(2, 1).screens[0]!, blankScreen(1, 0)] })).toMatchObject([{ code: 'empty_screen', screenId: 's2-1' }]);
  });

  it('has a spec for every panel and lists all issues at once', () => {
    expect(Object.keys(PANEL_SPECS).sort()).toEqual([...WALL_PANELS].sort());
    const def = oneScreen([tile('a', 'weather', 0, 0, 2, 2), tile('b', 'clock', 1, 1, 2, 1), tile('c', 'gridMap', 0, 3, 1, 1)]);
    expect(codes(def).sort()).toEqual(['tile_too_small', 'tiles_overlap', 'unknown_panel']);
  });
});
