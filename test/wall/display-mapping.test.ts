/**
 * The mapping of layout screens onto physical displays, on its own: one monitor showing the whole
 * wall scaled, exactly the wall's displays, more displays than screens, fewer, displays of different
 * sizes and positions, a display unplugged and plugged back, the console's display kept free.
 */
import { describe, expect, it } from 'vitest';
import { bands, cutWall, displaysInWallOrder, mapWallToDisplays, planChanges, type Display, type MappedLayout } from '../../main/core/wall/display-mapping';

const FHD = { width: 1920, height: 1080 };

function layout(columns: number, rows: number): MappedLayout {
  const screens = [];
  for (let row = 0; row < rows; row++) for (let col = 0; col < columns; col++) screens.push({ id: `s${col + 1}-${row + 1}`, col, row });
  return { wall: { columns, rows }, screenSize: FHD, screens };
}

/** Displays in a grid, `w×h` each, the origin at (ox, oy). */
function grid(columns: number, rows: number, w = 1920, h = 1080, ox = 0, oy = 0, first = 1): Display[] {
  const out: Display[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < columns; col++) {
      out.push({ id: String(first + out.length), bounds: { x: ox + col * w, y: oy + row * h, width: w, height: h }, scaleFactor: 1, primary: out.length === 0 && first === 1 });
    }
  }
  return out;
}

const byDisplay = (plan: ReturnType<typeof mapWallToDisplays>): Record<string, string[]> => Object.fromEntries(plan.windows.map((w) => [w.displayId, w.screenIds]));

describe('mapWallToDisplays', () => {
  it('one monitor shows the whole 3×2 wall scaled to fit', () => {
    const plan = mapWallToDisplays(grid(1, 1), layout(3, 2));
    expect(plan.rule).toBe('scaled_parts');
    expect(plan.windows).toHaveLength(1);
    const [w] = plan.windows;
    expect(w!.screenIds).toEqual(['s1-1', 's2-1', 's3-1', 's1-2', 's2-2', 's3-2']);
    expect(w!.area).toEqual({ col: 0, row: 0, columns: 3, rows: 2 });
    // 5760×2160 into 1920×1080: the width decides, 1/3.
    expect(w!.scale).toBeCloseTo(1 / 3, 3);
    expect(w!.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it('six displays arranged 3×2 take the screen at their place, whatever order the system lists them in', () => {
    const displays = grid(3, 2).reverse();
    const plan = mapWallToDisplays(displays, layout(3, 2));
    expect(plan.rule).toBe('matching');
    expect(byDisplay(plan)).toEqual({ '1': ['s1-1'], '2': ['s2-1'], '3': ['s3-1'], '4': ['s1-2'], '5': ['s2-2'], '6': ['s3-2'] });
    for (const w of plan.windows) expect(w.scale).toBe(1);
    expect(plan.unusedDisplayIds).toEqual([]);
  });

  it('a 3×2 wall on a row of six displays goes in wall order', () => {
    const plan = mapWallToDisplays(grid(6, 1), layout(3, 2));
    expect(plan.rule).toBe('one_per_display');
    expect(Object.values(byDisplay(plan)).flat()).toEqual(['s1-1', 's2-1', 's3-1', 's1-2', 's2-2', 's3-2']);
  });

  it('more displays than screens: the extra displays stay unused', () => {
    const plan = mapWallToDisplays(grid(4, 2), layout(2, 1));
    expect(plan.rule).toBe('one_per_display');
    expect(byDisplay(plan)).toEqual({ '1': ['s1-1'], '2': ['s2-1'] });
    expect(plan.unusedDisplayIds).toEqual(['3', '4', '5', '6', '7', '8']);
  });

  it('fewer displays than screens: whole rows while there are no more displays than rows', () => {
    const plan = mapWallToDisplays(grid(2, 1), layout(3, 2));
    expect(byDisplay(plan)).toEqual({ '1': ['s1-1', 's2-1', 's3-1'], '2': ['s1-2', 's2-2', 's3-2'] });
    expect(plan.windows[0]!.area).toEqual({ col: 0, row: 0, columns: 3, rows: 1 });
    expect(plan.windows[0]!.scale).toBeCloseTo(1 / 3, 3);
  });

  it('fewer displays than screens but more than rows: each row cut into column bands', () => {
    const plan = mapWallToDisplays(grid(4, 1), layout(3, 2));
    expect(byDisplay(plan)).toEqual({ '1': ['s1-1', 's2-1'], '2': ['s3-1'], '3': ['s1-2', 's2-2'], '4': ['s3-2'] });
    expect(plan.windows[0]!.scale).toBeCloseTo(0.5, 3);
    expect(plan.windows[1]!.scale).toBe(1);
    // Every screen is shown exactly once.
    expect(plan.windows.flatMap((w) => w.screenIds).sort()).toEqual(
      layout(3, 2)
        .screens.map((s) => s.id)
        .sort(),
    );
  });

  it('every display count from 1 to 12 shows every screen of a 4×3 wall exactly once, in rectangles that never overlap', () => {
    const l = layout(4, 3);
    for (let k = 1; k <= 12; k++) {
      const plan = mapWallToDisplays(grid(k, 1, 1280, 720), l);
      expect(plan.windows.flatMap((w) => w.screenIds).sort(), `${k} displays`).toEqual(l.screens.map((s) => s.id).sort());
      const cells = new Set<string>();
      for (const w of plan.windows) {
        for (let c = w.area.col; c < w.area.col + w.area.columns; c++)
          for (let r = w.area.row; r < w.area.row + w.area.rows; r++) {
            const key = `${c},${r}`;
            expect(cells.has(key), `${k} displays: cell ${key} twice`).toBe(false);
            cells.add(key);
          }
      }
      expect(cells.size).toBe(12);
    }
  });

  it('displays of different sizes: each window fills its display and keeps the aspect ratio', () => {
    const displays: Display[] = [
      { id: 'a', bounds: { x: 0, y: 0, width: 3840, height: 2160 }, scaleFactor: 2, primary: true },
      { id: 'b', bounds: { x: 3840, y: 0, width: 1280, height: 1024 }, scaleFactor: 1, primary: false },
      { id: 'c', bounds: { x: 5120, y: 0, width: 1920, height: 1200 }, scaleFactor: 1, primary: false },
    ];
    const plan = mapWallToDisplays(displays, layout(3, 1));
    expect(plan.rule).toBe('matching');
    const scales = Object.fromEntries(plan.windows.map((w) => [w.displayId, w.scale]));
    expect(scales).toEqual({ a: 2, b: Number((1280 / 1920).toFixed(4)), c: 1 });
    for (const w of plan.windows) expect(w.bounds).toEqual(displays.find((d) => d.id === w.displayId)!.bounds);
  });

  it('reads displays in wall order even when they are staggered or left of the primary', () => {
    const displays: Display[] = [
      { id: 'right', bounds: { x: 1920, y: 40, width: 1920, height: 1080 }, scaleFactor: 1, primary: true },
      { id: 'left', bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: false },
      { id: 'mid', bounds: { x: 0, y: -30, width: 1920, height: 1080 }, scaleFactor: 1, primary: false },
      { id: 'below', bounds: { x: 0, y: 1080, width: 1920, height: 1080 }, scaleFactor: 1, primary: false },
    ];
    expect(displaysInWallOrder(displays).map((row) => row.map((d) => d.id))).toEqual([['left', 'mid', 'right'], ['below']]);
    const plan = mapWallToDisplays(displays, layout(2, 2));
    expect(plan.rule).toBe('one_per_display');
    expect(byDisplay(plan)).toEqual({ left: ['s1-1'], mid: ['s2-1'], right: ['s1-2'], below: ['s2-2'] });
  });

  it('keeps the console display free, and shows nothing when no display is left', () => {
    const displays = grid(3, 1);
    const plan = mapWallToDisplays(displays, layout(2, 1), { reservedDisplayIds: ['1'] });
    expect(byDisplay(plan)).toEqual({ '2': ['s1-1'], '3': ['s2-1'] });
    expect(plan.unusedDisplayIds).toEqual(['1']);
    const none = mapWallToDisplays(grid(1, 1), layout(2, 1), { reservedDisplayIds: ['1'] });
    expect(none.windows).toEqual([]);
    expect(none.rule).toBe('none');
    expect(mapWallToDisplays([], layout(2, 1)).windows).toEqual([]);
  });

  it('a display unplugged and plugged back: the plan changes tell the shell what to close, update and open', () => {
    const l = layout(3, 2);
    const all = grid(3, 2);
    const before = mapWallToDisplays(all, l);
    const unplugged = all.filter((d) => d.id !== '6');
    const after = mapWallToDisplays(unplugged, l);
    // Five displays for six screens: not the wall's shape any more, so the wall is re-cut.
    expect(after.windows.flatMap((w) => w.screenIds).sort()).toEqual(l.screens.map((s) => s.id).sort());
    const changes = planChanges(before.windows, after.windows);
    expect(changes.close).toEqual(['6']);
    expect(changes.open).toEqual([]);
    expect(changes.update.length).toBeGreaterThan(0);
    const back = planChanges(after.windows, mapWallToDisplays(all, l).windows);
    expect(back.open.map((w) => w.displayId)).toEqual(['6']);
    expect(planChanges(before.windows, mapWallToDisplays(all, l).windows)).toEqual({ open: [], update: [], close: [] });
  });

  it('a display that reports no size is not used', () => {
    const displays = [...grid(2, 1), { id: 'ghost', bounds: { x: 4000, y: 0, width: 0, height: 0 }, scaleFactor: 1, primary: false }];
    const plan = mapWallToDisplays(displays, layout(2, 1));
    expect(plan.rule).toBe('matching');
    expect(plan.unusedDisplayIds).toEqual(['ghost']);
  });
});

describe('cutting the wall', () => {
  it('bands and rectangles', () => {
    expect(bands(5, 2)).toEqual([3, 2]);
    expect(bands(4, 4)).toEqual([1, 1, 1, 1]);
    expect(cutWall(3, 3, 2)).toEqual([
      { col: 0, row: 0, columns: 3, rows: 2 },
      { col: 0, row: 2, columns: 3, rows: 1 },
    ]);
    expect(cutWall(3, 2, 5)).toEqual([
      { col: 0, row: 0, columns: 1, rows: 1 },
      { col: 1, row: 0, columns: 1, rows: 1 },
      { col: 2, row: 0, columns: 1, rows: 1 },
      { col: 0, row: 1, columns: 2, rows: 1 },
      { col: 2, row: 1, columns: 1, rows: 1 },
    ]);
  });
});
