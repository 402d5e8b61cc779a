/**
 * Wall layouts (validated, every save a new version, retired but kept), the wall settings
 * (serving wall pages beyond this machine is off until an admin turns it on) and the displays the
 * desktop shell reports with the window plan mapped onto them. Every change is one kernel command
 * with its audit row; the UI hears of it on the feed (topic `wall`) after commit.
 *
 * A saved or retired layout is sent as a `wallLayout` upsert, and the layouts of the town's other
 * consoles are folded in (wall-remote.ts: the newest HLC wins). The viewer tokens, the settings and
 * the displays stay on this console: never sent.
 */
import type { DisplayInfo, WallDefinition, WallDisplays, WallLayout, WallLayoutSummary, WallSettings, WallVersion } from '../../../preload/contract/wall-schemas';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel, Tx } from '../kernel/command-runner';
import type { Sql } from '../db/db';
import { newId } from '../kernel/ids';
import type { WallAccess } from './wall-access';
import { mapWallToDisplays } from './display-mapping';
import { validateLayout, type CameraStates } from './wall-layout';
import { applyRemoteLayout, layoutPayload, type LayoutFolded } from './wall-remote';
import type { LayoutRecord, LayoutVersionRecord, WallRepository } from './wall.repository';

export const DEFAULT_WALL_SETTINGS: WallSettings = { lanEnabled: false, lanPort: 5871, localLayoutId: null };

const parse = (definition: string): WallDefinition => JSON.parse(definition) as WallDefinition;

export class WallLayouts {
  private settingsValue: WallSettings = DEFAULT_WALL_SETTINGS;
  private desktop: { displays: DisplayInfo[]; reserved: string[]; at: string } | null = null;
  /** What the sync sink folded since the page was last told. */
  private readonly folded: LayoutFolded[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly repo: WallRepository,
    private readonly access: WallAccess,
    private readonly personName: (id: string | null) => string | null,
    /** The camera register (code → enabled): a camera tile must name an enabled camera (issue #18). */
    private readonly cameraStates: () => Promise<CameraStates> = async () => new Map(),
  ) {}

  async init(): Promise<void> {
    const stored = new Map((await this.kernel.read((sql) => this.repo.settings(sql))).map((r) => [r.key, r.value]));
    this.settingsValue = {
      lanEnabled: stored.get('lan_enabled') === 'true',
      lanPort: Number(stored.get('lan_port') ?? DEFAULT_WALL_SETTINGS.lanPort),
      localLayoutId: stored.get('local_layout_id') || null,
    };
  }

  // ---- layouts -------------------------------------------------------------------------------

  async list(actor: Actor): Promise<WallLayoutSummary[]> {
    this.access.permit(actor, 'manageWall');
    const rows = await this.kernel.read((sql) => this.repo.layouts(sql));
    return rows.map((r) => {
      const def = parse(r.definition);
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
    this.access.permit(actor, 'manageWall');
    return this.kernel.read(async (sql) => {
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
        definition: parse(v.definition),
      };
    });
  }

  async versions(actor: Actor, layoutId: string): Promise<WallVersion[]> {
    this.access.permit(actor, 'manageWall');
    const rows = await this.kernel.read(async (sql) => {
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
    this.access.permit(actor, 'manageWall');
    const issues = validateLayout(input.definition, await this.cameraStates());
    if (issues.length > 0) {
      refuse('invalid_layout', `invalid wall layout: ${issues.map((i) => i.message).join('; ')}`, { count: issues.length, first: issues[0]!.code });
    }
    const definition = JSON.stringify(input.definition);
    return this.kernel.run({ name: 'wall.layout_saved', actor, audit: false }, async (tx) => {
      const at = tx.at;
      if (!input.layoutId) {
        const id = newId();
        const record = { id, name: input.name, version: 1, created_by: actor.id, created_at: at, updated_at: at, deleted_at: null, hlc: tx.hlc.now() };
        const first = { layout_id: id, version: 1, name: input.name, definition, saved_by: actor.id, saved_at: at, note: input.note ?? null };
        await this.repo.insertLayout(tx.sql, record);
        await this.repo.insertVersion(tx.sql, first);
        await this.send(tx, record, first);
        await tx.audit('wall.layout_created', 'wall', id, { name: input.name, version: 1 });
        tx.emit({ topic: 'wall', layoutId: id });
        return { id, version: 1 };
      }
      const layout = await this.repo.layout(tx.sql, input.layoutId);
      if (!layout) refuse('not_found', `no wall layout ${input.layoutId}`, { id: input.layoutId });
      if (input.baseVersion !== undefined && input.baseVersion !== layout.version) {
        refuse('conflict', `wall layout ${layout.id} was saved as version ${layout.version} since version ${input.baseVersion}`);
      }
      const version = layout.version + 1;
      const saved = { layout_id: layout.id, version, name: input.name, definition, saved_by: actor.id, saved_at: at, note: input.note ?? null };
      const hlc = tx.hlc.now();
      await this.repo.insertVersion(tx.sql, saved);
      await this.repo.setLayoutVersion(tx.sql, layout.id, input.name, version, at, hlc);
      await this.send(tx, { ...layout, name: input.name, version, updated_at: at, hlc }, saved);
      const kept = new Set(input.definition.screens.map((s) => s.id));
      const live = (await this.repo.tokens(tx.sql, layout.id)).filter((t) => t.revoked_at === null && !kept.has(t.screen_id));
      const revoked = live.map((t) => t.id);
      await this.repo.revokeTokensOf(tx.sql, layout.id, actor.id, at, [...new Set(live.map((t) => t.screen_id))]);
      await tx.audit('wall.layout_saved', 'wall', layout.id, { name: input.name, version, revokedTokens: revoked });
      tx.afterCommit(() => this.access.forget(revoked));
      tx.emit({ topic: 'wall', layoutId: layout.id });
      return { id: layout.id, version };
    });
  }

  /** The layout's `wallLayout` upsert, in the command's transaction, with the HLC it was written under. */
  private async send(tx: Tx, layout: LayoutRecord, current: LayoutVersionRecord, retiredBy?: string): Promise<void> {
    await tx.outbox({
      entity: 'wallLayout',
      entityId: layout.id,
      kind: 'upsert',
      baseVersion: layout.version - 1,
      payload: layoutPayload(layout, current, retiredBy),
      hlc: layout.hlc,
      at: tx.at,
    });
  }

  /** A `wallLayout` upsert from another console of the town, inside the sync page's transaction (the sync sink). */
  async applyRemote(sql: Sql, id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    const folded = await applyRemoteLayout(this.repo, this.kernel.hlc, sql, id, payload, hlc, at);
    if (folded) this.folded.push(folded);
    return folded !== null;
  }

  /** After a sync page that changed layouts: the revoked viewers forgotten, this desktop's layout let go if it was retired. */
  remoteChanged(): void {
    const folded = this.folded.splice(0);
    this.access.forget(folded.flatMap((f) => f.revoked));
    if (folded.some((f) => f.localCleared)) this.settingsValue = { ...this.settingsValue, localLayoutId: null };
  }

  /** Makes an older version the current one again — as a new version, so nothing is lost. */
  async restore(actor: Actor, layoutId: string, version: number): Promise<{ id: string; version: number }> {
    const old = await this.get(actor, layoutId, version);
    return this.save(actor, { layoutId, name: old.name, definition: old.definition, note: `restored version ${version}` });
  }

  /** Retires a layout (kept with its versions for the record) and revokes all its tokens. */
  async remove(actor: Actor, layoutId: string): Promise<void> {
    this.access.permit(actor, 'manageWall');
    await this.kernel.run({ name: 'wall.layout_retired', actor, audit: false }, async (tx) => {
      const layout = await this.repo.layout(tx.sql, layoutId);
      if (!layout) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
      const revoked = (await this.repo.tokens(tx.sql, layoutId)).filter((t) => t.revoked_at === null).map((t) => t.id);
      await this.repo.revokeTokensOf(tx.sql, layoutId, actor.id, tx.at);
      const hlc = tx.hlc.now();
      await this.repo.deleteLayout(tx.sql, layoutId, tx.at, hlc);
      await this.send(tx, { ...layout, deleted_at: tx.at, hlc }, (await this.repo.version(tx.sql, layoutId, layout.version))!, actor.id);
      const wasLocal = this.settingsValue.localLayoutId === layoutId;
      if (wasLocal) await this.repo.setSetting(tx.sql, 'local_layout_id', '');
      await tx.audit('wall.layout_retired', 'wall', layoutId, { revokedTokens: revoked });
      tx.afterCommit(() => {
        if (wasLocal) this.settingsValue = { ...this.settingsValue, localLayoutId: null };
        this.access.forget(revoked);
      });
      tx.emit({ topic: 'wall', layoutId });
    });
  }

  // ---- settings and displays -----------------------------------------------------------------

  settings(actor: Actor): WallSettings {
    this.access.permit(actor, 'manageWall');
    return { ...this.settingsValue };
  }

  /** For front doors (the LAN listener, the desktop shell): no actor. */
  currentSettings(): WallSettings {
    return { ...this.settingsValue };
  }

  async setSettings(actor: Actor, update: { lanEnabled?: boolean; lanPort?: number; localLayoutId?: string | null }): Promise<WallSettings> {
    this.access.permit(actor, 'manageWall');
    if (update.lanEnabled !== undefined || update.lanPort !== undefined) this.access.permit(actor, 'wallNetwork');
    const before = this.settingsValue;
    const next: WallSettings = {
      lanEnabled: update.lanEnabled ?? before.lanEnabled,
      lanPort: update.lanPort ?? before.lanPort,
      localLayoutId: update.localLayoutId === undefined ? before.localLayoutId : update.localLayoutId,
    };
    await this.kernel.run({ name: 'wall.settings_changed', actor, audit: { entity: 'wall', entityId: null, detail: { before, after: next } } }, async (tx) => {
      if (next.localLayoutId && !(await this.repo.layout(tx.sql, next.localLayoutId))) refuse('not_found', `no wall layout ${next.localLayoutId}`, { id: next.localLayoutId });
      await this.repo.setSetting(tx.sql, 'lan_enabled', String(next.lanEnabled));
      await this.repo.setSetting(tx.sql, 'lan_port', String(next.lanPort));
      await this.repo.setSetting(tx.sql, 'local_layout_id', next.localLayoutId ?? '');
      tx.afterCommit(() => {
        this.settingsValue = next;
      });
      tx.emit({ topic: 'wall', layoutId: null });
    });
    return { ...next };
  }

  /** The desktop shell reports what `screen.getAllDisplays()` sees (and which it keeps for the console). */
  reportDisplays(displays: readonly DisplayInfo[], reservedDisplayIds: readonly string[] = []): void {
    this.desktop = { displays: displays.map((d) => ({ ...d, bounds: { ...d.bounds } })), reserved: [...reservedDisplayIds], at: this.kernel.clock.now().toISOString() };
  }

  /** The layout the desktop shows on its displays, with its definition (null: none, or it is gone). */
  async localLayout(): Promise<{ id: string; version: number; definition: WallDefinition } | null> {
    const id = this.settingsValue.localLayoutId;
    if (!id) return null;
    return this.kernel.read(async (sql) => {
      const layout = await this.repo.layout(sql, id);
      if (!layout) return null;
      const v = await this.repo.version(sql, id, layout.version);
      return v ? { id, version: layout.version, definition: parse(v.definition) } : null;
    });
  }

  async displays(actor: Actor): Promise<WallDisplays> {
    this.access.permit(actor, 'manageWall');
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
}
