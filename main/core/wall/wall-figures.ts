/**
 * The cockpit's figures for the wall's panels: open counts, overdue events, on-time rates, the
 * breakdown by board and category, the hourly trend, the load per grid. Every wall screen asks for
 * the same figures after a change, so each is computed once per change and shared. Reads only.
 */
import type { ClockKind, Level, State } from '../../../preload/contract/schemas';
import type { WallBreakdown, WallCounts, WallGridLoad, WallOverdue, WallScope, WallSla, WallTrend } from '../../../preload/contract/wall-schemas';
import type { SituationStage } from '../../../preload/contract/situation-report-schemas';
import { addDays, beijingDate, fromBeijing } from '../beijing-time';
import type { Sql } from '../db/db';
import type { ChangeFeed } from '../feed';
import type { Kernel } from '../kernel/command-runner';
import { CockpitRepository, type OpenSummaryRow, type Windows } from './cockpit.repository';

/** How old a figure over days may be (see WallFigures.figure). */
export const SLOW_FIGURE_MS = 5000;

/** What the figures need of the town (TownService satisfies it; wired in app-core.ts). */
export interface FiguresTown {
  readonly town: { readonly townCode: string };
  readonly boards: readonly { readonly code: string; readonly name: string }[];
  readonly grids: ReadonlyMap<string, { readonly name: string }>;
  readonly catalogue: ReadonlyMap<string, { readonly name: string; readonly categoryCode: string; readonly categoryName: string; readonly boardCode: string }>;
}

/**
 * Where the wall's on-time rates come from: the assessment figures (main/core/metrics/figures.ts, the
 * one definition of each, docs/metrics.md), handed in by app-core.ts. 受理及时率 is 按时受理率, 办结及时率
 * is 按期办结率, each of the whole town over [from, to).
 */
export interface OnTimeRates {
  townRates(sql: Sql, range: { from: string; to: string }): Promise<{ accept: { onTime: number; late: number }; close: { onTime: number; late: number } }>;
}

export class WallFigures {
  private readonly cockpit = new CockpitRepository();
  /**
   * 挂账数 now (issue #15): 考核评价's own count (heldNow), handed in by app-core.ts so the wall and the
   * assessment give one number; until then, the held events per state summed (the same rule).
   */
  heldNow: ((sql: Sql) => Promise<number>) | null = null;
  /** Bumped by every change of events and every clock jump: cached figures older than this are stale. */
  private generation = 0;
  private readonly figures = new Map<string, { generation: number; at: number; value: Promise<unknown> }>();

  constructor(
    private readonly kernel: Kernel,
    private readonly town: FiguresTown,
    feed: ChangeFeed,
    private readonly rates: OnTimeRates,
  ) {
    // Subscribed before any front door, so a client told of a change never gets a figure from before it.
    feed.subscribe((message) => {
      if (message.topic === 'events' || message.topic === 'clock') this.generation += 1;
    });
  }

  private now(): string {
    return this.kernel.clock.now().toISOString();
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

  /** The same sharing for a figure computed elsewhere (wall-rankings.ts: the assessment figures). */
  shared<T>(key: string, compute: () => Promise<T>, slowMs = 0): Promise<T> {
    return this.figure(key, compute, slowMs);
  }

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
      return { now, rows: await this.kernel.read((sql) => this.cockpit.openSummary(sql, this.town.town.townCode, now)) };
    });
  }

  async counts(): Promise<WallCounts> {
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
    const today = await this.kernel.read(async (sql) => ({
      reported: await this.cockpit.reportedSince(sql, townCode, w.today),
      closed: await this.cockpit.closedSince(sql, townCode, w.today),
      heldByState: await this.cockpit.heldByState(sql, townCode),
      held: this.heldNow ? await this.heldNow(sql) : null,
    }));
    const held = today.held ?? today.heldByState.reduce((n, r) => n + r.n, 0);
    // 挂账 counted apart (issue #15): out of 未办结 and its states (a held event is never overdue: its clock stands).
    for (const r of today.heldByState) byState[r.state] = Math.max(0, (byState[r.state] ?? 0) - r.n);
    open = Math.max(0, open - held);
    return { now: summary.now, open, overdue, held, serious, byState, reportedToday: today.reported, closedToday: today.closed };
  }

  async overdue(limit: number): Promise<WallOverdue> {
    return this.figure(`overdue:${limit}`, () => this.computeOverdue(limit));
  }

  private async computeOverdue(limit: number): Promise<WallOverdue> {
    const summary = await this.openSummary();
    // Past a handling clock, and (issue #15) late only on the 首报 or the next 续报: the earliest due first, marked 首报超时 / 续报超时.
    const [late, firstReport, updateReport] = await this.kernel.read(
      async (sql) =>
        [
          await this.cockpit.overdue(sql, summary.now, limit),
          await this.cockpit.firstReportOverdue(sql, summary.now, limit),
          await this.cockpit.updateReportOverdue(sql, summary.now, limit),
        ] as const,
    );
    const rows = [...late, ...firstReport.rows, ...updateReport.rows].sort((a, b) => a.due_at.localeCompare(b.due_at) || a.id.localeCompare(b.id)).slice(0, limit);
    return {
      now: summary.now,
      total: summary.rows.reduce((n, r) => n + r.overdue, 0) + firstReport.total + updateReport.total,
      rows: rows.map((r) => ({
        id: r.id,
        title: r.title,
        level: r.level as Level,
        state: r.state as State,
        gridName: r.grid_code ? (this.town.grids.get(r.grid_code)?.name ?? r.grid_code) : null,
        categoryName: this.town.catalogue.get(r.category_code)?.name ?? r.category_code,
        dueAt: r.due_at,
        dueKind: r.due_kind as ClockKind | null,
        reportStage: (r.report_stage as SituationStage | null) ?? null,
        firstReportLate: r.first_report_late === 1,
        updateReportLate: r.update_report_late === 1,
      })),
    };
  }

  async sla(): Promise<WallSla> {
    return this.figure('sla', () => this.computeSla(), SLOW_FIGURE_MS);
  }

  /** 受理及时率 and 办结及时率 for today, 7 and 30 days: windows that end now, now included. */
  private async computeSla(): Promise<WallSla> {
    const w = this.windows(this.kernel.clock.now());
    const to = new Date(Date.parse(w.now) + 1).toISOString();
    const [today, d7, d30] = await this.kernel.read(async (sql) => [
      await this.rates.townRates(sql, { from: w.today, to }),
      await this.rates.townRates(sql, { from: w.d7, to }),
      await this.rates.townRates(sql, { from: w.d30, to }),
    ]);
    const period = (p: 'today' | '7d' | '30d', r: typeof today) => ({
      period: p,
      accept: { onTime: r.accept.onTime, late: r.accept.late },
      close: { onTime: r.close.onTime, late: r.close.late },
    });
    return { now: w.now, periods: [period('today', today), period('7d', d7), period('30d', d30)] };
  }

  async breakdown(scope: WallScope): Promise<WallBreakdown> {
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
      const w = this.windows(this.kernel.clock.now());
      now = w.now;
      rows = await this.kernel.read((sql) => this.cockpit.reportedByItem(sql, this.town.town.townCode, scope === 'today' ? w.today : scope === '7d' ? w.d7 : w.d30));
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

  async trend(hours: number): Promise<WallTrend> {
    return this.figure(`trend:${hours}`, () => this.computeTrend(hours));
  }

  /**
   * Hours before the current one barely change (an event reported late, from the district): they are
   * counted at most every half minute; the current hour after every change.
   */
  private async computeTrend(hours: number): Promise<WallTrend> {
    const now = this.kernel.clock.now();
    const hourMs = 3600_000;
    const current = Math.floor(now.getTime() / hourMs) * hourMs;
    const start = current - (hours - 1) * hourMs;
    const townCode = this.town.town.townCode;
    const iso = (t: number): string => new Date(t).toISOString();
    const past = await this.figure(`trendPast:${hours}:${current}`, () => this.kernel.read((sql) => this.cockpit.perHour(sql, townCode, iso(start), iso(current))), 30_000);
    const latest = await this.kernel.read((sql) => this.cockpit.perHour(sql, townCode, iso(current), iso(current + hourMs)));
    const out: WallTrend['hours'] = [];
    for (let t = start; t <= current; t += hourMs) {
      const hour = iso(t);
      const key = hour.slice(0, 13);
      const from = t === current ? latest : past;
      out.push({ hour, reported: from.reported.get(key) ?? 0, closed: from.closed.get(key) ?? 0 });
    }
    return { now: now.toISOString(), hours: out };
  }

  async gridLoad(): Promise<WallGridLoad> {
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
