/**
 * 推送到大屏 (issue #18): a leader pins one camera to one screen of a wall layout from the desk, and
 * takes it off again (取消推送); a new pin on the same screen replaces the old one. The screen shows
 * the pinned camera in its 联动画面 tile, or over the screen when its page has none, until then.
 *
 * Each pin is a wall setting of this console (wall_setting `camera_pin:<layout>:<screen>`, JSON of
 * the camera's code, when and by whom), like the decoder cap: never sent to the district. Pinning
 * and unpinning are kernel commands (permission `pinCamera`: the leader's), audited as
 * `wall.camera_pin` / `wall.camera_unpin` with the screen and the camera before and after. Refused,
 * with nothing changed: an unknown layout or screen, an unknown or a disabled camera, another role.
 */
import type { WallDefinition, WallPinTarget } from '../../../preload/contract/wall-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { permit } from '../kernel/permissions';
import type { CameraStates } from './wall-layout';
import type { WallRepository } from './wall.repository';

const PREFIX = 'camera_pin:';

export interface CameraPin {
  readonly layoutId: string;
  readonly screenId: string;
  readonly code: string;
  readonly at: string;
  readonly by: string;
}

export const pinKey = (layoutId: string, screenId: string): string => `${PREFIX}${layoutId}:${screenId}`;

/** Every pin kept (a row that does not parse is skipped). */
export async function readPins(repo: WallRepository, sql: Sql): Promise<CameraPin[]> {
  const pins: CameraPin[] = [];
  for (const row of await repo.settings(sql)) {
    if (!row.key.startsWith(PREFIX)) continue;
    const [layoutId, screenId] = row.key.slice(PREFIX.length).split(':');
    try {
      const v = JSON.parse(row.value) as { code?: unknown; at?: unknown; by?: unknown };
      if (layoutId && screenId && typeof v.code === 'string' && typeof v.at === 'string')
        pins.push({ layoutId, screenId, code: v.code, at: v.at, by: typeof v.by === 'string' ? v.by : '' });
    } catch {
      continue;
    }
  }
  return pins;
}

export class WallCameraPins {
  constructor(
    private readonly kernel: Kernel,
    private readonly repo: WallRepository,
    private readonly cameraStates: () => Promise<CameraStates>,
    private readonly cameraNames: () => Promise<ReadonlyMap<string, string>>,
  ) {}

  /** The layout in force and its definition, or null (retired, never made). */
  private async layout(sql: Sql, layoutId: string): Promise<{ name: string; def: WallDefinition } | null> {
    const l = await this.repo.layout(sql, layoutId);
    if (!l) return null;
    const v = await this.repo.version(sql, layoutId, l.version);
    return v ? { name: v.name, def: JSON.parse(v.definition) as WallDefinition } : null;
  }

  /** Every screen of every layout, with what is pinned there (the desk's choice of screen; a leader's). */
  async targets(actor: Actor): Promise<WallPinTarget[]> {
    permit(actor, 'pinCamera');
    const names = await this.cameraNames();
    return this.kernel.read(async (sql) => {
      const pins = await readPins(this.repo, sql);
      const out: WallPinTarget[] = [];
      for (const row of await this.repo.layouts(sql)) {
        const def = JSON.parse(row.definition) as WallDefinition;
        const screens = [...def.screens].sort((a, b) => a.row - b.row || a.col - b.col);
        for (const s of screens) {
          const pin = pins.find((p) => p.layoutId === row.id && p.screenId === s.id);
          out.push({
            layoutId: row.id,
            layoutName: row.name,
            screenId: s.id,
            screenName: s.name ?? null,
            col: s.col,
            row: s.row,
            linkageTile: s.pages.some((p) => p.tiles.some((t) => t.panel === 'cameraLinkage')),
            pinned: pin ? { code: pin.code, name: names.get(pin.code) ?? pin.code } : null,
          });
        }
      }
      return out;
    });
  }

  /** Pins `code` to the screen (replacing what was there): a leader's, an enabled camera, a screen of a layout in force. */
  async pin(actor: Actor, req: { layoutId: string; screenId: string; code: string }): Promise<void> {
    permit(actor, 'pinCamera');
    const enabled = (await this.cameraStates()).get(req.code);
    if (enabled === undefined) refuse('not_found', `there is no camera ${req.code}`, { id: req.code, pin: 'unknown_camera', camera: req.code });
    if (!enabled) refuse('invalid', `camera ${req.code} is disabled`, { pin: 'camera_disabled', camera: req.code });
    await this.kernel.run({ name: 'wall.camera_pin', actor, permission: 'pinCamera', audit: false }, async (tx) => {
      await this.screenOf(tx.sql, req.layoutId, req.screenId);
      const key = pinKey(req.layoutId, req.screenId);
      const before = (await readPins(this.repo, tx.sql)).find((p) => p.layoutId === req.layoutId && p.screenId === req.screenId)?.code ?? null;
      await this.repo.setSetting(tx.sql, key, JSON.stringify({ code: req.code, at: tx.at, by: actor.id }));
      await tx.audit('wall.camera_pin', 'wall', req.layoutId, { screenId: req.screenId, before, after: req.code });
      tx.emit({ topic: 'wall', layoutId: req.layoutId });
    });
  }

  /** Takes the screen's pin off (取消推送): refused when nothing is pinned there. */
  async unpin(actor: Actor, req: { layoutId: string; screenId: string }): Promise<void> {
    permit(actor, 'pinCamera');
    await this.kernel.run({ name: 'wall.camera_unpin', actor, permission: 'pinCamera', audit: false }, async (tx) => {
      await this.screenOf(tx.sql, req.layoutId, req.screenId);
      const before = (await readPins(this.repo, tx.sql)).find((p) => p.layoutId === req.layoutId && p.screenId === req.screenId);
      if (!before) refuse('not_found', `nothing is pinned to screen ${req.screenId}`, { id: req.screenId, pin: 'not_pinned' });
      await this.repo.deleteSetting(tx.sql, pinKey(req.layoutId, req.screenId));
      await tx.audit('wall.camera_unpin', 'wall', req.layoutId, { screenId: req.screenId, before: before.code, after: null });
      tx.emit({ topic: 'wall', layoutId: req.layoutId });
    });
  }

  private async screenOf(sql: Sql, layoutId: string, screenId: string): Promise<void> {
    const layout = await this.layout(sql, layoutId);
    if (!layout || !layout.def.screens.some((s) => s.id === screenId)) {
      refuse('not_found', `no screen ${screenId} in wall layout ${layoutId}`, { id: screenId, pin: 'unknown_screen' });
    }
  }
}
