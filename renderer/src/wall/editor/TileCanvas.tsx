/**
 * One page of one screen at the screen's true proportions: its grid of cells, its tiles. Drop a
 * panel from the palette on a cell (or pick one in the palette and click a cell) to place it; drag a
 * tile to move it, drag its corner to resize it; everything snaps to the grid. A move or resize is
 * committed when the pointer is released.
 *
 * By keyboard (#19): with a panel picked in the palette the cells are one Tab stop, the arrows move
 * between them and Enter places the panel there (Esc gives up); a tile takes the focus, the arrows move
 * it by a cell, Shift+arrows resize it, Delete removes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { WallDefinition, WallPanelKind, WallScreenDef, WallTile } from '../../../../preload/contract/wall-schemas';
import { WALL_PANELS } from '../../../../preload/contract/wall-schemas';
import { useWallMessages, wfill } from '../wall-locales';
import { addTile, removeTile, updateTile } from './draft';

export const PANEL_MIME = 'application/x-duty-desk-wall-panel';

interface Drag {
  tileId: string;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  origin: Pick<WallTile, 'x' | 'y' | 'w' | 'h'>;
  now: Pick<WallTile, 'x' | 'y' | 'w' | 'h'>;
  moved: boolean;
}

export interface TileCanvasProps {
  def: WallDefinition;
  screen: WallScreenDef;
  page: number;
  selectedTileId: string | null;
  placing: WallPanelKind | null;
  badTiles: ReadonlySet<string>;
  onChange(def: WallDefinition): void;
  onSelect(tileId: string | null): void;
  onPlaced(): void;
}

function isPanel(name: string): name is WallPanelKind {
  return (WALL_PANELS as readonly string[]).includes(name);
}

export function TileCanvas({ def, screen, page, selectedTileId, placing, badTiles, onChange, onSelect, onPlaced }: TileCanvasProps) {
  const w = useWallMessages();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [cursor, setCursor] = useState({ x: 0, y: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  const height = (width * def.screenSize.height) / def.screenSize.width;
  const cw = width / screen.grid.columns;
  const ch = height / screen.grid.rows;
  const tiles = screen.pages[page]?.tiles ?? [];

  const place = (panel: string, x: number, y: number): string | null => {
    if (!isPanel(panel)) return null;
    const added = addTile(def, screen.id, page, panel, { x, y });
    onChange(added.def);
    onSelect(added.tileId);
    onPlaced();
    return added.tileId;
  };

  const focusIn = (selector: string): void => {
    requestAnimationFrame(() => box.current?.querySelector<HTMLElement>(selector)?.focus());
  };
  const arrow = (key: string): { dx: number; dy: number } | null =>
    key === 'ArrowLeft' ? { dx: -1, dy: 0 } : key === 'ArrowRight' ? { dx: 1, dy: 0 } : key === 'ArrowUp' ? { dx: 0, dy: -1 } : key === 'ArrowDown' ? { dx: 0, dy: 1 } : null;

  const cellKey = (e: ReactKeyboardEvent, x: number, y: number): void => {
    if (!placing) return;
    const step = arrow(e.key);
    if (step) {
      e.preventDefault();
      const next = { x: Math.max(0, Math.min(screen.grid.columns - 1, x + step.dx)), y: Math.max(0, Math.min(screen.grid.rows - 1, y + step.dy)) };
      setCursor(next);
      // At once (the cells are always there): a second key pressed right after lands on the new cell.
      box.current?.querySelector<HTMLElement>(`[data-testid="wall-cell"][data-x="${next.x}"][data-y="${next.y}"]`)?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const id = place(placing, x, y);
      if (id) focusIn(`[data-tile-id="${id}"]`);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onPlaced();
    }
  };

  const tileKey = (e: ReactKeyboardEvent, tile: WallTile): void => {
    const step = arrow(e.key);
    if (step) {
      e.preventDefault();
      const next = e.shiftKey
        ? { w: Math.max(1, Math.min(screen.grid.columns - tile.x, tile.w + step.dx)), h: Math.max(1, Math.min(screen.grid.rows - tile.y, tile.h + step.dy)) }
        : { x: Math.max(0, Math.min(screen.grid.columns - tile.w, tile.x + step.dx)), y: Math.max(0, Math.min(screen.grid.rows - tile.h, tile.y + step.dy)) };
      onChange(updateTile(def, screen.id, page, tile.id, next));
      onSelect(tile.id);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onChange(removeTile(def, screen.id, page, tile.id));
      onSelect(null);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(tile.id);
    }
  };

  const startDrag = (e: ReactPointerEvent, tile: WallTile, mode: Drag['mode']): void => {
    e.stopPropagation();
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const origin = { x: tile.x, y: tile.y, w: tile.w, h: tile.h };
    setDrag({ tileId: tile.id, mode, startX: e.clientX, startY: e.clientY, origin, now: origin, moved: false });
  };
  const moveDrag = (e: ReactPointerEvent): void => {
    if (!drag) return;
    const dx = Math.round((e.clientX - drag.startX) / cw);
    const dy = Math.round((e.clientY - drag.startY) / ch);
    const o = drag.origin;
    const now =
      drag.mode === 'move'
        ? { ...o, x: Math.max(0, Math.min(screen.grid.columns - o.w, o.x + dx)), y: Math.max(0, Math.min(screen.grid.rows - o.h, o.y + dy)) }
        : { ...o, w: Math.max(1, Math.min(screen.grid.columns - o.x, o.w + dx)), h: Math.max(1, Math.min(screen.grid.rows - o.y, o.h + dy)) };
    const moved = drag.moved || Math.abs(e.clientX - drag.startX) > 3 || Math.abs(e.clientY - drag.startY) > 3;
    if (moved !== drag.moved || now.x !== drag.now.x || now.y !== drag.now.y || now.w !== drag.now.w || now.h !== drag.now.h) setDrag({ ...drag, now, moved });
  };
  const endDrag = (): void => {
    if (!drag) return;
    const n = drag.now;
    const o = drag.origin;
    if (n.x !== o.x || n.y !== o.y || n.w !== o.w || n.h !== o.h) onChange(updateTile(def, screen.id, page, drag.tileId, n));
    onSelect(drag.tileId);
    setDrag(null);
  };

  const cells = [];
  for (let y = 0; y < screen.grid.rows; y++) {
    for (let x = 0; x < screen.grid.columns; x++) {
      cells.push(
        <div
          key={`${x},${y}`}
          className={placing ? 'wall-edit-cell placing' : 'wall-edit-cell'}
          style={{ left: x * cw, top: y * ch, width: cw, height: ch }}
          data-testid="wall-cell"
          data-x={x}
          data-y={y}
          role={placing ? 'button' : undefined}
          tabIndex={placing && cursor.x === x && cursor.y === y ? 0 : -1}
          aria-label={placing ? wfill(w.editor.keyCell, { x: x + 1, y: y + 1, panel: w.panels[placing] }) : undefined}
          onKeyDown={(e) => cellKey(e, x, y)}
          onFocus={() => {
            if (cursor.x !== x || cursor.y !== y) setCursor({ x, y });
          }}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(PANEL_MIME)) e.preventDefault();
          }}
          onDrop={(e) => {
            e.preventDefault();
            place(e.dataTransfer.getData(PANEL_MIME), x, y);
          }}
          onClick={() => {
            if (placing) place(placing, x, y);
            else onSelect(null);
          }}
        />,
      );
    }
  }

  return (
    <div ref={box} className="wall-edit-canvas" style={{ height }} data-testid="wall-canvas" data-screen-id={screen.id} data-page={page}>
      {cells}
      {tiles.map((tile) => {
        const t = drag?.tileId === tile.id ? { ...tile, ...drag.now } : tile;
        const selected = tile.id === selectedTileId;
        return (
          <div
            key={tile.id}
            className={`wall-edit-tile${selected ? ' selected' : ''}${badTiles.has(tile.id) ? ' bad' : ''}${drag?.tileId === tile.id ? ' dragging' : ''}`}
            style={{ left: t.x * cw, top: t.y * ch, width: t.w * cw, height: t.h * ch, pointerEvents: placing ? 'none' : undefined }}
            data-testid="wall-edit-tile"
            data-tile-id={tile.id}
            data-panel={tile.panel}
            data-rect={`${t.x},${t.y},${t.w},${t.h}`}
            role="button"
            tabIndex={placing ? -1 : 0}
            aria-pressed={selected}
            aria-label={wfill(w.editor.keyTile, { panel: w.panels[tile.panel as WallPanelKind] ?? tile.panel, x: t.x + 1, y: t.y + 1, w: t.w, h: t.h })}
            onKeyDown={(e) => tileKey(e, tile)}
            onFocus={(e) => {
              if (e.target === e.currentTarget && !selected) onSelect(tile.id);
            }}
            onPointerDown={(e) => startDrag(e, tile, 'move')}
            onPointerMove={moveDrag}
            onPointerUp={endDrag}
            onPointerCancel={() => setDrag(null)}
          >
            <span className="wall-edit-tile-name">{w.panels[tile.panel as WallPanelKind] ?? tile.panel}</span>
            <span className="wall-edit-tile-size">
              {t.w}×{t.h}
            </span>
            <span className="wall-edit-resize" data-testid="wall-edit-resize" onPointerDown={(e) => startDrag(e, tile, 'resize')} onPointerMove={moveDrag} onPointerUp={endDrag} />
          </div>
        );
      })}
    </div>
  );
}
