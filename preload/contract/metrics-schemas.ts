/**
 * 考核评价 (issue #16): the assessment figures of a town over a range [from, to), optionally per board,
 * post, village or grid, with the previous period of the same length beside them. Every figure is
 * defined in docs/metrics.md and computed in one place (main/core/metrics/figures.ts).
 */
import { z } from 'zod';

/** What the figures may be grouped by (none: the whole town). */
/** `person`: who held the lead post at the event's latest dispatch (docs/metrics.md). */
export const METRICS_GROUPS = ['town', 'board', 'post', 'village', 'grid', 'person'] as const;

export const MetricsQuery = z.object({
  /** Start of the range (inclusive), ISO 8601. */
  from: z.string().datetime({ offset: true }),
  /** End of the range (exclusive), ISO 8601; after `from`. */
  to: z.string().datetime({ offset: true }),
  groupBy: z.enum(METRICS_GROUPS).default('town'),
});
export type MetricsQuery = z.input<typeof MetricsQuery>;

/** An on-time figure: on time, late, and their rate (null when nothing counts either way). */
export const OnTime = z.object({
  onTime: z.number().int(),
  late: z.number().int(),
  rate: z.number().nullable(),
});
export type OnTime = z.infer<typeof OnTime>;

/** A share: how many of how many, and their rate (null when the denominator is 0). */
export const Share = z.object({
  count: z.number().int(),
  of: z.number().int(),
  rate: z.number().nullable(),
});
export type Share = z.infer<typeof Share>;

/** An average duration in minutes over `count` events (null when there are none). */
export const AverageMinutes = z.object({
  minutes: z.number().nullable(),
  count: z.number().int(),
});
export type AverageMinutes = z.infer<typeof AverageMinutes>;

export const FigureSet = z.object({
  /** Events reported in the range. */
  received: z.number().int(),
  /** 按时受理率. */
  acceptOnTime: OnTime,
  /** 按时派单率. */
  dispatchOnTime: OnTime,
  /** 按时到场率. */
  onSceneOnTime: OnTime,
  /** 按期办结率: closed late and open past their resolve limit both late. */
  closeOnTime: OnTime,
  /** 超期件数: closed late in the range plus open (not held) past their resolve limit in it. */
  overdue: z.object({ total: z.number().int(), closedLate: z.number().int(), openLate: z.number().int() }),
  /** 平均受理时长. */
  avgAccept: AverageMinutes,
  /** 平均处置时长. */
  avgHandle: AverageMinutes,
  /** 退回率: events returned to the district in the range ÷ events reported in it. */
  returnRate: Share,
  /** 返工率: events rejected at verification in the range ÷ events whose result came for verification in it. */
  reworkRate: Share,
  /**
   * 回访率: of the events closed in the range that are due a call (serious and above, and the town's
   * share of the rest), those whose reporter was reached (a follow-up result recorded since the close).
   */
  followUpRate: Share,
  /**
   * 满意率: of the calls that reached the reporter in the range (each event's latest), those satisfied or
   * basically satisfied; `unsatisfied` beside.
   */
  satisfaction: z.object({ count: z.number().int(), of: z.number().int(), rate: z.number().nullable(), unsatisfied: z.number().int() }),
  /**
   * 首报及时率: serious and especially serious events reported in the range whose first report is due,
   * filed by its limit (late: filed after it, or still owed past it at `now`).
   */
  firstReportOnTime: OnTime,
  /** Events newly held (挂账) in the range. */
  newlyHeld: z.number().int(),
  /** Of the events reported in the range: how many ended invalid, merged, escalated to the district (still there). */
  invalid: z.number().int(),
  merged: z.number().int(),
  escalated: z.number().int(),
  /** Events the district closed in the range (escalated ones): counted apart, not in 按期办结率. */
  districtClosed: z.number().int(),
});
export type FigureSet = z.infer<typeof FigureSet>;

export const FigureGroup = z.object({
  /** The group's key (board code, post id, village name, grid code, person id; '' for the town or no value). */
  key: z.string(),
  /** The group as people know it (the board's, post's, grid's or person's name; the village's own); '' for ''. */
  name: z.string(),
  current: FigureSet,
  previous: FigureSet,
  /** 挂账数: the group's open events held now (a snapshot at `now`, whatever the range). */
  heldNow: z.number().int(),
});
export type FigureGroup = z.infer<typeof FigureGroup>;

export const MetricsFigures = z.object({
  townCode: z.string(),
  groupBy: z.enum(METRICS_GROUPS),
  from: z.string(),
  to: z.string(),
  /** The previous period of the same length: [previousFrom, from). */
  previousFrom: z.string(),
  /** The instant the figures were computed at (open events are judged against it). */
  now: z.string(),
  groups: z.array(FigureGroup),
});
export type MetricsFigures = z.infer<typeof MetricsFigures>;

/** The figures a table shows, in the order the 考核评价 page, its export and the ranking use. */
export const FIGURE_COLUMNS = [
  'acceptOnTime',
  'dispatchOnTime',
  'onSceneOnTime',
  'closeOnTime',
  'overdue',
  'avgAccept',
  'avgHandle',
  'returnRate',
  'reworkRate',
  'followUpRate',
  'satisfaction',
  'firstReportOnTime',
  'received',
  'newlyHeld',
  'heldNow',
] as const;
/** The figures that can be opened to the events behind them (docs/metrics.md, "The events behind a figure"): every one the page shows. */
export const DRILL_FIGURES = FIGURE_COLUMNS;
export type DrillFigure = (typeof DRILL_FIGURES)[number];

/** The events behind one figure of one group over a range. */
export const MetricsEventsQuery = z.strictObject({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  groupBy: z.enum(METRICS_GROUPS).default('town'),
  /** The group's key, as in FigureGroup.key. */
  key: z.string().max(200),
  figure: z.enum(DRILL_FIGURES),
});
export type MetricsEventsQuery = z.input<typeof MetricsEventsQuery>;

/**
 * How an event counts in the figure: `late` / `on_time` (an on-time figure), `counted` (a count, or a
 * share's numerator), `not_counted` (in a share's denominator only), or a follow-up's rating.
 */
export const DRILL_MARKS = ['late', 'on_time', 'counted', 'not_counted', 'satisfied', 'basically_satisfied', 'unsatisfied'] as const;

export const MetricsEventRow = z.object({
  id: z.string(),
  title: z.string(),
  level: z.string(),
  state: z.string(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  /** The limit the figure judged it against, when there is one. */
  due: z.string().nullable(),
  /** The minutes an average took from it (平均受理时长, 平均处置时长). */
  minutes: z.number().nullable(),
  mark: z.enum(DRILL_MARKS),
});
export type MetricsEventRow = z.infer<typeof MetricsEventRow>;

export const MetricsEvents = z.object({
  figure: z.enum(DRILL_FIGURES),
  key: z.string(),
  /** At most 500, the ones that count against the figure first (late, not counted, unsatisfied). */
  rows: z.array(MetricsEventRow),
  /** How many there are in all (rows may be fewer). */
  total: z.number().int(),
});
export type MetricsEvents = z.infer<typeof MetricsEvents>;

export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

/** How a figure reads: a rate (0–1), minutes, or a count. */
export const FIGURE_KIND: Readonly<Record<FigureColumn, 'rate' | 'minutes' | 'count'>> = {
  acceptOnTime: 'rate',
  dispatchOnTime: 'rate',
  onSceneOnTime: 'rate',
  closeOnTime: 'rate',
  overdue: 'count',
  avgAccept: 'minutes',
  avgHandle: 'minutes',
  returnRate: 'rate',
  reworkRate: 'rate',
  followUpRate: 'rate',
  satisfaction: 'rate',
  firstReportOnTime: 'rate',
  received: 'count',
  newlyHeld: 'count',
  heldNow: 'count',
};

/** Whether more is better (a ranking's "best first" sorts this way). */
export const FIGURE_HIGHER_IS_BETTER: Readonly<Record<FigureColumn, boolean>> = {
  acceptOnTime: true,
  dispatchOnTime: true,
  onSceneOnTime: true,
  closeOnTime: true,
  overdue: false,
  avgAccept: false,
  avgHandle: false,
  returnRate: false,
  reworkRate: false,
  followUpRate: true,
  satisfaction: true,
  firstReportOnTime: true,
  received: true,
  newlyHeld: false,
  heldNow: false,
};

/** A figure's value for one group and period: the rate, the minutes or the count (null: nothing counted). */
export function figureValue(group: { current: FigureSet; previous: FigureSet; heldNow: number }, column: FigureColumn, period: 'current' | 'previous' = 'current'): number | null {
  const s = group[period];
  switch (column) {
    case 'overdue':
      return s.overdue.total;
    case 'avgAccept':
    case 'avgHandle':
      return s[column].minutes;
    case 'received':
    case 'newlyHeld':
      return s[column];
    case 'heldNow':
      return period === 'current' ? group.heldNow : null;
    default:
      return s[column].rate;
  }
}

/** What a figure's value stands on: "on time / counted" for a rate, the count for an average. */
export function figureBasis(s: FigureSet, column: FigureColumn): { count: number; of: number } | null {
  switch (column) {
    case 'acceptOnTime':
    case 'dispatchOnTime':
    case 'onSceneOnTime':
    case 'closeOnTime':
    case 'firstReportOnTime':
      return { count: s[column].onTime, of: s[column].onTime + s[column].late };
    case 'returnRate':
    case 'reworkRate':
    case 'followUpRate':
    case 'satisfaction':
      return { count: s[column].count, of: s[column].of };
    default:
      return null;
  }
}
