/**
 * The rules of a wall layout, as pure functions: which panels exist and what options each takes,
 * how small a tile may be for its panel to stay legible from five metres, and `validateLayout`,
 * which lists every reason a layout is refused (overlapping tiles, an unknown panel, an empty
 * screen, a screen outside the wall…). No database, no clock: table-driven tests in test/wall.
 */
import {
  WALL_PANEL_MIN_SIZE,
  WALL_PANELS,
  WALL_PERIODS,
  WALL_RANKING_BY,
  WALL_RANKING_FIGURES,
  WALL_RANKING_ORDERS,
  WALL_SCOPES,
  type WallDefinition,
  type WallIssue,
  type WallPanelKind,
  type WallTile,
} from '../../../preload/contract/wall-schemas';

type OptionCheck = (value: unknown) => boolean;

export interface PanelSpec {
  /** The smallest tile, in design pixels, at which the panel's 24 px text still fits. */
  readonly minWidth: number;
  readonly minHeight: number;
  /** Known options and their check; any other option is refused. */
  readonly options: Readonly<Record<string, OptionCheck>>;
}

const oneOf =
  (...values: readonly unknown[]): OptionCheck =>
  (v) =>
    values.includes(v);
const intIn =
  (min: number, max: number): OptionCheck =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
/** A camera's code as the register keeps it (RecordCode: letters, digits, - and _). */
const cameraCode: OptionCheck = (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(v);
/** A camera group's cameras: 1–64 distinct codes, shown `size`² at a time. */
const cameraCodes: OptionCheck = (v) => Array.isArray(v) && v.length >= 1 && v.length <= 64 && v.every(cameraCode) && new Set(v).size === v.length;
const messages: OptionCheck = (v) => Array.isArray(v) && v.length <= 10 && v.every((m) => typeof m === 'string' && m.trim().length > 0 && m.length <= 200);

/** 按网格筛选 on the grid map (issue #18): the grids whose cameras it shows, by code (none: every grid's). */
const cameraGrids: OptionCheck = (v) => Array.isArray(v) && v.length <= 200 && v.every((g) => typeof g === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(g));

const size = (panel: WallPanelKind) => ({ minWidth: WALL_PANEL_MIN_SIZE[panel].width, minHeight: WALL_PANEL_MIN_SIZE[panel].height });

export const PANEL_SPECS: Readonly<Record<WallPanelKind, PanelSpec>> = {
  gridMap: { ...size('gridMap'), options: { metric: oneOf('open', 'overdue'), showCameras: oneOf(true, false), cameraGrids } },
  statusCounts: { ...size('statusCounts'), options: {} },
  overdueList: { ...size('overdueList'), options: { limit: intIn(1, 50) } },
  slaRates: { ...size('slaRates'), options: {} },
  categoryBreakdown: { ...size('categoryBreakdown'), options: { scope: oneOf(...WALL_SCOPES) } },
  boardBreakdown: { ...size('boardBreakdown'), options: { scope: oneOf(...WALL_SCOPES) } },
  hourlyTrend: { ...size('hourlyTrend'), options: { hours: intIn(6, 72) } },
  onDuty: { ...size('onDuty'), options: {} },
  activePlans: { ...size('activePlans'), options: {} },
  clock: { ...size('clock'), options: {} },
  ticker: { ...size('ticker'), options: { messages } },
  ranking: {
    ...size('ranking'),
    options: { by: oneOf(...WALL_RANKING_BY), figure: oneOf(...WALL_RANKING_FIGURES), period: oneOf(...WALL_PERIODS), order: oneOf(...WALL_RANKING_ORDERS), limit: intIn(3, 20) },
  },
  figures: { ...size('figures'), options: { period: oneOf(...WALL_PERIODS) } },
  camera: { ...size('camera'), options: { camera: cameraCode } },
  cameraGroup: { ...size('cameraGroup'), options: { size: oneOf(2, 3), cameras: cameraCodes, rotateSeconds: intIn(10, 600) } },
  // 联动画面 (issue #18): no options; what it shows is the linkage rule's and the leader's pin.
  cameraLinkage: { ...size('cameraLinkage'), options: {} },
};

export function isPanel(name: string): name is WallPanelKind {
  return (WALL_PANELS as readonly string[]).includes(name);
}

/** The tile's rectangle in design pixels on its screen. */
export function tilePixels(
  def: WallDefinition,
  grid: { columns: number; rows: number },
  tile: Pick<WallTile, 'x' | 'y' | 'w' | 'h'>,
): { x: number; y: number; width: number; height: number } {
  const cw = def.screenSize.width / grid.columns;
  const ch = def.screenSize.height / grid.rows;
  return { x: tile.x * cw, y: tile.y * ch, width: tile.w * cw, height: tile.h * ch };
}

function overlaps(a: WallTile, b: WallTile): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * The camera register as the layout rules see it: code → enabled. Given, a camera tile naming a camera
 * the register does not have, or a disabled one, or none, is refused; absent (a layout from another
 * console of the town, whose cameras may come later; the editor's drafts), only the option's form is.
 */
export type CameraStates = ReadonlyMap<string, boolean>;

/** Every reason the layout cannot be saved; empty when it is good. */
export function validateLayout(def: WallDefinition, cameras?: CameraStates): WallIssue[] {
  const issues: WallIssue[] = [];
  if (def.screens.length === 0) {
    issues.push({ code: 'no_screens', message: 'the layout has no screens' });
    return issues;
  }
  const screenIds = new Set<string>();
  const positions = new Map<string, string>();
  for (const screen of def.screens) {
    if (screenIds.has(screen.id)) issues.push({ code: 'duplicate_screen_id', screenId: screen.id, message: `two screens are called ${screen.id}` });
    screenIds.add(screen.id);
    if (screen.col >= def.wall.columns || screen.row >= def.wall.rows) {
      issues.push({
        code: 'screen_outside_wall',
        screenId: screen.id,
        col: screen.col,
        row: screen.row,
        message: `screen ${screen.id} at column ${screen.col + 1}, row ${screen.row + 1} is outside the ${def.wall.columns}×${def.wall.rows} wall`,
      });
    } else {
      const key = `${screen.col},${screen.row}`;
      const taken = positions.get(key);
      if (taken) {
        issues.push({
          code: 'screen_position_taken',
          screenId: screen.id,
          otherId: taken,
          col: screen.col,
          row: screen.row,
          message: `screens ${taken} and ${screen.id} are both at column ${screen.col + 1}, row ${screen.row + 1}`,
        });
      } else positions.set(key, screen.id);
    }
    validateScreen(def, screen, issues, cameras);
  }
  for (let row = 0; row < def.wall.rows; row++) {
    for (let col = 0; col < def.wall.columns; col++) {
      if (!positions.has(`${col},${row}`)) issues.push({ code: 'missing_screen', col, row, message: `no screen at column ${col + 1}, row ${row + 1} of the wall` });
    }
  }
  return issues;
}

function validateScreen(def: WallDefinition, screen: WallDefinition['screens'][number], issues: WallIssue[], cameras?: CameraStates): void {
  const tilesInScreen = screen.pages.reduce((n, p) => n + p.tiles.length, 0);
  if (screen.pages.length === 0 || tilesInScreen === 0) {
    issues.push({ code: 'empty_screen', screenId: screen.id, message: `screen ${screen.id} shows nothing` });
    return;
  }
  const pageIds = new Set<string>();
  for (const page of screen.pages) {
    if (pageIds.has(page.id)) issues.push({ code: 'duplicate_page_id', screenId: screen.id, pageId: page.id, message: `screen ${screen.id} has two pages called ${page.id}` });
    pageIds.add(page.id);
    if (page.tiles.length === 0) {
      issues.push({ code: 'empty_page', screenId: screen.id, pageId: page.id, message: `page ${page.id} of screen ${screen.id} shows nothing` });
      continue;
    }
    const tileIds = new Set<string>();
    const placed: WallTile[] = [];
    for (const tile of page.tiles) {
      const at = { screenId: screen.id, pageId: page.id, tileId: tile.id };
      if (tileIds.has(tile.id)) issues.push({ code: 'duplicate_tile_id', ...at, message: `page ${page.id} of screen ${screen.id} has two tiles called ${tile.id}` });
      tileIds.add(tile.id);
      if (!isPanel(tile.panel)) {
        issues.push({ code: 'unknown_panel', ...at, panel: tile.panel, message: `there is no panel called ${tile.panel}` });
      } else {
        const spec = PANEL_SPECS[tile.panel];
        for (const [name, value] of Object.entries(tile.options ?? {})) {
          const check = spec.options[name];
          if (!check || !check(value))
            issues.push({
              code: 'bad_option',
              ...at,
              panel: tile.panel,
              option: name,
              message: `panel ${tile.panel} does not take ${name} = ${JSON.stringify(value)?.slice(0, 60)}`,
            });
        }
        if (tile.panel === 'camera') checkCamera(tile, at, issues, cameras);
        if (tile.panel === 'cameraGroup') checkCameraGroup(tile, at, issues, cameras);
        const px = tilePixels(def, screen.grid, tile);
        if (px.width + 0.5 < spec.minWidth || px.height + 0.5 < spec.minHeight) {
          issues.push({
            code: 'tile_too_small',
            ...at,
            panel: tile.panel,
            message: `tile ${tile.id} (${Math.round(px.width)}×${Math.round(px.height)} px) is smaller than ${tile.panel} needs (${spec.minWidth}×${spec.minHeight})`,
          });
        }
      }
      if (tile.x + tile.w > screen.grid.columns || tile.y + tile.h > screen.grid.rows) {
        issues.push({ code: 'tile_outside_grid', ...at, message: `tile ${tile.id} reaches outside the ${screen.grid.columns}×${screen.grid.rows} grid of screen ${screen.id}` });
      }
      for (const other of placed) {
        if (overlaps(tile, other))
          issues.push({ code: 'tiles_overlap', ...at, otherId: other.id, message: `tiles ${other.id} and ${tile.id} overlap on page ${page.id} of screen ${screen.id}` });
      }
      placed.push(tile);
    }
  }
}

function checkCamera(tile: WallTile, at: { screenId: string; pageId: string; tileId: string }, issues: WallIssue[], cameras?: CameraStates): void {
  if (!cameras) return;
  const code = tile.options?.camera;
  if (code === undefined) {
    issues.push({ code: 'camera_missing', ...at, panel: 'camera', message: `camera tile ${tile.id} has no camera chosen` });
    return;
  }
  if (typeof code !== 'string' || !cameraCode(code)) return;
  const enabled = cameras.get(code);
  if (enabled === undefined) issues.push({ code: 'unknown_camera', ...at, panel: 'camera', camera: code, message: `there is no camera ${code}` });
  else if (!enabled) issues.push({ code: 'camera_disabled', ...at, panel: 'camera', camera: code, message: `camera ${code} is disabled` });
}

/** A camera group: at least one camera chosen, each known and enabled (given the register). */
function checkCameraGroup(tile: WallTile, at: { screenId: string; pageId: string; tileId: string }, issues: WallIssue[], cameras?: CameraStates): void {
  if (!cameras) return;
  const codes = tile.options?.cameras;
  if (codes === undefined || (Array.isArray(codes) && codes.length === 0)) {
    issues.push({ code: 'camera_missing', ...at, panel: 'cameraGroup', message: `camera group ${tile.id} has no camera chosen` });
    return;
  }
  if (!Array.isArray(codes)) return;
  for (const code of codes) {
    if (typeof code !== 'string' || !cameraCode(code)) continue;
    const enabled = cameras.get(code);
    if (enabled === undefined) issues.push({ code: 'unknown_camera', ...at, panel: 'cameraGroup', camera: code, message: `there is no camera ${code}` });
    else if (!enabled) issues.push({ code: 'camera_disabled', ...at, panel: 'cameraGroup', camera: code, message: `camera ${code} is disabled` });
  }
}

/** The codes a camera or camera-group tile names (none for any other tile). */
export function tileCameras(tile: Pick<WallTile, 'panel' | 'options'>): string[] {
  if (tile.panel === 'camera') return typeof tile.options?.camera === 'string' ? [tile.options.camera] : [];
  if (tile.panel === 'cameraGroup') {
    const codes = tile.options?.cameras;
    return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
  }
  return [];
}

/** The camera codes the camera and camera-group tiles of these screens name (all screens when none are given). */
export function camerasOnScreens(def: Pick<WallDefinition, 'screens'>, screenIds?: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const screen of def.screens) {
    if (screenIds && !screenIds.includes(screen.id)) continue;
    for (const page of screen.pages) {
      for (const tile of page.tiles) {
        for (const code of tileCameras(tile)) codes.add(code);
      }
    }
  }
  return [...codes];
}

/** The screens of a layout in wall order (row by row, left to right). */
export function screensInWallOrder<S extends { col: number; row: number }>(screens: readonly S[]): S[] {
  return [...screens].sort((a, b) => a.row - b.row || a.col - b.col);
}
