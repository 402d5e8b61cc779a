/**
 * One page of one screen at the screen's true proportions: its grid of cells, its tiles. Drop a
 * panel from the palette on a cell (or pick one in the palette and click a cell) to place it; drag a
 * tile to move it, drag its corner to resize it; everything snaps to the grid. A move or resize is
 * committed when the pointer is released.
 */
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { WallDefinition, WallPanelKind, WallScreenDef, WallTile } from '../../../../preload/contract/wall-schemas';
import { WALL_PANELS } from '../../../../preload/contract/wall-schemas';
import { useWallMessages } from '../wall-locales';
import { addTile, updateTile } from './draft';

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

  const place = (panel: string, x: number, y: number): void => {
    if (!isPanel(panel)) return;
    const added = addTile(def, screen.id, page, panel, { x, y });
    onChange(added.def);
    onSelect(added.tileId);
    onPlaced();
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
