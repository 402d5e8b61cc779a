/**
 * The video wall in core: layouts (validated, every save a new version), per-screen viewer tokens
 * (read-only, revocable; only their hash is kept), the wall settings (serving wall pages beyond
 * this machine is off until an admin turns it on), the displays the desktop shell reports and the
 * window plan mapped onto them, and the cockpit's figures. Every change runs in one transaction
 * that also writes its audit row, then tells the UI through the change feed (topic `wall`).
 *
 * Layouts are this console's own presentation: they are not sent to the district (no outbox op).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ClockKind, Level, Role, State } from '../../../preload/contract/schemas';
import type {
  DisplayInfo,
  IssuedWallToken,
  WallBreakdown,
  WallCounts,
  WallDefinition,
  WallDisplays,
  WallGridLoad,
  WallIssue,
  WallLayout,
  WallLayoutSummary,
  WallOverdue,
  WallScope,
  WallScreens,
  WallSettings,
  WallSla,
  WallToken,
  WallTrend,
  WallVersion,
} from '../../../preload/contract/wall-schemas';
import { permit, type Permission } from '../kernel/permissions';
import { addDays, beijingDate, fromBeijing } from '../beijing-time';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { ChangeFeed } from '../feed';
import type { TownService } from '../town/town.service';
import { CockpitRepository, type OpenSummaryRow, type Windows } from './cockpit.repository';
import { mapWallToDisplays } from './display-mapping';
import { validateLayout } from './wall-layout';
import { WallRepository, type TokenRecord } from './wall.repository';

/** What a wall viewer's connection is bound to: one layout, the screens it may show. */
export interface WallBinding {
  readonly tokenId: string;
  readonly layoutId: string;
  readonly screenIds: readonly string[];
  /** A token minted in memory for the desktop's own wall windows (never stored, gone at exit). */
  readonly local: boolean;
}

export const DEFAULT_WALL_SETTINGS: WallSettings = { lanEnabled: false, lanPort: 5871, localLayoutId: null };

const VIEWER_PREFIX = 'wall-token:';
/** How old a figure over days may be (see WallService.figure). */
export const SLOW_FIGURE_MS = 5000;
const TOKEN_PREFIX = 'wt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class WallService {
  private readonly repo = new WallRepository();
  private readonly cockpit = new CockpitRepository();
  /** Live tokens by hash (loaded at start, kept current by every change). */
  private readonly byHash = new Map<string, WallBinding>();
  private readonly byId = new Map<string, WallBinding>();
  private readonly revokeListeners = new Set<(tokenIds: readonly string[]) => void>();
  private settingsValue: WallSettings = DEFAULT_WALL_SETTINGS;
  private desktop: { displays: DisplayInfo[]; reserved: string[]; at: string } | null = null;
  private readonly lastTouch = new Map<string, number>();
  private lastFocus = -Infinity;
  /** Bumped by every change of events and every clock jump: cached figures older than this are stale. */
  private generation = 0;
  private readonly figures = new Map<string, { generation: number; at: number; value: Promise<unknown> }>();

  constructor(
    private readonly db: Db,
    private readonly town: TownService,
    private readonly clock: Clock,
    private readonly feed: ChangeFeed,
  ) {
    // Subscribed before any front door, so a client told of a change never gets a figure from before it.
    feed.subscribe((message) => {
      if (message.topic === 'events' || message.topic === 'clock') this.generation += 1;
    });
  }

  /**
   * Every wall screen asks for the same figures after a change (six screens, a dozen panels): each
   * figure is computed once per change and shared, also while it is being computed. `slowMs`: a
   * figure over days (on-time rates, 7/30-day breakdowns) may be that old even after a change — its
   * value barely moves with one event and it is the costliest to compute. Nothing is older than a
   * second otherwise, so a system clock's passing time shows without any change.
   */
  private figure<T>(key: string, compute: () => Promise<T>, slowMs = 0): Promise<T> {
    const now = performance.now();
    const hit = this.figures.get(key);
    if (hit && ((hit.generation === this.generation && now - hit.at < 1000) || now - hit.at < slowMs)) return hit.value as Promise<T>;
    const value = compute();
    if (this.figures.size > 64) {
      // Keys that name an hour come and go: drop what nobody asked for in a minute.
      for (const [k, v] of this.figures) if (now - v.at > 60_000) this.figures.delete(k);
    }
    this.figures.set(key, { generation: this.generation, at: now, value });
    value.catch(() => this.figures.delete(key));
    return value;
  }

  async init(): Promise<void> {
    await this.db.read(async (sql) => {
      for (const t of await this.repo.tokens(sql)) this.remember(t);
      const stored = new Map((await this.repo.settings(sql)).map((r) => [r.key, r.value]));
      this.settingsValue = {
        lanEnabled: stored.get('lan_enabled') === 'true',
        lanPort: Number(stored.get('lan_port') ?? DEFAULT_WALL_SETTINGS.lanPort),
        localLayoutId: stored.get('local_layout_id') || null,
      };
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private permit(actor: Actor, permission: Permission): void {
    permit(actor, permission);
    if (actor.id.startsWith(VIEWER_PREFIX) && !this.byId.has(actor.id.slice(VIEWER_PREFIX.length))) {
      refuse('unauthenticated', 'this wall token has been revoked');
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private personName(id: string | null): string | null {
    return id ? (this.town.person(id)?.name ?? null) : null;
  }

  private changed(layoutId: string | null): void {
    this.feed.emit({ topic: 'wall', layoutId });
  }

  private remember(t: TokenRecord): void {
    const binding: WallBinding = { tokenId: t.id, layoutId: t.layout_id, screenIds: [t.screen_id], local: false };
    this.byHash.set(t.token_hash, binding);
    this.byId.set(t.id, binding);
  }

  private forget(tokenIds: readonly string[]): void {
    if (tokenIds.length === 0) return;
    const gone = new Set(tokenIds);
    for (const [hash, b] of this.byHash) if (gone.has(b.tokenId)) this.byHash.delete(hash);
    for (const id of tokenIds) this.byId.delete(id);
    for (const listener of [...this.revokeListeners]) listener(tokenIds);
  }

  private parse(definition: string): WallDefinition {
    return JSON.parse(definition) as WallDefinition;
  }

  // ---- layouts -------------------------------------------------------------------------------

  validate(definition: WallDefinition): WallIssue[] {
    return validateLayout(definition);
  }

  async list(actor: Actor): Promise<WallLayoutSummary[]> {
    this.permit(actor, 'manageWall');
    const rows = await this.db.read((sql) => this.repo.layouts(sql));
    return rows.map((r) => {
      const def = this.parse(r.definition);
      return {
        id: r.id,
        name: r.name,
        version: r.version,
        updatedAt: r.updated_at,
        updatedByName: this.personName(r.saved_by),
        columns: def.wall.columns,
        rows: def.wall.rows,
        screens: def.screens.length,
      };
    });
  }

  async get(actor: Actor, layoutId: string, version?: number): Promise<WallLayout> {
    this.permit(actor, 'manageWall');
    return this.db.read(async (sql) => {
      const layout = await this.repo.layout(sql, layoutId);
      if (!layout) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      const v = await this.repo.version(sql, layoutId, version ?? layout.version);
      if (!v) refuse('not_found', `wall layout ${layoutId} has no version ${version}`, { id: layoutId });
      return {
        id: layout.id,
        name: v.name,
        version: v.version,
        latestVersion: layout.version,
        savedAt: v.saved_at,
        savedByName: this.personName(v.saved_by),
        definition: this.parse(v.definition),
      };
    });
  }

  async versions(actor: Actor, layoutId: string): Promise<WallVersion[]> {
    this.permit(actor, 'manageWall');
    const rows = await this.db.read(async (sql) => {
      if (!(await this.repo.layout(sql, layoutId))) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      return this.repo.versions(sql, layoutId);
    });
    return rows.map((r) => ({ version: r.version, name: r.name, savedAt: r.saved_at, savedByName: this.personName(r.saved_by), note: r.note }));
  }

  /**
   * Saves a layout as its next version (a new layout starts at 1). Refused with every reason when it
   * is invalid, and as a conflict when someone saved since `baseVersion`. Tokens of screens the new
   * version no longer has are revoked in the same transaction.
   */
  async save(actor: Actor, input: { layoutId?: string; name: string; definition: WallDefinition; baseVersion?: number; note?: string }): Promise<{ id: string; version: number }> {
    this.permit(actor, 'manageWall');
    const issues = validateLayout(input.definition);
    if (issues.length > 0) {
      refuse('invalid_layout', `invalid wall layout: ${issues.map((i) => i.message).join('; ')}`, { count: issues.length, first: issues[0]!.code });
    }
    const at = this.now();
    const definition = JSON.stringify(input.definition);
    let revoked: string[] = [];
    const result = await this.db.write(async (sql) => {
      if (!input.layoutId) {
        const id = randomUUID();
        await this.repo.insertLayout(sql, { id, name: input.name, version: 1, created_by: actor.id, created_at: at, updated_at: at, deleted_at: null });
        await this.repo.insertVersion(sql, { layout_id: id, version: 1, name: input.name, definition, saved_by: actor.id, saved_at: at, note: input.note ?? null });
        await this.repo.audit(sql, { at, actorId: actor.id, action: 'wall.layout_created', entityId: id, detail: { name: input.name, version: 1 } });
        return { id, version: 1 };
      }
      const layout = await this.repo.layout(sql, input.layoutId);
      if (!layout) refuse('not_found', `no wall layout ${input.layoutId}`, { id: input.layoutId });
      if (input.baseVersion !== undefined && input.baseVersion !== layout.version) {
        refuse('conflict', `wall layout ${layout.id} was saved as version ${layout.version} since version ${input.baseVersion}`);
      }
      const version = layout.version + 1;
      await this.repo.insertVersion(sql, { layout_id: layout.id, version, name: input.name, definition, saved_by: actor.id, saved_at: at, note: input.note ?? null });
      await this.repo.setLayoutVersion(sql, layout.id, input.name, version, at);
      const kept = new Set(input.definition.screens.map((s) => s.id));
      const live = (await this.repo.tokens(sql, layout.id)).filter((t) => t.revoked_at === null && !kept.has(t.screen_id));
      revoked = live.map((t) => t.id);
      await this.repo.revokeTokensOf(sql, layout.id, actor.id, at, [...new Set(live.map((t) => t.screen_id))]);
      await this.repo.audit(sql, { at, actorId: actor.id, action: 'wall.layout_saved', entityId: layout.id, detail: { name: input.name, version, revokedTokens: revoked } });
      return { id: layout.id, version };
    });
    this.forget(revoked);
    this.changed(result.id);
    return result;
  }

  /** Makes an older version the current one again — as a new version, so nothing is lost. */
  async restore(actor: Actor, layoutId: string, version: number): Promise<{ id: string; version: number }> {
    const old = await this.get(actor, layoutId, version);
    return this.save(actor, { layoutId, name: old.name, definition: old.definition, note: `restored version ${version}` });
  }

  /** Retires a layout (kept with its versions for the record) and revokes all its tokens. */
  async remove(actor: Actor, layoutId: string): Promise<void> {
    this.permit(actor, 'manageWall');
    const at = this.now();
    let revoked: string[] = [];
    await this.db.write(async (sql) => {
      const layout = await this.repo.layout(sql, layoutId);
      if (!layout) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      revoked = (await this.repo.tokens(sql, layoutId)).filter((t) => t.revoked_at === null).map((t) => t.id);
      await this.repo.revokeTokensOf(sql, layoutId, actor.id, at);
      await this.repo.deleteLayout(sql, layoutId, at);
      if (this.settingsValue.localLayoutId === layoutId) await this.repo.setSetting(sql, 'local_layout_id', '');
      await this.repo.audit(sql, { at, actorId: actor.id, action: 'wall.layout_retired', entityId: layoutId, detail: { revokedTokens: revoked } });
    });
    if (this.settingsValue.localLayoutId === layoutId) this.settingsValue = { ...this.settingsValue, localLayoutId: null };
    this.forget(revoked);
    this.changed(layoutId);
  }

  // ---- viewer tokens -------------------------------------------------------------------------

  async tokens(actor: Actor, layoutId: string): Promise<WallToken[]> {
    this.permit(actor, 'manageWall');
    const rows = await this.db.read((sql) => this.repo.tokens(sql, layoutId));
    return rows.map((t) => ({
      id: t.id,
      layoutId: t.layout_id,
      screenId: t.screen_id,
      label: t.label,
      createdAt: t.created_at,
      createdByName: this.personName(t.created_by),
      revokedAt: t.revoked_at,
      lastSeenAt: t.last_seen_at,
    }));
  }

  /** A new read-only token for one screen of a layout; the token is returned once. */
  async issueToken(actor: Actor, layoutId: string, screenId: string, label?: string): Promise<IssuedWallToken> {
    this.permit(actor, 'manageWall');
    const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    const at = this.now();
    const record: TokenRecord = {
      id: randomUUID(),
      layout_id: layoutId,
      screen_id: screenId,
      token_hash: hashToken(token),
      label: label?.trim() || screenId,
      created_by: actor.id,
      created_at: at,
      revoked_at: null,
      revoked_by: null,
      last_seen_at: null,
    };
    await this.db.write(async (sql) => {
      const layout = await this.repo.layout(sql, layoutId);
      if (!layout) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      const current = await this.repo.version(sql, layoutId, layout.version);
      if (!current || !this.parse(current.definition).screens.some((s) => s.id === screenId)) {
        refuse('not_found', `wall layout ${layoutId} has no screen ${screenId}`, { id: screenId });
      }
      await this.repo.insertToken(sql, record);
      await this.repo.audit(sql, { at, actorId: actor.id, action: 'wall.token_issued', entityId: record.id, detail: { layoutId, screenId, label: record.label } });
    });
    this.remember(record);
    this.changed(layoutId);
    return { tokenId: record.id, token, path: `/wall/${encodeURIComponent(layoutId)}/${encodeURIComponent(screenId)}?token=${token}` };
  }

  async revokeToken(actor: Actor, tokenId: string): Promise<void> {
    this.permit(actor, 'manageWall');
    const at = this.now();
    const token = await this.db.write(async (sql) => {
      const t = await this.repo.token(sql, tokenId);
      if (!t) refuse('not_found', `no wall token ${tokenId}`, { id: tokenId });
      if (t.revoked_at) refuse('already_decided', `wall token ${tokenId} is already revoked`);
      await this.repo.revokeToken(sql, tokenId, actor.id, at);
      await this.repo.audit(sql, { at, actorId: actor.id, action: 'wall.token_revoked', entityId: tokenId, detail: { layoutId: t.layout_id, screenId: t.screen_id } });
      return t;
    });
    this.forget([tokenId]);
    this.changed(token.layout_id);
  }

  /** The binding of a presented token, or null (unknown, revoked, malformed). Cheap: a hash and a lookup. */
  verifyToken(token: string | null | undefined): WallBinding | null {
    if (!token || token.length > 128) return null;
    return this.byHash.get(hashToken(token)) ?? null;
  }

  /** A token for the desktop's own wall window, valid until the program exits. */
  issueLocalToken(layoutId: string, screenIds: readonly string[]): string {
    const token = `${TOKEN_PREFIX}local_${randomBytes(24).toString('base64url')}`;
    const binding: WallBinding = { tokenId: `local-${randomUUID()}`, layoutId, screenIds: [...screenIds], local: true };
    this.byHash.set(hashToken(token), binding);
    this.byId.set(binding.tokenId, binding);
    return token;
  }

  /** Drops in-memory tokens of desktop windows that closed. */
  dropLocalToken(token: string): void {
    const binding = this.byHash.get(hashToken(token));
    if (binding?.local) this.forget([binding.tokenId]);
  }

  /** The actor a token-bound connection acts as: a wall viewer, nothing more. */
  viewerActor(binding: WallBinding): Actor {
    return { id: `${VIEWER_PREFIX}${binding.tokenId}`, roles: ['wall_viewer'] as Role[] };
  }

  /** The binding behind a viewer actor, or null for a person (or a revoked token). */
  bindingOf(actor: Actor): WallBinding | null {
    return actor.id.startsWith(VIEWER_PREFIX) ? (this.byId.get(actor.id.slice(VIEWER_PREFIX.length)) ?? null) : null;
  }

  /** Called with the ids of tokens that stop being valid, so front doors can close their connections. */
  onRevoked(listener: (tokenIds: readonly string[]) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /** Notes when a token's screen was last connected (at most once a minute per token). */
  async touch(binding: WallBinding): Promise<void> {
    if (binding.local) return;
    const nowMs = this.clock.now().getTime();
    if ((this.lastTouch.get(binding.tokenId) ?? -Infinity) > nowMs - 60_000) return;
    this.lastTouch.set(binding.tokenId, nowMs);
    await this.db.write((sql) => this.repo.touchToken(sql, binding.tokenId, new Date(nowMs).toISOString()));
  }

  // ---- settings and displays -----------------------------------------------------------------

  settings(actor: Actor): WallSettings {
    this.permit(actor, 'manageWall');
    return { ...this.settingsValue };
  }

  /** For front doors (the LAN listener, the desktop shell): no actor. */
  currentSettings(): WallSettings {
    return { ...this.settingsValue };
  }

  async setSettings(actor: Actor, update: { lanEnabled?: boolean; lanPort?: number; localLayoutId?: string | null }): Promise<WallSettings> {
    this.permit(actor, 'manageWall');
    if (update.lanEnabled !== undefined || update.lanPort !== undefined) this.permit(actor, 'wallNetwork');
    const at = this.now();
    const next: WallSettings = {
      lanEnabled: update.lanEnabled ?? this.settingsValue.lanEnabled,
      lanPort: update.lanPort ?? this.settingsValue.lanPort,
      localLayoutId: update.localLayoutId === undefined ? this.settingsValue.localLayoutId : update.localLayoutId,
    };
    await this.db.write(async (sql) => {
      if (next.localLayoutId && !(await this.repo.layout(sql, next.localLayoutId))) refuse('not_found', `no wall layout ${next.localLayoutId}`, { id: next.localLayoutId });
      await this.repo.setSetting(sql, 'lan_enabled', String(next.lanEnabled));
      await this.repo.setSetting(sql, 'lan_port', String(next.lanPort));
      await this.repo.setSetting(sql, 'local_layout_id', next.localLayoutId ?? '');
      await this.repo.audit(sql, { at, actorId: actor.id, action: 'wall.settings_changed', entityId: null, detail: { before: this.settingsValue, after: next } });
    });
    this.settingsValue = next;
    this.changed(null);
    return { ...next };
  }

  /** The desktop shell reports what `screen.getAllDisplays()` sees (and which it keeps for the console). */
  reportDisplays(displays: readonly DisplayInfo[], reservedDisplayIds: readonly string[] = []): void {
    this.desktop = { displays: displays.map((d) => ({ ...d, bounds: { ...d.bounds } })), reserved: [...reservedDisplayIds], at: this.now() };
  }

  /** The layout the desktop shows on its displays, with its definition (null: none, or it is gone). */
  async localLayout(): Promise<{ id: string; version: number; definition: WallDefinition } | null> {
    const id = this.settingsValue.localLayoutId;
    if (!id) return null;
    return this.db.read(async (sql) => {
      const layout = await this.repo.layout(sql, id);
      if (!layout) return null;
      const v = await this.repo.version(sql, id, layout.version);
      return v ? { id, version: layout.version, definition: this.parse(v.definition) } : null;
    });
  }

  async displays(actor: Actor): Promise<WallDisplays> {
    this.permit(actor, 'manageWall');
    const desktop = this.desktop;
    if (!desktop) return { desktop: false, displays: [], windows: [], unusedDisplayIds: [], reportedAt: null };
    const layout = await this.localLayout();
    const plan = layout ? mapWallToDisplays(desktop.displays, layout.definition, { reservedDisplayIds: desktop.reserved }) : null;
    return {
      desktop: true,
      displays: desktop.displays,
      windows: plan?.windows ?? [],
      unusedDisplayIds: plan?.unusedDisplayIds ?? desktop.displays.map((d) => d.id),
      reportedAt: desktop.at,
    };
  }

  // ---- what a wall screen shows --------------------------------------------------------------

  /** The definition of the asked screens; a viewer token may ask only for its own. */
  async screens(actor: Actor, layoutId: string, screenIds: readonly string[]): Promise<WallScreens> {
    this.permit(actor, 'readWall');
    const binding = this.bindingOf(actor);
    if (binding && (binding.layoutId !== layoutId || screenIds.some((id) => !binding.screenIds.includes(id)))) {
      refuse('forbidden', 'this wall token is for another screen', { permission: 'readWall' });
    }
    if (binding) void this.touch(binding).catch(() => undefined);
    const layout = await this.db.read(async (sql) => {
      const l = await this.repo.layout(sql, layoutId);
      if (!l) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      const v = await this.repo.version(sql, layoutId, l.version);
      return { l, def: this.parse(v!.definition), name: v!.name };
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
   * Someone touched a grid on the wall: the console(s) show its events. At most one every 1.5 s, so
   * a wall (or a hand resting on a touch screen) cannot keep pulling the officer's queue around.
   */
  focusGrid(actor: Actor, gridCode: string): void {
    this.permit(actor, 'readWall');
    if (!this.town.grids.has(gridCode)) refuse('unknown_grid', `unknown grid ${gridCode}`, { code: gridCode });
    const now = performance.now();
    if (now - this.lastFocus < 1500) return;
    this.lastFocus = now;
    this.feed.emit({ topic: 'wallFocus', gridCode });
  }

  // ---- the cockpit's figures -----------------------------------------------------------------

  private windows(now: Date): Windows {
    const today = beijingDate(now);
    return {
      now: now.toISOString(),
      today: fromBeijing(today, 0).toISOString(),
      d7: fromBeijing(addDays(today, -6), 0).toISOString(),
      d30: fromBeijing(addDays(today, -29), 0).toISOString(),
    };
  }

  /** The open events folded once per change: the counts, the grid map and the open breakdown share it. */
  private openSummary(): Promise<{ now: string; rows: OpenSummaryRow[] }> {
    return this.figure('open', async () => {
      const now = this.now();
      return { now, rows: await this.db.read((sql) => this.cockpit.openSummary(sql, this.town.town.townCode, now)) };
    });
  }

  async counts(actor: Actor): Promise<WallCounts> {
    this.permit(actor, 'readWall');
    return this.figure('counts', () => this.computeCounts());
  }

  private async computeCounts(): Promise<WallCounts> {
    const summary = await this.openSummary();
    const w = this.windows(new Date(summary.now));
    const townCode = this.town.town.townCode;
    const byState: Record<string, number> = {};
    let open = 0;
    let overdue = 0;
    let serious = 0;
    for (const r of summary.rows) {
      byState[r.state] = (byState[r.state] ?? 0) + r.n;
      open += r.n;
      overdue += r.overdue;
      serious += r.serious;
    }
    const today = await this.db.read(async (sql) => ({
      reported: await this.cockpit.reportedSince(sql, townCode, w.today),
      closed: await this.cockpit.closedSince(sql, townCode, w.today),
    }));
    return { now: summary.now, open, overdue, serious, byState, reportedToday: today.reported, closedToday: today.closed };
  }

  async overdue(actor: Actor, limit: number): Promise<WallOverdue> {
    this.permit(actor, 'readWall');
    return this.figure(`overdue:${limit}`, () => this.computeOverdue(limit));
  }

  private async computeOverdue(limit: number): Promise<WallOverdue> {
    const summary = await this.openSummary();
    const rows = await this.db.read((sql) => this.cockpit.overdue(sql, summary.now, limit));
    return {
      now: summary.now,
      total: summary.rows.reduce((n, r) => n + r.overdue, 0),
      rows: rows.map((r) => ({
        id: r.id,
        title: r.title,
        level: r.level as Level,
        state: r.state as State,
        gridName: r.grid_code ? (this.town.grids.get(r.grid_code)?.name ?? r.grid_code) : null,
        categoryName: this.town.catalogue.get(r.category_code)?.name ?? r.category_code,
        dueAt: r.due_at,
        dueKind: r.due_kind as ClockKind | null,
      })),
    };
  }

  async sla(actor: Actor): Promise<WallSla> {
    this.permit(actor, 'readWall');
    return this.figure('sla', () => this.computeSla(), SLOW_FIGURE_MS);
  }

  private async computeSla(): Promise<WallSla> {
    const w = this.windows(this.clock.now());
    const townCode = this.town.town.townCode;
    const { accept, close } = await this.db.read(async (sql) => ({
      accept: await this.cockpit.acceptOnTime(sql, townCode, w),
      close: await this.cockpit.closeOnTime(sql, townCode, w),
    }));
    return {
      now: w.now,
      periods: [
        { period: 'today', accept: { onTime: accept.on_time_today, late: accept.late_today }, close: { onTime: close.on_time_today, late: close.late_today } },
        { period: '7d', accept: { onTime: accept.on_time_7d, late: accept.late_7d }, close: { onTime: close.on_time_7d, late: close.late_7d } },
        { period: '30d', accept: { onTime: accept.on_time_30d, late: accept.late_30d }, close: { onTime: close.on_time_30d, late: close.late_30d } },
      ],
    };
  }

  async breakdown(actor: Actor, scope: WallScope): Promise<WallBreakdown> {
    this.permit(actor, 'readWall');
    return this.figure(`breakdown:${scope}`, () => this.computeBreakdown(scope), scope === '7d' || scope === '30d' ? SLOW_FIGURE_MS : 0);
  }

  private async computeBreakdown(scope: WallScope): Promise<WallBreakdown> {
    let now: string;
    let rows: { category_code: string; board_code: string; n: number }[];
    if (scope === 'open') {
      const summary = await this.openSummary();
      now = summary.now;
      rows = summary.rows.map((r) => ({ category_code: r.category_code, board_code: r.board_code, n: r.n }));
    } else {
      const w = this.windows(this.clock.now());
      now = w.now;
      rows = await this.db.read((sql) => this.cockpit.reportedByItem(sql, this.town.town.townCode, scope === 'today' ? w.today : scope === '7d' ? w.d7 : w.d30));
    }
    const boards = new Map(this.town.boards.map((b) => [b.code, { code: b.code, name: b.name, count: 0 }]));
    const categories = new Map<string, { code: string; name: string; boardCode: string; count: number }>();
    for (const r of rows) {
      const board = boards.get(r.board_code) ?? { code: r.board_code, name: r.board_code, count: 0 };
      board.count += r.n;
      boards.set(r.board_code, board);
      const item = this.town.catalogue.get(r.category_code);
      const code = item?.categoryCode ?? r.category_code;
      const category = categories.get(code) ?? { code, name: item?.categoryName ?? r.category_code, boardCode: item?.boardCode ?? r.board_code, count: 0 };
      category.count += r.n;
      categories.set(code, category);
    }
    return {
      now,
      scope,
      boards: [...boards.values()],
      categories: [...categories.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    };
  }

  async trend(actor: Actor, hours: number): Promise<WallTrend> {
    this.permit(actor, 'readWall');
    return this.figure(`trend:${hours}`, () => this.computeTrend(hours));
  }

  /**
   * Hours before the current one barely change (an event reported late, from the district): they are
   * counted at most every half minute; the current hour after every change.
   */
  private async computeTrend(hours: number): Promise<WallTrend> {
    const now = this.clock.now();
    const hourMs = 3600_000;
    const current = Math.floor(now.getTime() / hourMs) * hourMs;
    const start = current - (hours - 1) * hourMs;
    const townCode = this.town.town.townCode;
    const iso = (t: number): string => new Date(t).toISOString();
    const past = await this.figure(`trendPast:${hours}:${current}`, () => this.db.read((sql) => this.cockpit.perHour(sql, townCode, iso(start), iso(current))), 30_000);
    const latest = await this.db.read((sql) => this.cockpit.perHour(sql, townCode, iso(current), iso(current + hourMs)));
    const out: WallTrend['hours'] = [];
    for (let t = start; t <= current; t += hourMs) {
      const hour = iso(t);
      const key = hour.slice(0, 13);
      const from = t === current ? latest : past;
      out.push({ hour, reported: from.reported.get(key) ?? 0, closed: from.closed.get(key) ?? 0 });
    }
    return { now: now.toISOString(), hours: out };
  }

  async gridLoad(actor: Actor): Promise<WallGridLoad> {
    this.permit(actor, 'readWall');
    return this.figure('gridLoad', () => this.computeGridLoad());
  }

  private async computeGridLoad(): Promise<WallGridLoad> {
    const summary = await this.openSummary();
    const grids = new Map<string, { code: string; open: number; overdue: number }>();
    for (const r of summary.rows) {
      if (!r.grid_code) continue;
      const g = grids.get(r.grid_code) ?? { code: r.grid_code, open: 0, overdue: 0 };
      g.open += r.n;
      g.overdue += r.overdue;
      grids.set(r.grid_code, g);
    }
    return { now: summary.now, grids: [...grids.values()] };
  }
}
