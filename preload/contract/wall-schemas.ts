/**
 * The video wall's shapes: a layout (screens in the wall, per screen pages of tiles, each tile a
 * panel with its options), its validation issues, per-screen viewer tokens, the desktop's displays
 * and the window plan mapped onto them, and the cockpit's aggregates. Plain data shapes (zod), shared
 * by main, preload and the renderer. The rules (overlaps, known panels, sizes) live in
 * main/core/wall/wall-layout.ts; these schemas only bound what may cross the bridge.
 */
import { z } from 'zod';
import { FigureSet } from './metrics-schemas';
import { ClockKind, Id, Level, ShortText, State } from './schemas';

/** Every panel the wall knows. The editor offers these; core refuses any other name. */
export const WALL_PANELS = [
  'gridMap',
  'statusCounts',
  'overdueList',
  'slaRates',
  'categoryBreakdown',
  'boardBreakdown',
  'hourlyTrend',
  'onDuty',
  'activePlans',
  'clock',
  'ticker',
  // 考核评价 on the wall (issue #16): rankings of grids, villages, boards or posts, and the town's figures.
  'ranking',
  'figures',
  // 摄像头 (issue #18): one camera's live picture; its option `camera` is the camera's code.
  'camera',
  // 摄像头轮巡 (issue #18): a 2×2 or 3×3 grid of camera pictures turning through its cameras' pages.
  'cameraGroup',
  // 联动画面 (issue #18): the cameras of the newest event in linkage, or the camera a leader pinned to this screen.
  'cameraLinkage',
] as const;
export type WallPanelKind = (typeof WALL_PANELS)[number];

/**
 * The smallest tile, in design pixels of a 1080p screen, at which each panel's 24 px text still
 * fits (core refuses smaller tiles; the editor sizes a new tile to at least this).
 */
export const WALL_PANEL_MIN_SIZE: Readonly<Record<WallPanelKind, { readonly width: number; readonly height: number }>> = {
  gridMap: { width: 480, height: 360 },
  statusCounts: { width: 900, height: 500 },
  overdueList: { width: 560, height: 300 },
  slaRates: { width: 560, height: 300 },
  categoryBreakdown: { width: 560, height: 300 },
  boardBreakdown: { width: 420, height: 300 },
  hourlyTrend: { width: 560, height: 300 },
  onDuty: { width: 420, height: 300 },
  activePlans: { width: 420, height: 240 },
  clock: { width: 480, height: 240 },
  ticker: { width: 480, height: 80 },
  ranking: { width: 560, height: 420 },
  figures: { width: 900, height: 500 },
  camera: { width: 480, height: 320 },
  cameraGroup: { width: 640, height: 420 },
  cameraLinkage: { width: 640, height: 420 },
};

/** The time windows of the cockpit's figures. */
export const WALL_SCOPES = ['open', 'today', '7d', '30d'] as const;
export const WallScope = z.enum(WALL_SCOPES);
export type WallScope = z.infer<typeof WallScope>;

const Slug = z.string().regex(/^[A-Za-z0-9_-]{1,24}$/, 'letters, digits, - and _ only (1–24)');

export const WallTile = z.strictObject({
  id: Slug,
  /** A name from WALL_PANELS; any string crosses so that core can refuse an unknown one with its reason. */
  panel: z.string().min(1).max(40),
  x: z.number().int().min(0).max(11),
  y: z.number().int().min(0).max(11),
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(12),
  /** Panel options (checked per panel by core): e.g. `{ metric: 'overdue' }`, `{ messages: [...] }`. */
  options: z.record(z.string(), z.unknown()).default({}),
});
export type WallTile = z.infer<typeof WallTile>;

export const WallPageDef = z.strictObject({
  id: Slug,
  name: z.string().max(40).optional(),
  tiles: z.array(WallTile).max(36),
});
export type WallPageDef = z.infer<typeof WallPageDef>;

export const WallScreenDef = z.strictObject({
  id: Slug,
  name: z.string().max(40).optional(),
  /** The screen's place in the wall (0-based column and row of the splice). */
  col: z.number().int().min(0).max(7),
  row: z.number().int().min(0).max(3),
  /** The tile grid of every page of this screen. */
  grid: z.strictObject({ columns: z.number().int().min(1).max(12), rows: z.number().int().min(1).max(12) }),
  /** Seconds per page when the screen has more than one; 0 holds the first page. */
  rotateSeconds: z.number().int().min(0).max(3600),
  pages: z.array(WallPageDef).max(8),
});
export type WallScreenDef = z.infer<typeof WallScreenDef>;

export const WallDefinition = z.strictObject({
  theme: z.enum(['dark', 'light']),
  /** The splice: how many screens across and down. */
  wall: z.strictObject({ columns: z.number().int().min(1).max(8), rows: z.number().int().min(1).max(4) }),
  /** The design size of one screen in CSS pixels (a 1080p panel: 1920×1080); pages scale to fit. */
  screenSize: z.strictObject({ width: z.number().int().min(640).max(7680), height: z.number().int().min(360).max(4320) }),
  screens: z.array(WallScreenDef).max(32),
});
export type WallDefinition = z.infer<typeof WallDefinition>;

/** One reason a layout is refused; `code` selects the sentence, the rest fill it. */
export const WALL_ISSUE_CODES = [
  'no_screens',
  'screen_outside_wall',
  'screen_position_taken',
  'missing_screen',
  'duplicate_screen_id',
  'empty_screen',
  'empty_page',
  'duplicate_page_id',
  'duplicate_tile_id',
  'unknown_panel',
  'tile_outside_grid',
  'tiles_overlap',
  'tile_too_small',
  'bad_option',
  // A camera tile (issue #18): no camera chosen, a camera the register does not have, a disabled one.
  'camera_missing',
  'unknown_camera',
  'camera_disabled',
] as const;
export const WallIssue = z.object({
  code: z.enum(WALL_ISSUE_CODES),
  screenId: z.string().optional(),
  pageId: z.string().optional(),
  tileId: z.string().optional(),
  /** The other tile (overlaps) or screen (a taken position). */
  otherId: z.string().optional(),
  panel: z.string().optional(),
  option: z.string().optional(),
  /** The camera a camera tile names (its code). */
  camera: z.string().optional(),
  col: z.number().optional(),
  row: z.number().optional(),
  /** English, for logs and tests; the renderer words the issue from its code. */
  message: z.string(),
});
export type WallIssue = z.infer<typeof WallIssue>;

// ---- requests ----------------------------------------------------------------------------------

export const WallLayoutRef = z.strictObject({ layoutId: Id });
export const WallGetRequest = z.strictObject({ layoutId: Id, version: z.number().int().min(1).optional() });
export const WallValidateRequest = z.strictObject({ definition: WallDefinition });
export const WallSaveRequest = z.strictObject({
  /** Absent: a new layout. */
  layoutId: Id.optional(),
  name: ShortText,
  definition: WallDefinition,
  /** The version the editor started from; a save over a newer one is refused (conflict). */
  baseVersion: z.number().int().min(1).optional(),
  note: z.string().max(200).optional(),
});
export const WallRestoreRequest = z.strictObject({ layoutId: Id, version: z.number().int().min(1) });
export const WallIssueTokenRequest = z.strictObject({ layoutId: Id, screenId: Slug, label: z.string().max(60).optional() });
export const WallTokenRef = z.strictObject({ tokenId: Id });
export const WallSignInRequest = z.strictObject({ token: z.string().min(16).max(128) });
export const WallScreenRequest = z.strictObject({ layoutId: Id, screenIds: z.array(Slug).min(1).max(32) });
export const WallSettingsUpdate = z.strictObject({
  /** Serve wall pages to other machines (0.0.0.0); off by default. */
  lanEnabled: z.boolean().optional(),
  lanPort: z.number().int().min(1024).max(65535).optional(),
  /** The layout the desktop app shows on this machine's displays; null shows none. */
  localLayoutId: Id.nullable().optional(),
});
export const WallOverdueRequest = z.strictObject({ limit: z.number().int().min(1).max(50).default(10) });
export const WallBreakdownRequest = z.strictObject({ scope: WallScope.default('open') });
export const WallTrendRequest = z.strictObject({ hours: z.number().int().min(6).max(72).default(24) });
export const WallFocusRequest = z.strictObject({ gridCode: z.string().min(1).max(32) });
/** The cameras the camera tiles of these screens of the layout name (issue #18). */
export const WallCamerasRequest = z.strictObject({ layoutId: Id, screenIds: z.array(Slug).min(1).max(32) });

// ---- 考核评价 on the wall (issue #16): the ranking and figures panels ------------------------------

/** What a ranking ranks: grids, villages (村/社区), boards or posts (the lead post). */
export const WALL_RANKING_BY = ['grid', 'village', 'board', 'post'] as const;
/** The figures a ranking can rank by (docs/metrics.md): four on-time rates and 超期件数. */
export const WALL_RANKING_FIGURES = ['closeOnTime', 'acceptOnTime', 'dispatchOnTime', 'onSceneOnTime', 'overdue'] as const;
/** The Beijing calendar period of the assessment panels: today, this week (from Monday), this month. */
export const WALL_PERIODS = ['today', 'week', 'month'] as const;
export const WALL_RANKING_ORDERS = ['best', 'worst'] as const;
export type WallRankingBy = (typeof WALL_RANKING_BY)[number];
export type WallRankingFigure = (typeof WALL_RANKING_FIGURES)[number];
export type WallPeriod = (typeof WALL_PERIODS)[number];
export type WallRankingOrder = (typeof WALL_RANKING_ORDERS)[number];

export const WallRankingRequest = z.strictObject({
  by: z.enum(WALL_RANKING_BY).default('grid'),
  figure: z.enum(WALL_RANKING_FIGURES).default('closeOnTime'),
  period: z.enum(WALL_PERIODS).default('month'),
  order: z.enum(WALL_RANKING_ORDERS).default('best'),
  limit: z.number().int().min(1).max(20).default(8),
});
export type WallRankingRequest = z.input<typeof WallRankingRequest>;
export const WallFiguresRequest = z.strictObject({ period: z.enum(WALL_PERIODS).default('month') });

export const WallRankingRow = z.object({
  /** 1-based place in the order asked for; null for a group whose figure is null (nothing counted), ranked last. */
  rank: z.number().int().nullable(),
  /** The group's key in the figures (grid code, village name, board code, post id). */
  key: z.string(),
  /** Its name as people know it (grid name, village, board name, post name). */
  name: z.string(),
  /** The figure this period: a rate in [0, 1] or a count; null when nothing counted. */
  value: z.number().nullable(),
  /** The same figure over the previous period of the same length. */
  previous: z.number().nullable(),
  /** How many events the figure is over (a rate's on time + late; the count itself for 超期件数). */
  basis: z.number().int(),
});
export type WallRankingRow = z.infer<typeof WallRankingRow>;

export const WallRanking = z.object({
  now: z.string(),
  by: z.enum(WALL_RANKING_BY),
  figure: z.enum(WALL_RANKING_FIGURES),
  period: z.enum(WALL_PERIODS),
  order: z.enum(WALL_RANKING_ORDERS),
  /** The period [from, to) and the previous one [previousFrom, from). */
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  /** How many groups were ranked (the rows are the first `limit` of them). */
  total: z.number().int(),
  rows: z.array(WallRankingRow),
});
export type WallRanking = z.infer<typeof WallRanking>;

export const WallAssessment = z.object({
  now: z.string(),
  period: z.enum(WALL_PERIODS),
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  /** The town's figures this period and the previous one (core.metrics, docs/metrics.md). */
  current: FigureSet,
  previous: FigureSet,
  /** 挂账数: open events held now (a snapshot). */
  heldNow: z.number().int(),
});
export type WallAssessment = z.infer<typeof WallAssessment>;

// ---- responses ---------------------------------------------------------------------------------

export const WallLayoutSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  columns: z.number(),
  rows: z.number(),
  screens: z.number(),
});
export type WallLayoutSummary = z.infer<typeof WallLayoutSummary>;

export const WallLayout = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  /** The newest version (the one in force); `version` may be an older one asked for. */
  latestVersion: z.number(),
  savedAt: z.string(),
  savedByName: z.string().nullable(),
  definition: WallDefinition,
});
export type WallLayout = z.infer<typeof WallLayout>;

export const WallVersion = z.object({
  version: z.number(),
  name: z.string(),
  savedAt: z.string(),
  savedByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type WallVersion = z.infer<typeof WallVersion>;

export const WallToken = z.object({
  id: z.string(),
  layoutId: z.string(),
  screenId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
export type WallToken = z.infer<typeof WallToken>;

export const IssuedWallToken = z.object({
  tokenId: z.string(),
  /** Shown once: only its hash is kept. */
  token: z.string(),
  /** `/wall/<layout>/<screen>?token=…`, relative to the console's address. */
  path: z.string(),
});
export type IssuedWallToken = z.infer<typeof IssuedWallToken>;

export const WallSettings = z.object({
  lanEnabled: z.boolean(),
  lanPort: z.number(),
  localLayoutId: z.string().nullable(),
});
export type WallSettings = z.infer<typeof WallSettings>;

export const DisplayInfo = z.object({
  id: z.string(),
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  scaleFactor: z.number(),
  primary: z.boolean(),
});
export type DisplayInfo = z.infer<typeof DisplayInfo>;

export const WallWindowPlan = z.object({
  displayId: z.string(),
  bounds: DisplayInfo.shape.bounds,
  /** The layout screens this window shows, in wall order; more than one: a scaled part of the wall. */
  screenIds: z.array(z.string()),
  /** The part of the wall shown: columns × rows of screens starting at (col, row). */
  area: z.object({ col: z.number(), row: z.number(), columns: z.number(), rows: z.number() }),
  /** How the design size is scaled into the display (letterboxed, aspect kept). */
  scale: z.number(),
});
export type WallWindowPlan = z.infer<typeof WallWindowPlan>;

export const WallDisplays = z.object({
  /** Whether a desktop shell reported its displays (the web console has none). */
  desktop: z.boolean(),
  displays: z.array(DisplayInfo),
  windows: z.array(WallWindowPlan),
  unusedDisplayIds: z.array(z.string()),
  reportedAt: z.string().nullable(),
});
export type WallDisplays = z.infer<typeof WallDisplays>;

export const WallScreens = z.object({
  layoutId: z.string(),
  name: z.string(),
  version: z.number(),
  theme: WallDefinition.shape.theme,
  wall: WallDefinition.shape.wall,
  screenSize: WallDefinition.shape.screenSize,
  screens: z.array(WallScreenDef),
  townName: z.string(),
  centreName: z.string(),
  /** Whether this connection is a token-bound wall viewer (no console behind it). */
  viewer: z.boolean(),
});
export type WallScreens = z.infer<typeof WallScreens>;

export const WallSignedIn = z.object({ layoutId: z.string(), screenIds: z.array(z.string()) });

export const WallCounts = z.object({
  now: z.string(),
  /** Open events not held; `byState` counts these. */
  open: z.number(),
  overdue: z.number(),
  /** 挂账 (issue #15): open events held, counted apart (out of `open` and `byState`). */
  held: z.number(),
  serious: z.number(),
  byState: z.record(z.string(), z.number()),
  reportedToday: z.number(),
  closedToday: z.number(),
});
export type WallCounts = z.infer<typeof WallCounts>;

export const WallOverdueRow = z.object({
  id: z.string(),
  title: z.string(),
  level: Level,
  state: State,
  gridName: z.string().nullable(),
  categoryName: z.string(),
  dueAt: z.string(),
  dueKind: ClockKind.nullable(),
  /** 首报 / 续报 / 终报 (issue #15): the latest report's stage, and whether the first report or the next update (续报) is late. */
  reportStage: z.enum(['first', 'update', 'final']).nullable().optional(),
  firstReportLate: z.boolean().optional(),
  updateReportLate: z.boolean().optional(),
});
export const WallOverdue = z.object({ now: z.string(), total: z.number(), rows: z.array(WallOverdueRow) });
export type WallOverdue = z.infer<typeof WallOverdue>;

const OnTime = z.object({ onTime: z.number(), late: z.number() });
export const WallSla = z.object({
  now: z.string(),
  periods: z.array(z.object({ period: z.enum(['today', '7d', '30d']), accept: OnTime, close: OnTime })),
});
export type WallSla = z.infer<typeof WallSla>;

export const WallBreakdown = z.object({
  now: z.string(),
  scope: WallScope,
  boards: z.array(z.object({ code: z.string(), name: z.string(), count: z.number() })),
  categories: z.array(z.object({ code: z.string(), name: z.string(), boardCode: z.string(), count: z.number() })),
});
export type WallBreakdown = z.infer<typeof WallBreakdown>;

export const WallTrend = z.object({
  now: z.string(),
  /** One entry per hour, oldest first; `hour` is the UTC instant the hour starts. */
  hours: z.array(z.object({ hour: z.string(), reported: z.number(), closed: z.number() })),
});
export type WallTrend = z.infer<typeof WallTrend>;

export const WallGridLoad = z.object({
  now: z.string(),
  grids: z.array(z.object({ code: z.string(), open: z.number(), overdue: z.number() })),
});
export type WallGridLoad = z.infer<typeof WallGridLoad>;

/**
 * The enabled cameras a wall page's camera tiles name, with the addresses the player needs (issue
 * #18): only the cameras on the asked screens of the layout in force, never the whole register.
 */
export const WallCamera = z.object({
  code: z.string(),
  name: z.string(),
  hlsUrl: z.string().nullable(),
  flvUrl: z.string().nullable(),
  /** WebRTC (WHEP), only when the camera has one: the player prefers it. */
  whepUrl: z.string().nullable().optional(),
});
export type WallCamera = z.infer<typeof WallCamera>;
/** How many camera pictures a wall page decodes at once (the players' cap, issue #18): 1–16, default 4. */
export const CAMERA_DECODERS_RANGE = [1, 16] as const;
export const DEFAULT_CAMERA_DECODERS = 4;
export const WallCameraSettings = z.object({ decoders: z.number().int().min(CAMERA_DECODERS_RANGE[0]).max(CAMERA_DECODERS_RANGE[1]) });
export type WallCameraSettings = z.infer<typeof WallCameraSettings>;
export const WallCameraSettingsUpdate = z.strictObject({ decoders: z.number().int().min(CAMERA_DECODERS_RANGE[0]).max(CAMERA_DECODERS_RANGE[1]) });
export const WallCameras = z.object({
  cameras: z.array(WallCamera),
  /** The page's cap on camera pictures decoded at once (wall:setCameraSettings). */
  decoders: z.number().int(),
});
export type WallCameras = z.infer<typeof WallCameras>;
/** The layout editor's choice of camera: the enabled cameras by code and name, no address. */
export const WallCameraChoice = z.object({ code: z.string(), name: z.string() });
export type WallCameraChoice = z.infer<typeof WallCameraChoice>;

/**
 * 联动画面 (issue #18): what a wall page's linkage tiles and pinned pictures show. `linkage`: the newest
 * event in linkage (the desk's rule, camera-linkage.ts), given only when the asked screens have a
 * linkage tile — its title, level, grid, when it closes and its nearest cameras with their addresses;
 * `others`: how many more events are in linkage. `pins`: the camera a leader pinned to each asked
 * screen (推送到大屏), an enabled one, with its addresses.
 */
export const WallLinkedCamera = WallCamera.extend({ distanceM: z.number() });
export const WallLinkage = z.object({
  linkage: z
    .object({
      eventId: z.string(),
      title: z.string(),
      level: Level,
      gridCode: z.string().nullable(),
      gridName: z.string().nullable(),
      reportedAt: z.string(),
      closesAt: z.string(),
      radiusM: z.number(),
      cameras: z.array(WallLinkedCamera),
      others: z.number().int(),
    })
    .nullable(),
  pins: z.array(z.object({ screenId: z.string(), camera: WallCamera, pinnedAt: z.string() })),
});
export type WallLinkage = z.infer<typeof WallLinkage>;
export type WallLinkageEvent = NonNullable<WallLinkage['linkage']>;

/** 推送到大屏 (issue #18): a leader pins one camera to one screen of a layout, or takes it off (取消推送). */
export const WallPinRequest = z.strictObject({ layoutId: Id, screenId: Slug, code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/) });
export type WallPinRequest = z.infer<typeof WallPinRequest>;
export const WallUnpinRequest = z.strictObject({ layoutId: Id, screenId: Slug });
/** The screens a leader may pin to: every screen of every layout, with what is pinned there now. */
export const WallPinTarget = z.object({
  layoutId: z.string(),
  layoutName: z.string(),
  screenId: z.string(),
  screenName: z.string().nullable(),
  col: z.number(),
  row: z.number(),
  /** The screen has a 联动画面 tile (else the picture shows over the screen). */
  linkageTile: z.boolean(),
  pinned: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type WallPinTarget = z.infer<typeof WallPinTarget>;

/**
 * What a token-bound wall connection may call: reading the cockpit, nothing else (not even a
 * sign-in, so a wall token on the network can never become a console).
 */
export const WALL_VIEWER_CHANNELS: readonly string[] = [
  'clock:now',
  'town:get',
  'town:grids',
  'wall:signIn',
  'wall:screen',
  'wall:plans',
  'wall:counts',
  'wall:overdue',
  'wall:sla',
  'wall:breakdown',
  'wall:trend',
  'wall:gridLoad',
  'wall:focusGrid',
  'wall:ranking',
  'wall:figures',
  // 摄像头 tiles (issue #18): the cameras of the viewer's own screens only.
  'wall:cameras',
  // 摄像头 on the grid map (issue #18): the points its map tiles show (no address), one camera's stream on a touch.
  'wall:cameraPoints',
  'wall:cameraStream',
  // 联动画面 (issue #18): the newest linkage (if the screens have a linkage tile) and the cameras pinned to the viewer's own screens.
  'wall:linkage',
  // The roster's on-duty board and acting holders (issue 3), for the on-duty panel.
  'duty:board',
  'duty:actingAt',
  // 语音播报 on a chosen wall screen (issue 17): the grouped alarm view, the screen's state, the audio of a line.
  'alarms:groups',
  'voice:state',
  'voice:audio',
];
