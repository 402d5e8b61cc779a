/**
 * Which layout screens go on which physical display: a pure function of (displays, layout), so the
 * Electron shell stays thin (it only reads `screen.getAllDisplays()`, opens the windows this plans
 * and calls it again when a display comes or goes) and every arrangement is tested on its own.
 *
 * The rules, in order:
 *  1. Displays reserved for the console are never used.
 *  2. The displays are read in wall order: grouped into rows by their vertical position, each row
 *     left to right.
 *  3. Displays arranged exactly like the wall (same rows, same number in each row): each screen goes
 *     to the display at its place.
 *  4. Otherwise, at least as many displays as screens: screen i (wall order) on display i; the rest
 *     of the displays stay unused.
 *  5. Fewer displays than screens: the wall is cut into as many rectangles as there are displays —
 *     bands of whole rows while there are no more displays than rows, else each row is cut into
 *     column bands — and each display shows its rectangle scaled (one display: the whole wall).
 * Every window fills its display; the content keeps its aspect ratio (scaled to fit, letterboxed).
 */
import type { DisplayInfo, WallWindowPlan } from '../../../preload/contract/wall-schemas';
import { screensInWallOrder } from './wall-layout';

export type Display = DisplayInfo;

export interface MappedLayout {
  readonly wall: { readonly columns: number; readonly rows: number };
  readonly screenSize: { readonly width: number; readonly height: number };
  readonly screens: readonly { readonly id: string; readonly col: number; readonly row: number }[];
}

export interface MappingOptions {
  /** Displays kept for the console (the shell passes the console window's display when there are others). */
  readonly reservedDisplayIds?: readonly string[];
}

export interface WallPlan {
  readonly windows: WallWindowPlan[];
  readonly unusedDisplayIds: string[];
  /** Which rule placed the screens (for the log and the editor's status line). */
  readonly rule: 'none' | 'matching' | 'one_per_display' | 'scaled_parts';
}

interface Area {
  col: number;
  row: number;
  columns: number;
  rows: number;
}

/** Displays in wall order: rows by vertical position (top first), each row left to right. */
export function displaysInWallOrder(displays: readonly Display[]): Display[][] {
  const centreY = (d: Display): number => d.bounds.y + d.bounds.height / 2;
  const sorted = [...displays].sort((a, b) => centreY(a) - centreY(b) || a.bounds.x - b.bounds.x);
  const rows: Display[][] = [];
  for (const d of sorted) {
    const row = rows[rows.length - 1];
    if (row) {
      // Same row when the display's centre lies within the vertical span of the row's displays.
      const top = Math.min(...row.map((r) => r.bounds.y));
      const bottom = Math.max(...row.map((r) => r.bounds.y + r.bounds.height));
      if (centreY(d) > top && centreY(d) < bottom) {
        row.push(d);
        continue;
      }
    }
    rows.push([d]);
  }
  for (const row of rows) row.sort((a, b) => a.bounds.x - b.bounds.x);
  return rows;
}

/** Splits `total` into `parts` contiguous bands, the larger ones first: (5, 2) → [3, 2]. */
export function bands(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Cuts the wall into `k` rectangles (1 ≤ k < screens), in wall order. */
export function cutWall(columns: number, rows: number, k: number): Area[] {
  const areas: Area[] = [];
  if (k <= rows) {
    let row = 0;
    for (const height of bands(rows, k)) {
      areas.push({ col: 0, row, columns, rows: height });
      row += height;
    }
    return areas;
  }
  // More displays than rows: every row gets at least one, the rest spread from the top.
  const perRow = bands(k, rows).map((n) => Math.min(n, columns));
  let leftover = k - perRow.reduce((a, b) => a + b, 0);
  for (let r = 0; leftover > 0 && r < rows; r++) {
    const add = Math.min(leftover, columns - perRow[r]!);
    perRow[r]! += add;
    leftover -= add;
  }
  for (let row = 0; row < rows; row++) {
    let col = 0;
    for (const width of bands(columns, perRow[row]!)) {
      areas.push({ col, row, columns: width, rows: 1 });
      col += width;
    }
  }
  return areas;
}

function scaleFor(display: Display, layout: MappedLayout, area: Area): number {
  const w = area.columns * layout.screenSize.width;
  const h = area.rows * layout.screenSize.height;
  return Math.min(display.bounds.width / w, display.bounds.height / h);
}

function windowFor(display: Display, layout: MappedLayout, area: Area): WallWindowPlan {
  const inside = screensInWallOrder(layout.screens).filter((s) => s.col >= area.col && s.col < area.col + area.columns && s.row >= area.row && s.row < area.row + area.rows);
  return {
    displayId: display.id,
    bounds: { ...display.bounds },
    screenIds: inside.map((s) => s.id),
    area: { ...area },
    scale: Number(scaleFor(display, layout, area).toFixed(4)),
  };
}

export function mapWallToDisplays(displays: readonly Display[], layout: MappedLayout, options: MappingOptions = {}): WallPlan {
  const reserved = new Set(options.reservedDisplayIds ?? []);
  const usable = displays.filter((d) => !reserved.has(d.id) && d.bounds.width > 0 && d.bounds.height > 0);
  const unusable = displays.filter((d) => !usable.includes(d)).map((d) => d.id);
  const screens = screensInWallOrder(layout.screens);
  if (usable.length === 0 || screens.length === 0) {
    return { windows: [], unusedDisplayIds: displays.map((d) => d.id), rule: 'none' };
  }
  const displayRows = displaysInWallOrder(usable);
  const ordered = displayRows.flat();

  const matches = displayRows.length === layout.wall.rows && displayRows.every((row) => row.length === layout.wall.columns);
  if (matches) {
    const windows: WallWindowPlan[] = [];
    const used = new Set<string>();
    for (const screen of screens) {
      const display = displayRows[screen.row]?.[screen.col];
      if (!display) continue;
      used.add(display.id);
      windows.push(windowFor(display, layout, { col: screen.col, row: screen.row, columns: 1, rows: 1 }));
    }
    return { windows, unusedDisplayIds: [...unusable, ...ordered.filter((d) => !used.has(d.id)).map((d) => d.id)], rule: 'matching' };
  }

  if (ordered.length >= screens.length) {
    const windows = screens.map((screen, i) => windowFor(ordered[i]!, layout, { col: screen.col, row: screen.row, columns: 1, rows: 1 }));
    return { windows, unusedDisplayIds: [...unusable, ...ordered.slice(screens.length).map((d) => d.id)], rule: 'one_per_display' };
  }

  const areas = cutWall(layout.wall.columns, layout.wall.rows, ordered.length);
  const windows = areas.map((area, i) => windowFor(ordered[i]!, layout, area)).filter((w) => w.screenIds.length > 0);
  const used = new Set(windows.map((w) => w.displayId));
  return { windows, unusedDisplayIds: [...unusable, ...ordered.filter((d) => !used.has(d.id)).map((d) => d.id)], rule: 'scaled_parts' };
}

export interface PlanChanges {
  /** Displays that need a new window. */
  readonly open: WallWindowPlan[];
  /** Displays whose window shows something else now, or moved (same window, new content or bounds). */
  readonly update: WallWindowPlan[];
  /** Displays whose window must close (unplugged, or no longer needed). */
  readonly close: string[];
}

/** What the shell has to do to go from one plan to the next, keyed by display. */
export function planChanges(previous: readonly WallWindowPlan[], next: readonly WallWindowPlan[]): PlanChanges {
  const before = new Map(previous.map((w) => [w.displayId, w]));
  const after = new Map(next.map((w) => [w.displayId, w]));
  const open: WallWindowPlan[] = [];
  const update: WallWindowPlan[] = [];
  for (const [id, w] of after) {
    const old = before.get(id);
    if (!old) open.push(w);
    else if (JSON.stringify(old) !== JSON.stringify(w)) update.push(w);
  }
  const close = [...before.keys()].filter((id) => !after.has(id));
  return { open, update, close };
}
