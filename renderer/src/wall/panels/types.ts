import type { WallTile } from '../../../../preload/contract/wall-schemas';

/** What a panel gets from its tile: its options and its size in design pixels. */
export interface PanelProps {
  readonly tile: WallTile;
  readonly size: { readonly width: number; readonly height: number };
  /** The wall screen the tile is on (absent in the editor's preview): 联动画面 shows that screen's pin. */
  readonly screenId?: string;
}

/** Height the frame's title bar takes, in design pixels (see wall.css). */
export const PANEL_HEAD = 64;

/** The panel body's inner size: the tile less its padding (10), the title bar and the body's padding. */
export function bodySize(size: { width: number; height: number }): { width: number; height: number } {
  return { width: size.width - 20 - 32 - 2, height: size.height - 20 - PANEL_HEAD - 24 - 2 };
}
