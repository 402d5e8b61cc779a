/**
 * The API's shapes for 历史事件 (issue #15): every event, open or closed, found by text (Chinese
 * substrings, pinyin initials of the title) and by filters, newest first, a page at a time by
 * cursor; the .xlsx export of what a search finds. Any reader role.
 */
import { z } from 'zod';
import { Id, IsoTime, Level, Source, State } from './schemas';

/** The most a count counts exactly; past it the page says "more than". */
export const HISTORY_TOTAL_CAP = 5_000;
/** At most this many events go into one export (a narrower search exports the rest). */
export const HISTORY_EXPORT_MAX_ROWS = 50_000;

export const HistoryFilter = z.strictObject({
  /** Words (space between them: all must be found): Chinese or any text, or pinyin initials of the title. */
  text: z.string().trim().max(100).optional(),
  /** Reported from this instant (inclusive) to that one (exclusive). */
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  /** A category of the catalogue (大类): any of its items. */
  categoryCode: z.string().min(1).max(64).optional(),
  levels: z.array(Level).max(4).optional(),
  states: z.array(State).max(10).optional(),
  sources: z.array(Source).max(6).optional(),
  gridCode: Id.optional(),
  /** A village (村/社区): any of its grids. */
  village: z.string().min(1).max(64).optional(),
  /** The lead post, or any post it was dispatched to. */
  postId: Id.optional(),
  /** true: only events past a time limit (open and overdue now, or finished after the limit); false: only the others. */
  overdue: z.boolean().optional(),
  /** true: only held events (挂账, waiting for their review date); false: only the others. */
  held: z.boolean().optional(),
});
export type HistoryFilter = z.infer<typeof HistoryFilter>;

export const HistorySearchRequest = HistoryFilter.extend({
  /** Where the last page ended (nextCursor); absent: the newest. */
  cursor: z.string().max(20).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type HistorySearchRequest = z.input<typeof HistorySearchRequest>;

export const HistoryRow = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  level: Level,
  state: State,
  source: Source,
  categoryCode: z.string(),
  categoryName: z.string(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  village: z.string().nullable(),
  leadPostName: z.string().nullable(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  isOpen: z.boolean(),
  overdue: z.boolean(),
  /** 挂账: the review date (Beijing, YYYY-MM-DD) while it is held, else null. */
  holdReviewBy: z.string().nullable(),
});
export type HistoryRow = z.infer<typeof HistoryRow>;

export const HistoryPage = z.object({
  rows: z.array(HistoryRow),
  /** The cursor of the next (older) page, or null at the end. */
  nextCursor: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

/**
 * How many events a search finds, asked apart from its page (the page comes first: counting a broad
 * search reads every match, the page stops at its fiftieth).
 */
export const HistoryCount = z.object({
  /** Counted up to HISTORY_TOTAL_CAP. */
  total: z.number(),
  /** True when there are more than `total`. */
  capped: z.boolean(),
});
export type HistoryCount = z.infer<typeof HistoryCount>;

/** The catalogue's categories (大类), for the filter. */
export const HistoryCategory = z.object({ code: z.string(), name: z.string() });
export type HistoryCategory = z.infer<typeof HistoryCategory>;
