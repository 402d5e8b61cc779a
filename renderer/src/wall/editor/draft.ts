/**
 * The editor's changes to a layout, as pure functions over the definition: place, move, resize and
 * remove tiles, add and remove pages, reshape the wall or a screen's grid. Each returns a new
 * definition (the editor keeps the last one as its draft; nothing is saved until Save).
 */
import { WALL_PANEL_MIN_SIZE, type WallDefinition, type WallPanelKind, type WallScreenDef, type WallTile } from '../../../../preload/contract/wall-schemas';
import { blankScreen, screenId, templateScreen } from '../wall-templates';

export interface Cell {
  x: number;
  y: number;
}

const clone = <T>(v: T): T => structuredClone(v);

function withScreen(def: WallDefinition, id: string, change: (s: WallScreenDef) => void): WallDefinition {
  const next = clone(def);
  const screen = next.screens.find((s) => s.id === id);
  if (screen) change(screen);
  return next;
}

/** The size a new tile of this panel starts at: the fewest cells that hold its minimum size. */
export function defaultSize(def: WallDefinition, screen: WallScreenDef, panel: WallPanelKind): { w: number; h: number } {
  const min = WALL_PANEL_MIN_SIZE[panel];
  const cw = def.screenSize.width / screen.grid.columns;
  const ch = def.screenSize.height / screen.grid.rows;
  return { w: Math.min(screen.grid.columns, Math.max(1, Math.ceil((min.width - 0.5) / cw))), h: Math.min(screen.grid.rows, Math.max(1, Math.ceil((min.height - 0.5) / ch))) };
}

function nextTileId(tiles: readonly WallTile[]): string {
  let n = tiles.length + 1;
  while (tiles.some((t) => t.id === `t${n}`)) n += 1;
  return `t${n}`;
}

export function addTile(def: WallDefinition, screenIdValue: string, page: number, panel: WallPanelKind, at: Cell): { def: WallDefinition; tileId: string } {
  let tileId = '';
  const next = withScreen(def, screenIdValue, (s) => {
    const p = s.pages[page];
    if (!p) return;
    const size = defaultSize(def, s, panel);
    const x = Math.max(0, Math.min(at.x, s.grid.columns - size.w));
    const y = Math.max(0, Math.min(at.y, s.grid.rows - size.h));
    tileId = nextTileId(p.tiles);
    p.tiles.push({ id: tileId, panel, x, y, w: size.w, h: size.h, options: {} });
  });
  return { def: next, tileId };
}

export function updateTile(
  def: WallDefinition,
  screenIdValue: string,
  page: number,
  tileId: string,
  change: Partial<Pick<WallTile, 'x' | 'y' | 'w' | 'h' | 'options'>>,
): WallDefinition {
  return withScreen(def, screenIdValue, (s) => {
    const tile = s.pages[page]?.tiles.find((t) => t.id === tileId);
    if (!tile) return;
    Object.assign(tile, change);
    tile.w = Math.max(1, Math.min(tile.w, s.grid.columns));
    tile.h = Math.max(1, Math.min(tile.h, s.grid.rows));
    tile.x = Math.max(0, Math.min(tile.x, s.grid.columns - tile.w));
    tile.y = Math.max(0, Math.min(tile.y, s.grid.rows - tile.h));
  });
}

export function removeTile(def: WallDefinition, screenIdValue: string, page: number, tileId: string): WallDefinition {
  return withScreen(def, screenIdValue, (s) => {
    const p = s.pages[page];
    if (p) p.tiles = p.tiles.filter((t) => t.id !== tileId);
  });
}

export function addPage(def: WallDefinition, screenIdValue: string): WallDefinition {
  return withScreen(def, screenIdValue, (s) => {
    let n = s.pages.length + 1;
    while (s.pages.some((p) => p.id === `p${n}`)) n += 1;
    s.pages.push({ id: `p${n}`, tiles: [] });
    if (s.rotateSeconds === 0) s.rotateSeconds = 30;
  });
}

export function removePage(def: WallDefinition, screenIdValue: string, page: number): WallDefinition {
  return withScreen(def, screenIdValue, (s) => {
    if (s.pages.length > 1) s.pages.splice(page, 1);
  });
}

export function updateScreen(def: WallDefinition, screenIdValue: string, change: Partial<Pick<WallScreenDef, 'name' | 'rotateSeconds' | 'grid'>>): WallDefinition {
  return withScreen(def, screenIdValue, (s) => {
    Object.assign(s, change);
    if (change.grid) {
      // Tiles that no longer fit are pulled in; the check then shows what still needs a hand.
      for (const p of s.pages) {
        for (const t of p.tiles) {
          t.w = Math.min(t.w, s.grid.columns);
          t.h = Math.min(t.h, s.grid.rows);
          t.x = Math.min(t.x, s.grid.columns - t.w);
          t.y = Math.min(t.y, s.grid.rows - t.h);
        }
      }
    }
  });
}

/** A wall of another shape: the screens that still have a place keep their pages; new places get a screen. */
export function reshapeWall(def: WallDefinition, columns: number, rows: number, fill: 'template' | 'blank'): WallDefinition {
  const next = clone(def);
  next.wall = { columns, rows };
  const kept = next.screens.filter((s) => s.col < columns && s.row < rows);
  let n = kept.length;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < columns; col++) {
      if (kept.some((s) => s.col === col && s.row === row)) continue;
      const fresh = fill === 'template' ? templateScreen(col, row, n++) : blankScreen(col, row);
      if (kept.some((s) => s.id === fresh.id)) fresh.id = `${screenId(col, row)}-${n}`;
      kept.push(fresh);
    }
  }
  next.screens = kept;
  return next;
}
