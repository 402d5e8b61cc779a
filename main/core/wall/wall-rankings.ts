/**
 * 考核评价 on the wall (issue #16): the ranking panel (grids, villages, boards or posts ranked by one
 * figure, best or worst first) and the figures panel (the town's figures beside the previous period).
 * Every figure comes from the assessment figures (`core.metrics.compute`, main/core/metrics/figures.ts,
 * docs/metrics.md) as they are: nothing is counted here. This file only picks the period (Beijing
 * calendar), names the groups, orders them and keeps a rate that counted nothing (null) last.
 */
import type { FigureGroup, FigureSet, MetricsFigures } from '../../../preload/contract/metrics-schemas';
import type { WallAssessment, WallPeriod, WallRanking, WallRankingBy, WallRankingFigure, WallRankingOrder, WallRankingRow } from '../../../preload/contract/wall-schemas';
import { addDays, beijingDate, fromBeijing } from '../beijing-time';

/** The assessment figures, as the wall asks for them (AssessmentFigures satisfies it; wired in app-core.ts). */
export interface FigureSource {
  compute(groupBy: 'town' | WallRankingBy, range: { from: string; to: string }): Promise<MetricsFigures>;
}

/** What the rankings need of the town to name a group. */
export interface RankingsTown {
  readonly boards: readonly { readonly code: string; readonly name: string }[];
  readonly grids: ReadonlyMap<string, { readonly name: string }>;
  readonly posts: ReadonlyMap<string, { readonly code: string; readonly name: string }>;
}

/** How a cached figure is shared between the wall's screens (WallFigures.shared). */
export type Shared = <T>(key: string, compute: () => Promise<T>, slowMs?: number) => Promise<T>;

/** The Beijing calendar period holding `now`: today, this week (Monday on), this month; [from, to). */
export function periodRange(period: WallPeriod, now: Date): { from: string; to: string } {
  const today = beijingDate(now);
  let first = today;
  let next = addDays(today, 1);
  if (period === 'week') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    first = addDays(today, -((weekday + 6) % 7));
    next = addDays(first, 7);
  } else if (period === 'month') {
    first = `${today.slice(0, 8)}01`;
    const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  return { from: fromBeijing(first, 0).toISOString(), to: fromBeijing(next, 0).toISOString() };
}

/** Whether a higher value of the figure is better (the rates) or worse (超期件数). */
export const HIGHER_IS_BETTER: Readonly<Record<WallRankingFigure, boolean>> = {
  closeOnTime: true,
  acceptOnTime: true,
  dispatchOnTime: true,
  onSceneOnTime: true,
  overdue: false,
};

/** The figure of one set, as computed: a rate (null over nothing) or 超期件数, and what it is over. */
export function figureOf(set: FigureSet, figure: WallRankingFigure): { value: number | null; basis: number } {
  if (figure === 'overdue') return { value: set.overdue.total, basis: set.overdue.total };
  const t = set[figure];
  return { value: t.rate, basis: t.onTime + t.late };
}

/** A group as people know it: its name, and where it comes in the town's own order (for ties). */
export interface GroupLabel {
  readonly name: string;
  readonly order: string;
}

/**
 * The groups ranked: best (or worst) first, a null figure last whatever the order; ties by how many
 * events the figure is over (more first), then in the town's own order (grid and post codes, the
 * boards' order, village names). The group '' (no grid, no lead post) is not ranked: it is nobody's.
 */
export function rankGroups(groups: readonly FigureGroup[], figure: WallRankingFigure, order: WallRankingOrder, labelOf: (key: string) => GroupLabel): WallRankingRow[] {
  const better = HIGHER_IS_BETTER[figure] === (order === 'best') ? -1 : 1;
  const rows = groups
    .filter((g) => g.key !== '')
    .map((g) => {
      const now = figureOf(g.current, figure);
      const label = labelOf(g.key);
      const row: WallRankingRow = { rank: null, key: g.key, name: label.name, value: now.value, previous: figureOf(g.previous, figure).value, basis: now.basis };
      return { order: label.order, row };
    });
  const inTownOrder = (x: { order: string }, y: { order: string }): number => (x.order < y.order ? -1 : x.order > y.order ? 1 : 0);
  rows.sort((x, y) => {
    const [a, b] = [x.row, y.row];
    if (a.value === null || b.value === null) return a.value === b.value ? inTownOrder(x, y) : a.value === null ? 1 : -1;
    return (a.value - b.value) * better || b.basis - a.basis || inTownOrder(x, y);
  });
  let place = 0;
  for (const { row } of rows) if (row.value !== null) row.rank = ++place;
  return rows.map((r) => r.row);
}

/** Figures over days barely move with one event: shared this long even after a change (as the wall's on-time rates). */
const SLOW_MS = 5000;

export class WallRankings {
  constructor(
    private readonly source: FigureSource,
    private readonly town: RankingsTown,
    private readonly shared: Shared,
    private readonly clock: () => Date,
  ) {}

  /** The figures of one grouping and period: computed once per change for every panel and screen that shows them. */
  private figures(groupBy: 'town' | WallRankingBy, period: WallPeriod): Promise<MetricsFigures> {
    const range = periodRange(period, this.clock());
    return this.shared(`metrics:${groupBy}:${range.from}:${range.to}`, () => this.source.compute(groupBy, range), period === 'today' ? 0 : SLOW_MS);
  }

  private labelOf(by: WallRankingBy): (key: string) => GroupLabel {
    if (by === 'grid') return (k) => ({ name: this.town.grids.get(k)?.name ?? k, order: k });
    if (by === 'post') return (k) => ({ name: this.town.posts.get(k)?.name ?? k, order: this.town.posts.get(k)?.code ?? `~${k}` });
    if (by === 'board')
      return (k) => {
        const i = this.town.boards.findIndex((b) => b.code === k);
        return { name: this.town.boards[i]?.name ?? k, order: i < 0 ? `~${k}` : String(i).padStart(4, '0') };
      };
    return (k) => ({ name: k, order: k }); // a village's key is its name
  }

  async ranking(q: { by: WallRankingBy; figure: WallRankingFigure; period: WallPeriod; order: WallRankingOrder; limit: number }): Promise<WallRanking> {
    const f = await this.figures(q.by, q.period);
    const rows = rankGroups(f.groups, q.figure, q.order, this.labelOf(q.by));
    return {
      now: f.now,
      by: q.by,
      figure: q.figure,
      period: q.period,
      order: q.order,
      from: f.from,
      to: f.to,
      previousFrom: f.previousFrom,
      total: rows.length,
      rows: rows.slice(0, q.limit),
    };
  }

  async assessment(period: WallPeriod): Promise<WallAssessment> {
    const f = await this.figures('town', period);
    const town = f.groups.find((g) => g.key === '')!;
    return { now: f.now, period, from: f.from, to: f.to, previousFrom: f.previousFrom, current: town.current, previous: town.previous, heldNow: town.heldNow };
  }
}
