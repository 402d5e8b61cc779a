/**
 * The video wall in core. This class is the facade the API handlers, the front doors and the tests
 * call; its parts do the work:
 * - wall-layouts.ts: layouts and their versions, the wall settings, the desktop's displays;
 * - wall-access.ts: per-screen viewer tokens, the desktop's own tokens, the viewer actor;
 * - wall-figures.ts: the cockpit's figures, computed once per change and shared;
 * - wall.repository.ts / cockpit.repository.ts: the SQL.
 * Every change is a kernel command with its audit row, the UI told through the feed (topic `wall`)
 * after commit. Layouts are sent as `wallLayout` upserts and the town's other consoles' folded in
 * (wall-remote.ts); viewer tokens, settings and displays stay on this console.
 */
import type {
  DisplayInfo,
  IssuedWallToken,
  WallAssessment,
  WallBreakdown,
  WallCameraSettings,
  WallCamera,
  WallCameras,
  WallCounts,
  WallDefinition,
  WallDisplays,
  WallGridLoad,
  WallIssue,
  WallLayout,
  WallLayoutSummary,
  WallLinkage,
  WallLinkageEvent,
  WallPinTarget,
  WallOverdue,
  WallPeriod,
  WallRanking,
  WallRankingRequest,
  WallScope,
  WallScreens,
  WallSettings,
  WallSla,
  WallToken,
  WallTrend,
  WallVersion,
} from '../../../preload/contract/wall-schemas';
import type { WallCameraPoint, WallCameraPoints } from '../../../preload/contract/camera-schemas';
import { CAMERA_DECODERS_RANGE, DEFAULT_CAMERA_DECODERS } from '../../../preload/contract/wall-schemas';
import { refuse } from '../errors';
import type { ChangeFeed } from '../feed';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import type { Sql } from '../db/db';
import { WallAccess, type WallBinding } from './wall-access';
import { WallFigures, type FiguresTown, type OnTimeRates } from './wall-figures';
import { WallLayouts } from './wall-layouts';
import { WallRankings, type FigureSource } from './wall-rankings';
import { WallCameraPins, readPins } from './wall-camera-pins';
import { camerasOnScreens, validateLayout, type CameraStates } from './wall-layout';
import { mapCameraGrids } from './wall-map-cameras';
import { WallRepository } from './wall.repository';

export { hashToken, type WallBinding } from './wall-access';
export { SLOW_FIGURE_MS } from './wall-figures';
export { DEFAULT_WALL_SETTINGS } from './wall-layouts';

/** What the wall needs of the town (TownService satisfies it; wired in app-core.ts). */
export interface WallTown extends FiguresTown {
  readonly town: { readonly townCode: string; readonly name: string; readonly centreName: string };
  readonly posts: ReadonlyMap<string, { readonly code: string; readonly name: string }>;
  person(id: string | null | undefined): { readonly name: string } | null;
}

/** What the wall needs of the camera register (CameraService satisfies it; issue #18). */
export interface WallCameraSource {
  /** Every camera's code → enabled. */
  cameraStates(): Promise<CameraStates>;
  /** The enabled cameras with their addresses. */
  enabledCameras(): Promise<
    ReadonlyArray<{ code: string; name: string; hlsUrl: string | null; flvUrl: string | null; whepUrl?: string | null; lng?: number; lat?: number; gridCode?: string }>
  >;
  /** 联动画面: the newest event in linkage now and its cameras (camera-linkage.ts `active`), or null. */
  activeLinkage?(): Promise<Omit<WallLinkageEvent, 'gridName'> | null>;
}

const NO_CAMERAS: WallCameraSource = { cameraStates: async () => new Map(), enabledCameras: async () => [] };

export class WallService {
  private readonly repo = new WallRepository();
  private readonly access: WallAccess;
  private readonly layouts: WallLayouts;
  private readonly figures: WallFigures;
  private readonly rankings: WallRankings;
  private readonly pins: WallCameraPins;
  private lastFocus = -Infinity;
  /** Camera pictures a wall page decodes at once (issue #18), kept in wall_setting `camera_decoders`. */
  private decoders = DEFAULT_CAMERA_DECODERS;

  constructor(
    private readonly kernel: Kernel,
    private readonly town: WallTown,
    private readonly feed: ChangeFeed,
    rates: OnTimeRates & FigureSource,
    private readonly cameraSource: WallCameraSource = NO_CAMERAS,
  ) {
    const personName = (id: string | null): string | null => (id ? (this.town.person(id)?.name ?? null) : null);
    this.access = new WallAccess(kernel, this.repo, personName);
    this.layouts = new WallLayouts(kernel, this.repo, this.access, personName, () => this.cameraSource.cameraStates());
    this.figures = new WallFigures(kernel, town, feed, rates);
    this.pins = new WallCameraPins(
      kernel,
      this.repo,
      () => this.cameraSource.cameraStates(),
      async () => new Map((await this.cameraSource.enabledCameras()).map((c) => [c.code, c.name])),
    );
    this.rankings = new WallRankings(
      rates,
      town,
      (key, compute, slowMs) => this.figures.shared(key, compute, slowMs),
      () => kernel.clock.now(),
    );
  }

  async init(): Promise<void> {
    await this.access.init();
    await this.layouts.init();
    const stored = await this.kernel.read(async (sql) => (await this.repo.settings(sql)).find((r) => r.key === 'camera_decoders')?.value);
    const n = Number(stored);
    if (stored && Number.isInteger(n) && n >= CAMERA_DECODERS_RANGE[0] && n <= CAMERA_DECODERS_RANGE[1]) this.decoders = n;
  }

  // ---- layouts -------------------------------------------------------------------------------

  /** A `wallLayout` upsert from another console of the town (the sync sink, inside the page's transaction). */
  applyRemoteLayout(sql: Sql, id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    return this.layouts.applyRemote(sql, id, payload, hlc, at);
  }

  /** After a sync page that changed layouts. */
  async layoutsChanged(): Promise<void> {
    this.layouts.remoteChanged();
    this.feed.emit({ topic: 'wall', layoutId: null });
  }

  /** The layout's own rules (no register read: a camera tile is checked for a choice only). */
  validate(definition: WallDefinition): WallIssue[] {
    return validateLayout(definition);
  }

  /** Every reason a save would refuse the layout: its camera tiles checked against the register too. */
  async check(definition: WallDefinition): Promise<WallIssue[]> {
    return validateLayout(definition, await this.cameraSource.cameraStates());
  }

  list(actor: Actor): Promise<WallLayoutSummary[]> {
    return this.layouts.list(actor);
  }

  get(actor: Actor, layoutId: string, version?: number): Promise<WallLayout> {
    return this.layouts.get(actor, layoutId, version);
  }

  versions(actor: Actor, layoutId: string): Promise<WallVersion[]> {
    return this.layouts.versions(actor, layoutId);
  }

  save(actor: Actor, input: { layoutId?: string; name: string; definition: WallDefinition; baseVersion?: number; note?: string }): Promise<{ id: string; version: number }> {
    return this.layouts.save(actor, input);
  }

  restore(actor: Actor, layoutId: string, version: number): Promise<{ id: string; version: number }> {
    return this.layouts.restore(actor, layoutId, version);
  }

  remove(actor: Actor, layoutId: string): Promise<void> {
    return this.layouts.remove(actor, layoutId);
  }

  // ---- viewer tokens -------------------------------------------------------------------------

  tokens(actor: Actor, layoutId: string): Promise<WallToken[]> {
    return this.access.tokens(actor, layoutId);
  }

  issueToken(actor: Actor, layoutId: string, screenId: string, label?: string): Promise<IssuedWallToken> {
    return this.access.issueToken(actor, layoutId, screenId, label);
  }

  revokeToken(actor: Actor, tokenId: string): Promise<void> {
    return this.access.revokeToken(actor, tokenId);
  }

  verifyToken(token: string | null | undefined): WallBinding | null {
    return this.access.verifyToken(token);
  }

  issueLocalToken(layoutId: string, screenIds: readonly string[]): string {
    return this.access.issueLocalToken(layoutId, screenIds);
  }

  dropLocalToken(token: string): void {
    this.access.dropLocalToken(token);
  }

  viewerActor(binding: WallBinding): Actor {
    return this.access.viewerActor(binding);
  }

  bindingOf(actor: Actor): WallBinding | null {
    return this.access.bindingOf(actor);
  }

  onRevoked(listener: (tokenIds: readonly string[]) => void): () => void {
    return this.access.onRevoked(listener);
  }

  touch(binding: WallBinding): Promise<void> {
    return this.access.touch(binding);
  }

  // ---- settings and displays -----------------------------------------------------------------

  settings(actor: Actor): WallSettings {
    return this.layouts.settings(actor);
  }

  currentSettings(): WallSettings {
    return this.layouts.currentSettings();
  }

  setSettings(actor: Actor, update: { lanEnabled?: boolean; lanPort?: number; localLayoutId?: string | null }): Promise<WallSettings> {
    return this.layouts.setSettings(actor, update);
  }

  reportDisplays(displays: readonly DisplayInfo[], reservedDisplayIds: readonly string[] = []): void {
    this.layouts.reportDisplays(displays, reservedDisplayIds);
  }

  localLayout(): Promise<{ id: string; version: number; definition: WallDefinition } | null> {
    return this.layouts.localLayout();
  }

  displays(actor: Actor): Promise<WallDisplays> {
    return this.layouts.displays(actor);
  }

  // ---- what a wall screen shows --------------------------------------------------------------

  /** The definition of the asked screens; a viewer token may ask only for its own. */
  async screens(actor: Actor, layoutId: string, screenIds: readonly string[]): Promise<WallScreens> {
    this.access.permit(actor, 'readWall');
    const binding = this.bindingOf(actor);
    if (binding && (binding.layoutId !== layoutId || screenIds.some((id) => !binding.screenIds.includes(id)))) {
      refuse('forbidden', 'this wall token is for another screen', { permission: 'readWall' });
    }
    if (binding) void this.touch(binding).catch(() => undefined);
    const layout = await this.kernel.read(async (sql) => {
      const l = await this.repo.layout(sql, layoutId);
      if (!l) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      const v = await this.repo.version(sql, layoutId, l.version);
      return { l, def: JSON.parse(v!.definition) as WallDefinition, name: v!.name };
    });
    const screens = screenIds.map((id) => {
      const s = layout.def.screens.find((x) => x.id === id);
      if (!s) refuse('not_found', `wall layout ${layoutId} has no screen ${id}`, { id });
      return s;
    });
    return {
      layoutId,
      name: layout.name,
      version: layout.l.version,
      theme: layout.def.theme,
      wall: layout.def.wall,
      screenSize: layout.def.screenSize,
      screens,
      townName: this.town.town.name,
      centreName: this.town.town.centreName,
      viewer: binding !== null,
    };
  }

  /**
   * The cameras the camera tiles of the asked screens name, enabled ones only, with their addresses
   * (issue #18): a wall page gets the addresses of its own tiles' cameras, never the register's.
   */
  async cameras(actor: Actor, layoutId: string, screenIds: readonly string[]): Promise<WallCameras> {
    const screens = await this.screens(actor, layoutId, screenIds);
    const codes = new Set(camerasOnScreens(screens));
    if (codes.size === 0) return { cameras: [], decoders: this.decoders };
    const enabled = await this.cameraSource.enabledCameras();
    return {
      cameras: enabled
        .filter((c) => codes.has(c.code))
        .map((c) => ({ code: c.code, name: c.name, hlsUrl: c.hlsUrl, flvUrl: c.flvUrl, ...(c.whepUrl ? { whepUrl: c.whepUrl } : {}) })),
      decoders: this.decoders,
    };
  }

  /**
   * 摄像头 on the grid map (issue #18): the enabled cameras the grid-map tiles of the asked screens
   * show (a tile with 显示摄像头 off shows none; one with 按网格筛选 only those grids' ones), where they
   * stand, never an address. A viewer token gets only its own screens' (as `screens` checks).
   */
  async cameraPoints(actor: Actor, layoutId: string, screenIds: readonly string[]): Promise<WallCameraPoints> {
    const screens = await this.screens(actor, layoutId, screenIds);
    const shown = mapCameraGrids(screens.screens);
    if (shown === null) return { cameras: [] };
    const enabled = await this.cameraSource.enabledCameras();
    const cameras: WallCameraPoint[] = [];
    for (const c of enabled) {
      if (c.lng === undefined || c.lat === undefined || c.gridCode === undefined) continue;
      if (shown !== 'all' && !shown.has(c.gridCode)) continue;
      cameras.push({ code: c.code, name: c.name, lng: c.lng, lat: c.lat, gridCode: c.gridCode });
    }
    return { cameras };
  }

  /** One camera's addresses, for the live tile a touch on its point opens: only a camera the asked screens' maps show. */
  async cameraStream(actor: Actor, layoutId: string, screenIds: readonly string[], code: string): Promise<WallCamera> {
    const points = await this.cameraPoints(actor, layoutId, screenIds);
    if (!points.cameras.some((c) => c.code === code)) refuse('not_found', `no camera ${code} on these screens' maps`, { id: code });
    const c = (await this.cameraSource.enabledCameras()).find((x) => x.code === code);
    if (!c) refuse('not_found', `no camera ${code}`, { id: code });
    return { code: c.code, name: c.name, hlsUrl: c.hlsUrl, flvUrl: c.flvUrl, ...(c.whepUrl ? { whepUrl: c.whepUrl } : {}) };
  }

  /**
   * 联动画面 (issue #18): for the asked screens (a viewer token: its own only, as `screens` checks), the
   * newest event in linkage with its nearest cameras and their addresses — only when one of these
   * screens has a linkage tile — and the camera pinned to each of them (an enabled one). No other
   * camera's address leaves here.
   */
  async linkage(actor: Actor, layoutId: string, screenIds: readonly string[]): Promise<WallLinkage> {
    const screens = await this.screens(actor, layoutId, screenIds);
    const hasTile = screens.screens.some((s) => s.pages.some((p) => p.tiles.some((t) => t.panel === 'cameraLinkage')));
    const active = hasTile && this.cameraSource.activeLinkage ? await this.cameraSource.activeLinkage() : null;
    const linkage = active ? { ...active, gridName: active.gridCode ? (this.town.grids.get(active.gridCode)?.name ?? null) : null } : null;
    const kept = (await this.kernel.read((sql) => readPins(this.repo, sql))).filter((p) => p.layoutId === layoutId && screenIds.includes(p.screenId));
    if (kept.length === 0) return { linkage, pins: [] };
    const enabled = new Map((await this.cameraSource.enabledCameras()).map((c) => [c.code, c]));
    const pins: WallLinkage['pins'] = [];
    for (const p of kept) {
      const c = enabled.get(p.code);
      if (c)
        pins.push({
          screenId: p.screenId,
          camera: { code: c.code, name: c.name, hlsUrl: c.hlsUrl, flvUrl: c.flvUrl, ...(c.whepUrl ? { whepUrl: c.whepUrl } : {}) },
          pinnedAt: p.at,
        });
    }
    return { linkage, pins };
  }

  /** 推送到大屏: the screens a leader may pin a camera to, with what each shows now. */
  pinTargets(actor: Actor): Promise<WallPinTarget[]> {
    return this.pins.targets(actor);
  }

  /** 推送到大屏: a leader pins an enabled camera to a screen (replacing its pin); audited. */
  pinCamera(actor: Actor, req: { layoutId: string; screenId: string; code: string }): Promise<void> {
    return this.pins.pin(actor, req);
  }

  /** 取消推送: a leader takes a screen's pin off; audited. */
  unpinCamera(actor: Actor, req: { layoutId: string; screenId: string }): Promise<void> {
    return this.pins.unpin(actor, req);
  }

  /** 挂账数 now as 考核评价 counts it (issue #15), for the live counts: wired by app-core.ts. */
  setHeldSource(source: (sql: Sql) => Promise<number>): void {
    this.figures.heldNow = source;
  }

  /** The cap on camera pictures a wall page decodes at once. */
  cameraSettings(actor: Actor): WallCameraSettings {
    this.access.permit(actor, 'manageWall');
    return { decoders: this.decoders };
  }

  /** Sets the cap (1–16; the door has checked it), audited as a wall setting; the wall pages re-read it. */
  async setCameraSettings(actor: Actor, decoders: number): Promise<WallCameraSettings> {
    this.access.permit(actor, 'manageWall');
    if (!Number.isInteger(decoders) || decoders < CAMERA_DECODERS_RANGE[0] || decoders > CAMERA_DECODERS_RANGE[1]) {
      refuse('invalid', `camera decoders must be ${CAMERA_DECODERS_RANGE[0]}–${CAMERA_DECODERS_RANGE[1]}`, {
        field: 'wall.cameraDecoders',
        min: CAMERA_DECODERS_RANGE[0],
        max: CAMERA_DECODERS_RANGE[1],
      });
    }
    const before = this.decoders;
    await this.kernel.run(
      { name: 'wall.settings_changed', actor, audit: { entity: 'wall', entityId: null, detail: { before: { cameraDecoders: before }, after: { cameraDecoders: decoders } } } },
      async (tx) => {
        await this.repo.setSetting(tx.sql, 'camera_decoders', String(decoders));
        tx.afterCommit(() => {
          this.decoders = decoders;
        });
        tx.emit({ topic: 'wall', layoutId: null });
      },
    );
    return { decoders };
  }

  /** The layout editor's choice for a camera tile: the enabled cameras' codes and names, no address. */
  async cameraChoices(actor: Actor): Promise<Array<{ code: string; name: string }>> {
    this.access.permit(actor, 'manageWall');
    return (await this.cameraSource.enabledCameras()).map((c) => ({ code: c.code, name: c.name }));
  }

  /**
   * Someone touched a grid on the wall: the console(s) show its events. At most one every 1.5 s, so
   * a wall (or a hand resting on a touch screen) cannot keep pulling the officer's queue around.
   * A signal between screens, not a change of data: straight onto the feed, no command.
   */
  focusGrid(actor: Actor, gridCode: string): void {
    this.access.permit(actor, 'readWall');
    if (!this.town.grids.has(gridCode)) refuse('unknown_grid', `unknown grid ${gridCode}`, { code: gridCode });
    const now = performance.now();
    if (now - this.lastFocus < 1500) return;
    this.lastFocus = now;
    this.feed.emit({ topic: 'wallFocus', gridCode });
  }

  // ---- the cockpit's figures -----------------------------------------------------------------

  async counts(actor: Actor): Promise<WallCounts> {
    this.access.permit(actor, 'readWall');
    return this.figures.counts();
  }

  async overdue(actor: Actor, limit: number): Promise<WallOverdue> {
    this.access.permit(actor, 'readWall');
    return this.figures.overdue(limit);
  }

  async sla(actor: Actor): Promise<WallSla> {
    this.access.permit(actor, 'readWall');
    return this.figures.sla();
  }

  async breakdown(actor: Actor, scope: WallScope): Promise<WallBreakdown> {
    this.access.permit(actor, 'readWall');
    return this.figures.breakdown(scope);
  }

  async trend(actor: Actor, hours: number): Promise<WallTrend> {
    this.access.permit(actor, 'readWall');
    return this.figures.trend(hours);
  }

  async gridLoad(actor: Actor): Promise<WallGridLoad> {
    this.access.permit(actor, 'readWall');
    return this.figures.gridLoad();
  }

  /** 考核评价's ranking panel: grids, villages, boards or posts by one figure (wall-rankings.ts). */
  async ranking(actor: Actor, q: Required<WallRankingRequest>): Promise<WallRanking> {
    this.access.permit(actor, 'readWall');
    return this.rankings.ranking(q);
  }

  /** 考核评价's figures panel: the town's figures this period and the previous one. */
  async assessment(actor: Actor, period: WallPeriod): Promise<WallAssessment> {
    this.access.permit(actor, 'readWall');
    return this.rankings.assessment(period);
  }
}
