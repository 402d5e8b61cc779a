/**
 * 历史事件 (issue #15): every event of the town, open or closed, found by words and filters, newest
 * first, a page at a time by cursor (history-query.ts); the .xlsx export of what a search finds
 * (history-export.ts); and the pinyin initials of each new event's title, written beside it in the
 * transaction that records it (a report hook: SQL has no pinyin, the rest of the index is triggers).
 * Reads only, but for those initials. Any reader role. Opening a result is the event's own detail.
 */
import {
  HISTORY_EXPORT_MAX_ROWS,
  HISTORY_TOTAL_CAP,
  type HistoryCategory,
  type HistoryCount,
  type HistoryFilter,
  type HistoryPage,
  type HistoryRow,
  type HistorySearchRequest,
} from '../../../preload/contract/history-schemas';
import type { FileResponse } from '../../../preload/contract/roster-schemas';
import type { Level, Source, State } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import type { Kernel } from '../kernel/command-runner';
import { permit } from '../kernel/permissions';
import { pinyinInitials } from '../pinyin-initials';
import { historyExportFile } from './history-export';
import { countStatement, pageStatement, type HistoryQuery, type HistoryRecord } from './history-query';

/** What the search asks of the town (TownService satisfies it, wired in app-core.ts). */
export interface HistoryTown {
  readonly town: { readonly centreName: string };
  readonly catalogue: ReadonlyMap<string, { readonly name: string; readonly categoryCode: string; readonly categoryName: string }>;
  readonly grids: ReadonlyMap<string, { readonly name: string; readonly village: string }>;
  readonly posts: ReadonlyMap<string, { readonly name: string }>;
}

/** A page read for the export. */
const EXPORT_BATCH = 2000;

/** The search key of an instant (migration 0012): its milliseconds × 1000. */
const docOf = (iso: string): number => Date.parse(iso) * 1000;

export class HistoryService {
  constructor(
    private readonly kernel: Kernel,
    private readonly town: HistoryTown,
  ) {}

  /**
   * The report hook: the initials of new events' titles (`slx` finds 石榴巷…), in the transaction
   * that records them. The trigger on event_doc puts them into the index.
   */
  readonly onReported = async (sql: Sql, reported: readonly { readonly event: { readonly id: string; readonly title: string } }[]): Promise<void> => {
    const rows = reported.map((r) => [r.event.id, pinyinInitials(r.event.title)]).filter(([, initials]) => initials !== '');
    if (rows.length === 0) return;
    await sql.run(`UPDATE event_doc SET initials = v.value ->> 1 FROM json_each(?) AS v WHERE event_doc.event_id = v.value ->> 0`, [JSON.stringify(rows)]);
  };

  /** The catalogue's categories (大类), for the filter. */
  categories(actor: Actor): HistoryCategory[] {
    permit(actor, 'read');
    const byCode = new Map<string, string>();
    for (const item of this.town.catalogue.values()) byCode.set(item.categoryCode, item.categoryName);
    return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
  }

  async search(actor: Actor, request: HistorySearchRequest & { limit: number }): Promise<HistoryPage> {
    permit(actor, 'read');
    const q = this.query(request);
    if (request.cursor !== undefined) {
      if (!/^\d{1,17}$/.test(request.cursor)) refuse('invalid', 'not a cursor of this search', { field: 'cursor' });
      q.beforeDoc = Number(request.cursor);
    }
    const page = pageStatement(q, request.limit + 1);
    const rows = await this.kernel.read((sql) => sql.all<HistoryRecord>(page.sql, page.params));
    const shown = rows.slice(0, request.limit);
    return { rows: shown.map((r) => this.row(r)), nextCursor: rows.length > request.limit ? String(shown[shown.length - 1].doc) : null };
  }

  /** How many events the search finds, up to HISTORY_TOTAL_CAP. */
  async count(actor: Actor, filter: HistoryFilter): Promise<HistoryCount> {
    permit(actor, 'read');
    const count = countStatement(this.query(filter));
    const n = (await this.kernel.read((sql) => sql.get<{ n: number }>(count.sql, count.params)))?.n ?? 0;
    return { total: Math.min(n, HISTORY_TOTAL_CAP), capped: n > HISTORY_TOTAL_CAP };
  }

  /** What a search finds, newest first, at most HISTORY_EXPORT_MAX_ROWS, as an .xlsx. */
  async exportFile(actor: Actor, filter: HistoryFilter, exportedAt: Date): Promise<FileResponse> {
    permit(actor, 'read');
    const q = this.query(filter);
    const { rows, total } = await this.kernel.read(async (sql) => {
      const out: HistoryRow[] = [];
      while (out.length < HISTORY_EXPORT_MAX_ROWS) {
        const page = pageStatement(q, Math.min(EXPORT_BATCH, HISTORY_EXPORT_MAX_ROWS - out.length));
        const batch = await sql.all<HistoryRecord>(page.sql, page.params);
        out.push(...batch.map((r) => this.row(r)));
        if (batch.length === 0) break;
        q.beforeDoc = batch[batch.length - 1].doc;
      }
      if (out.length < HISTORY_EXPORT_MAX_ROWS) return { rows: out, total: out.length };
      delete q.beforeDoc;
      const count = countStatement(q, Number.MAX_SAFE_INTEGER);
      return { rows: out, total: (await sql.get<{ n: number }>(count.sql, count.params))?.n ?? 0 };
    });
    return historyExportFile(rows, { centreName: this.town.town.centreName, filter, total, exportedAt, filterText: this.filterText(filter) });
  }

  /** The filter in the database's terms; a name that is not the town's is refused (nothing is read). */
  private query(f: HistoryFilter): HistoryQuery {
    const q: HistoryQuery = { text: f.text, levels: f.levels, states: f.states, sources: f.sources, overdue: f.overdue, held: f.held, now: this.kernel.clock.now().toISOString() };
    if (f.from) q.fromDoc = docOf(f.from);
    if (f.to) q.toDoc = docOf(f.to);
    if (f.from && f.to && Date.parse(f.from) >= Date.parse(f.to)) refuse('invalid', 'the range ends before it starts', { field: 'historyRange' });
    if (f.categoryCode) {
      q.itemCodes = [...this.town.catalogue.entries()].filter(([, item]) => item.categoryCode === f.categoryCode).map(([code]) => code);
      if (q.itemCodes.length === 0) refuse('invalid', `unknown category ${f.categoryCode}`, { field: 'categoryCode', value: f.categoryCode });
    }
    let grids: string[] | undefined;
    if (f.village) {
      grids = [...this.town.grids.entries()].filter(([, g]) => g.village === f.village).map(([code]) => code);
      if (grids.length === 0) refuse('invalid', `unknown village ${f.village}`, { field: 'village', value: f.village });
    }
    if (f.gridCode) {
      if (!this.town.grids.has(f.gridCode)) refuse('invalid', `unknown grid ${f.gridCode}`, { field: 'gridCode', value: f.gridCode });
      // A grid outside the village finds nothing (both asked: both hold).
      grids = grids ? grids.filter((g) => g === f.gridCode) : [f.gridCode];
    }
    if (grids) q.gridCodes = grids.length > 0 ? grids : [''];
    if (f.postId) {
      if (!this.town.posts.has(f.postId)) refuse('invalid', `unknown post ${f.postId}`, { field: 'postId' });
      q.postId = f.postId;
    }
    return q;
  }

  private row(r: HistoryRecord): HistoryRow {
    const item = this.town.catalogue.get(r.category_code);
    const grid = r.grid_code ? this.town.grids.get(r.grid_code) : undefined;
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      level: r.level as Level,
      state: r.state as State,
      source: r.source as Source,
      categoryCode: r.category_code,
      categoryName: item?.name ?? r.category_code,
      gridCode: r.grid_code,
      gridName: grid?.name ?? r.grid_code,
      village: grid?.village ?? null,
      leadPostName: r.lead_post_id ? (this.town.posts.get(r.lead_post_id)?.name ?? null) : null,
      reportedAt: r.reported_at,
      closedAt: r.closed_at,
      isOpen: r.is_open === 1,
      overdue: r.overdue === 1,
      holdReviewBy: r.hold_review_by,
    };
  }

  /** The filter in words, for the export's second sheet. */
  private filterText(f: HistoryFilter): { category: string | null; grid: string | null; post: string | null } {
    const category = f.categoryCode ? ([...this.town.catalogue.values()].find((i) => i.categoryCode === f.categoryCode)?.categoryName ?? f.categoryCode) : null;
    return {
      category,
      grid: f.gridCode ? (this.town.grids.get(f.gridCode)?.name ?? f.gridCode) : null,
      post: f.postId ? (this.town.posts.get(f.postId)?.name ?? f.postId) : null,
    };
  }
}
