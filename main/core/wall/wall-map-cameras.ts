/**
 * 摄像头 on the wall's grid map (issue #18), pure: which cameras a layout's map tiles show. A grid-map
 * tile shows the enabled cameras unless 显示摄像头 (`showCameras`) is off; 按网格筛选 (`cameraGrids`)
 * keeps only those grids' cameras.
 */
import type { WallDefinition } from '../../../preload/contract/wall-schemas';

/**
 * The grids whose cameras the grid-map tiles of these screens show (issue #18): 'all' when one shows
 * every grid's, null when none shows cameras (no map, or 显示摄像头 off on each).
 */
export function mapCameraGrids(screens: ReadonlyArray<Pick<WallDefinition['screens'][number], 'pages'>>): 'all' | Set<string> | null {
  let grids: Set<string> | null = null;
  for (const screen of screens)
    for (const page of screen.pages)
      for (const tile of page.tiles) {
        if (tile.panel !== 'gridMap' || tile.options?.showCameras === false) continue;
        const only = tile.options?.cameraGrids;
        if (!Array.isArray(only) || only.length === 0) return 'all';
        grids ??= new Set();
        for (const g of only) if (typeof g === 'string') grids.add(g);
      }
  return grids;
}

/** The cameras one map tile shows of the given points (its 显示摄像头 and 按网格筛选). */
export function tileCameraPoints<P extends { gridCode: string }>(options: Record<string, unknown> | undefined, points: readonly P[]): P[] {
  if (options?.showCameras === false) return [];
  const only = options?.cameraGrids;
  if (!Array.isArray(only) || only.length === 0) return [...points];
  return points.filter((p) => only.includes(p.gridCode));
}
