/**
 * Wall layouts as they cross the wire (`wallLayout` upserts) and the ones saved or retired on another
 * console of the town, folded into wall_layout and wall_layout_version inside the sync page's
 * transaction (the sync sink `wallLayout`; the rule in docs/protocol-decisions.md, "Every record both
 * ways"): **the newest HLC wins the layout whole** — its name, its definition and whether it is retired
 * (a save newer than a retirement brings the layout back). What wins is added here as the layout's next
 * version (its number the sender's, or the next one here if that is taken), so the history here keeps
 * what this console had; a retirement or a save that only repeats the current definition adds none.
 * What stays on each console and is never sent: the per-screen viewer tokens (a retired layout's
 * tokens, and those of the screens a newer version no longer has, are revoked here as a local save
 * would), the wall settings (LAN access, which layout this desktop shows: cleared when that layout is
 * retired elsewhere) and the displays. Nothing here is sent back.
 */
import { WallDefinition } from '../../../preload/contract/wall-schemas';
import type { Sql } from '../db/db';
import type { HybridLogicalClock } from '../kernel/hlc';
import { validateLayout } from './wall-layout';
import type { LayoutRecord, LayoutVersionRecord, WallRepository } from './wall.repository';

/** The layout as the district sees it (the `wallLayout` payload): its current version, and whether it is retired. */
export function layoutPayload(layout: Omit<LayoutRecord, 'hlc'>, current: LayoutVersionRecord, retiredBy?: string): Record<string, unknown> {
  return {
    name: current.name,
    version: current.version,
    definition: JSON.parse(current.definition) as unknown,
    note: current.note,
    savedBy: current.saved_by,
    savedAt: current.saved_at,
    createdBy: layout.created_by,
    createdAt: layout.created_at,
    retired: layout.deleted_at !== null,
    retiredAt: layout.deleted_at,
    ...(retiredBy ? { retiredBy } : {}),
  };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** What a fold did that matters after commit: viewer tokens to forget, whether this desktop's layout went. */
export interface LayoutFolded {
  readonly revoked: string[];
  readonly localCleared: boolean;
}

/** Folds one `wallLayout` upsert; null when it changed nothing here. Throws on a payload it cannot read (kept in 同步问题). */
export async function applyRemoteLayout(
  repo: WallRepository,
  hlcClock: HybridLogicalClock,
  sql: Sql,
  id: string,
  p: Record<string, unknown>,
  hlc: string,
  at: string,
): Promise<LayoutFolded | null> {
  const parsed = WallDefinition.safeParse(p.definition);
  const version = p.version;
  if (!str(p.name) || !parsed.success || typeof version !== 'number' || !Number.isInteger(version) || version < 1 || !str(p.savedBy)) {
    throw new Error(`wallLayout ${id}: name, definition, version or savedBy missing`);
  }
  const issues = validateLayout(parsed.data);
  if (issues.length > 0) throw new Error(`wallLayout ${id}: invalid layout: ${issues[0]!.message}`);
  hlcClock.receive(hlc);
  const local = await repo.layoutAny(sql, id);
  if (local && local.hlc >= hlc) return null;
  const definition = JSON.stringify(parsed.data);
  const savedAt = str(p.savedAt) ? p.savedAt : at;
  const retiredAt = p.retired === true ? (local?.deleted_at ?? (str(p.retiredAt) ? p.retiredAt : at)) : null;
  const note = typeof p.note === 'string' ? p.note : null;
  const entry = (v: number): LayoutVersionRecord => ({ layout_id: id, version: v, name: p.name as string, definition, saved_by: p.savedBy as string, saved_at: savedAt, note });
  if (!local) {
    const createdBy = str(p.createdBy) ? p.createdBy : p.savedBy;
    await repo.insertLayout(sql, {
      id,
      name: p.name,
      version,
      created_by: createdBy,
      created_at: str(p.createdAt) ? p.createdAt : savedAt,
      updated_at: savedAt,
      deleted_at: retiredAt,
      hlc,
    });
    await repo.insertVersion(sql, entry(version));
    return { revoked: [], localCleared: false };
  }
  const current = await repo.version(sql, id, local.version);
  const same = current?.name === p.name && current.definition === definition;
  const next = same ? local.version : Math.max(local.version + 1, version);
  if (!same) await repo.insertVersion(sql, entry(next));
  await repo.putLayoutState(sql, { id, name: p.name, version: next, updated_at: same ? local.updated_at : savedAt, deleted_at: retiredAt, hlc });
  // The viewer tokens stay here: a retired layout's go, and those of the screens it no longer has.
  const kept = new Set(retiredAt ? [] : parsed.data.screens.map((s) => s.id));
  const live = (await repo.tokens(sql, id)).filter((t) => t.revoked_at === null && !kept.has(t.screen_id));
  await repo.revokeTokensOf(sql, id, str(p.retiredBy) ? p.retiredBy : p.savedBy, at, [...new Set(live.map((t) => t.screen_id))]);
  let localCleared = false;
  if (retiredAt && !local.deleted_at) {
    const settings = await repo.settings(sql);
    if (settings.some((s) => s.key === 'local_layout_id' && s.value === id)) {
      await repo.setSetting(sql, 'local_layout_id', '');
      localCleared = true;
    }
  }
  return { revoked: live.map((t) => t.id), localCleared };
}
