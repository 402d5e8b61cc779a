/**
 * The district's catalogue (事项目录), folded into this console's `catalogue_item` table inside the
 * sync page's transaction (the sync sink `catalogue`; a district-only upsert, PROTOCOL.md). The rule
 * (docs/protocol-decisions.md, "Every record both ways"): the district is authoritative — a catalogue
 * whose `version` is higher than the one held here replaces it whole (items it lists are written as it
 * says them, items it leaves out are deactivated, never deleted: events name them), and a version not
 * higher changes nothing. Open events keep the limits they started with: before an item's limits
 * change (or it goes), every open event of it gets the limits it had kept in `event_kept_limits`
 * (the first kept stays). Deadlines already set on an event never move either way.
 *
 * Payload: `{ version, items: [{ code, name, categoryCode, categoryName, boardCode, leadPostId |
 * leadPostCode, cooperatingPostIds | cooperatingPostCodes, defaultLevel, limits: { accept,
 * acknowledge, onScene, resolve: { value, unit } }, pinyin?, standard?, answerTemplate?, sensorTypes? }] }`.
 */
import { LEVELS, Limit, type Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { getMeta, setMeta } from '../kernel/meta.repository';
import type { HybridLogicalClock } from '../kernel/hlc';
import { TownRepository, type CatalogueRow } from './town.repository';

/** meta key: the version of the district catalogue held here. */
export const CATALOGUE_VERSION_KEY = 'catalogue_version';

const CLOCKS = ['accept', 'acknowledge', 'onScene', 'resolve'] as const;
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What the catalogue sink needs of the town in memory (TownService satisfies it). */
export interface CataloguePosts {
  readonly posts: ReadonlyMap<string, unknown>;
  readonly postsByCode: ReadonlyMap<string, { readonly id: string }>;
}

/** The district catalogue taken, as the page's command audits it (sync's UpsertTaken). */
export interface CatalogueTaken {
  readonly audit: { readonly action: 'catalogue.synced'; readonly entity: 'catalogue'; readonly entityId: string; readonly detail: Record<string, unknown> };
}

function unreadable(what: string): never {
  throw new Error(`catalogue: ${what}`);
}

export class CatalogueRemote {
  private readonly repo = new TownRepository();

  constructor(
    private readonly town: CataloguePosts,
    private readonly hlcClock: HybridLogicalClock,
  ) {}

  private postId(id: unknown, code: unknown): string {
    if (str(id) && this.town.posts.has(id)) return id;
    const byCode = str(code) ? this.town.postsByCode.get(code) : undefined;
    if (byCode) return byCode.id;
    return unreadable(`no post ${String(id ?? code)} here`);
  }

  private row(raw: unknown): CatalogueRow {
    const i = (raw ?? {}) as Record<string, unknown>;
    if (!str(i.code) || !str(i.name) || !str(i.categoryCode) || !str(i.categoryName) || !str(i.boardCode)) unreadable('an item without code, name, category or board');
    if (!LEVELS.includes(i.defaultLevel as Level)) unreadable(`item ${i.code}: defaultLevel`);
    const limits = (i.limits ?? {}) as Record<string, unknown>;
    for (const clock of CLOCKS) if (!Limit.safeParse(limits[clock]).success) unreadable(`item ${i.code}: limit ${clock}`);
    const coopIds = Array.isArray(i.cooperatingPostIds) ? i.cooperatingPostIds : null;
    const coopCodes = Array.isArray(i.cooperatingPostCodes) ? i.cooperatingPostCodes : [];
    return {
      code: i.code,
      name: i.name,
      pinyin: text(i.pinyin),
      category_code: i.categoryCode,
      category_name: i.categoryName,
      board_code: i.boardCode,
      standard: text(i.standard),
      lead_post_id: this.postId(i.leadPostId, i.leadPostCode),
      coop_post_ids: JSON.stringify(coopIds ? coopIds.map((id) => this.postId(id, null)) : coopCodes.map((code) => this.postId(null, code))),
      default_level: i.defaultLevel as string,
      limits: JSON.stringify(Object.fromEntries(CLOCKS.map((c) => [c, limits[c]]))),
      answer_template: text(i.answerTemplate),
      sensor_types: JSON.stringify(Array.isArray(i.sensorTypes) ? i.sensorTypes.filter(str) : []),
      active: 1,
    };
  }

  /** Folds one `catalogue` upsert: a higher version replaces the catalogue here; false when it changes nothing. */
  async apply(sql: Sql, entityId: string, p: Record<string, unknown>, hlc: string, at: string): Promise<false | CatalogueTaken> {
    if (!Number.isInteger(p.version) || !Array.isArray(p.items)) unreadable('`version` (an integer) and `items` (a list) are needed');
    this.hlcClock.receive(hlc);
    const version = p.version as number;
    const held = Number((await getMeta(sql, CATALOGUE_VERSION_KEY)) ?? '0');
    if (version <= held) return false;
    const rows = p.items.map((raw: unknown) => this.row(raw));
    const incoming = new Map(rows.map((r) => [r.code, r]));
    if (incoming.size !== rows.length) unreadable('an item code twice');
    const before = await this.repo.catalogue(sql);
    // The limits open events started with, kept before they change.
    const changedCodes = before.filter((old) => (incoming.get(old.code)?.limits ?? null) !== old.limits).map((old) => old.code);
    let kept = 0;
    if (changedCodes.length > 0) {
      await sql.run(
        `INSERT INTO event_kept_limits (event_id, category_code, limits, kept_at)
          SELECT e.id, e.category_code, c.limits, ? FROM event e JOIN catalogue_item c ON c.code = e.category_code
          WHERE e.is_open = 1 AND e.category_code IN (SELECT value FROM json_each(?))
          ON CONFLICT(event_id) DO NOTHING`,
        [at, JSON.stringify(changedCodes)],
      );
      kept = (await sql.get<{ n: number }>(`SELECT changes() AS n`))?.n ?? 0;
    }
    for (const row of rows) await this.repo.upsertCatalogueItem(sql, row);
    const gone = before.filter((old) => !incoming.has(old.code) && old.active !== 0);
    for (const old of gone) await this.repo.upsertCatalogueItem(sql, { ...old, active: 0 });
    await setMeta(sql, CATALOGUE_VERSION_KEY, String(version));
    return {
      audit: {
        action: 'catalogue.synced',
        entity: 'catalogue',
        entityId,
        detail: { version, from: held, items: rows.length, deactivated: gone.map((g) => g.code), keptLimits: kept, opAt: at },
      },
    };
  }

  /** The limits an open event started with, when the district's catalogue has changed them since (else null). */
  static async keptLimits(sql: Sql, eventId: string): Promise<Record<string, Limit> | null> {
    const row = await sql.get<{ limits: string }>(`SELECT limits FROM event_kept_limits WHERE event_id = ?`, [eventId]);
    return row ? (JSON.parse(row.limits) as Record<string, Limit>) : null;
  }
}
