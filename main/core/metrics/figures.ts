/**
 * 考核评价 (issue #16): the assessment figures, each computed here and only here, as docs/metrics.md
 * defines them. A read model over the event table and its timeline (the SQL is metrics-queries.ts): it
 * writes nothing.
 */
import type { FigureGroup, FigureSet, MetricsEvents, MetricsFigures, OnTime, Share } from '../../../preload/contract/metrics-schemas';
import { MetricsEventsQuery, MetricsQuery } from '../../../preload/contract/metrics-schemas';
import type { FileResponse } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import { beijingDate } from '../beijing-time';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { permit } from '../kernel/permissions';
import { figureEvents } from './figure-events';
import { figuresWorkbook } from './figures-export';
import { FollowUpQueries } from './follow-up-queries';
import type { MetricsGroupBy, Range } from './metrics-queries';
import { ID_SEP, MetricsQueries, TIMELINE_HELD, TIMELINE_JUDGED, TIMELINE_RETURNED, TIMELINE_REWORKED, UNIT_SEP } from './metrics-queries';

export type { MetricsGroupBy, Range } from './metrics-queries';

/**
 * 回访's sampling rule, handed in by app-core.ts from the events feature (event-follow-up.ts): the
 * town's share, and whether a closed event of a level is due a call under it.
 */
export interface FollowUpRule {
  share(sql: Sql): Promise<number>;
  due(eventId: string, level: string, sharePercent: number): boolean;
}

const n = (v: number | null | undefined): number => v ?? 0;
const rate = (count: number, of: number): number | null => (of > 0 ? count / of : null);
const onTime = (on: number, late: number): OnTime => ({ onTime: on, late, rate: rate(on, on + late) });
const share = (count: number, of: number): Share => ({ count, of, rate: rate(count, of) });
function emptySet(): FigureSet {
  return {
    received: 0,
    acceptOnTime: onTime(0, 0),
    dispatchOnTime: onTime(0, 0),
    onSceneOnTime: onTime(0, 0),
    closeOnTime: onTime(0, 0),
    overdue: { total: 0, closedLate: 0, openLate: 0 },
    avgAccept: { minutes: null, count: 0 },
    avgHandle: { minutes: null, count: 0 },
    returnRate: share(0, 0),
    reworkRate: share(0, 0),
    followUpRate: share(0, 0),
    firstReportOnTime: onTime(0, 0),
    satisfaction: { ...share(0, 0), unsatisfied: 0 },
    newlyHeld: 0,
    invalid: 0,
    merged: 0,
    escalated: 0,
    districtClosed: 0,
  };
}

/** The previous period of the same length: [from − (to − from), from). */
export function previousRange(r: Range): Range {
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  return { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() };
}

/** Every figure of one range, per group key, from the queries above. */
export async function figureSets(
  q: MetricsQueries,
  sql: Sql,
  groupBy: MetricsGroupBy,
  townCode: string,
  r: Range,
  now: string,
  rule: FollowUpRule,
  fq: FollowUpQueries = new FollowUpQueries(),
): Promise<Map<string, FigureSet>> {
  const sets = new Map<string, FigureSet>();
  const at = (k: string): FigureSet => {
    let s = sets.get(k);
    if (!s) sets.set(k, (s = emptySet()));
    return s;
  };
  // 退回率, 返工率, 新增挂账: the timeline rows of the range folded per event (each event once), then per
  // group. Most of their events were reported in the range: their groups come with the reported figures.
  const bits = new Map<string, number>();
  const rows = await q.timeline(sql, r);
  if (rows !== '')
    for (const row of rows.split(ID_SEP)) {
      const id = row.slice(0, -2);
      bits.set(id, (bits.get(id) ?? 0) | Number(row.slice(-1)));
    }
  const timeline = new Map<string, { returned: number; reworked: number; judged: number; held: number }>();
  const fold = (k: string, b: number): void => {
    at(k);
    let t = timeline.get(k);
    if (!t) timeline.set(k, (t = { returned: 0, reworked: 0, judged: 0, held: 0 }));
    if (b & TIMELINE_RETURNED) t.returned++;
    if (b & TIMELINE_REWORKED) t.reworked++;
    if (b & TIMELINE_JUDGED) t.judged++;
    if (b & TIMELINE_HELD) t.held++;
  };
  for (const row of await q.reported(sql, groupBy, townCode, r, now, bits.size > 0)) {
    const s = at(row.k);
    s.received = row.received;
    s.acceptOnTime = onTime(n(row.acc_on), n(row.acc_late));
    s.dispatchOnTime = onTime(n(row.disp_on), n(row.disp_late));
    s.onSceneOnTime = onTime(n(row.scene_on), n(row.scene_late));
    s.avgAccept = { minutes: row.acc_n > 0 ? row.acc_minutes : null, count: row.acc_n };
    s.invalid = n(row.invalid);
    s.merged = n(row.merged);
    s.escalated = n(row.escalated);
    s.firstReportOnTime = onTime(n(row.first_on), n(row.first_late));
    if (row.ids)
      for (const id of row.ids.split(ID_SEP)) {
        const b = bits.get(id);
        if (b === undefined) continue;
        fold(row.k, b);
        bits.delete(id);
      }
  }
  // The others (reported before the range), by id; another town's events are not found.
  if (bits.size > 0) for (const row of await q.groupKeys(sql, groupBy, townCode, [...bits.keys()])) fold(row.k, bits.get(row.id)!);
  // 回访率: the sampling rule (event-follow-up.ts) applied here, as SQLite cannot hash the event id.
  const sharePercent = await rule.share(sql);
  for (const row of await q.closed(sql, groupBy, townCode, r, true)) {
    const s = at(row.k);
    s.closeOnTime = onTime(n(row.on_time), n(row.late));
    s.overdue = { total: n(row.late), closedLate: n(row.late), openLate: 0 };
    s.avgHandle = { minutes: row.handle_n > 0 ? row.handle_minutes : null, count: row.handle_n };
    s.districtClosed = n(row.district);
    let called = 0;
    let of = 0;
    for (const call of row.calls ? row.calls.split(ID_SEP) : []) {
      const sep = call.indexOf(UNIT_SEP);
      if (!rule.due(call.slice(sep + 1), call.slice(1, sep), sharePercent)) continue;
      if (call[0] === '1') called++;
      of++;
    }
    if (of > 0) s.followUpRate = share(called, of);
  }
  for (const row of await q.openLate(sql, groupBy, townCode, r, now)) {
    const s = at(row.k);
    s.closeOnTime = onTime(s.closeOnTime.onTime, s.closeOnTime.late + row.n);
    s.overdue = { total: s.overdue.closedLate + row.n, closedLate: s.overdue.closedLate, openLate: row.n };
  }
  for (const [k, s] of sets) {
    const t = timeline.get(k);
    s.returnRate = share(n(t?.returned), s.received);
    s.reworkRate = share(n(t?.reworked), n(t?.judged));
    s.newlyHeld = n(t?.held);
  }
  for (const row of await fq.calls(sql, groupBy, townCode, r)) {
    at(row.k).satisfaction = { ...share(n(row.satisfied) + n(row.basically), row.reached), unsatisfied: n(row.unsatisfied) };
  }
  return sets;
}

/** A range asked for, as UTC instants; refused when it ends before it starts. */
function checkedRange(from: string, to: string): Range {
  const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  if (range.to <= range.from) refuse('invalid', 'the range ends before it starts', { from: range.from, to: range.to });
  return range;
}

/** What the figures need of the town: its code, and the names of its groups. */
export interface MetricsTown {
  readonly town: { readonly townCode: string; readonly centreName?: string };
  readonly boards: readonly { readonly code: string; readonly name: string }[];
  readonly posts: ReadonlyMap<string, { readonly name: string }>;
  readonly grids: ReadonlyMap<string, { readonly name: string }>;
  readonly people: ReadonlyMap<string, { readonly name: string }>;
}

/** A group's name as people know it; '' for the group '' (no grid, no lead post, never dispatched). */
export function groupName(town: MetricsTown, groupBy: MetricsGroupBy, key: string): string {
  if (key === '') return '';
  switch (groupBy) {
    case 'board':
      return town.boards.find((b) => b.code === key)?.name ?? key;
    case 'post':
      return town.posts.get(key)?.name ?? key;
    case 'grid':
      return town.grids.get(key)?.name ?? key;
    case 'person':
      return town.people.get(key)?.name ?? key;
    default:
      return key; // a village's key is its name
  }
}

/** The assessment figures: the one place every screen, export and wall panel takes them from. */
export class AssessmentFigures {
  private readonly q = new MetricsQueries();

  constructor(
    private readonly kernel: Kernel,
    private readonly town: MetricsTown,
    private readonly followUp: FollowUpRule,
  ) {}

  /** The figures over [from, to) and the previous period of the same length, per group. */
  async figures(actor: Actor, input: unknown): Promise<MetricsFigures> {
    permit(actor, 'read');
    const parsed = MetricsQuery.safeParse(input);
    if (!parsed.success) refuse('invalid', parsed.error.issues.map((i) => i.message).join('; '));
    const query = parsed.data;
    return this.compute(query.groupBy, checkedRange(query.from, query.to));
  }

  /** The events behind one figure of one group (the 考核评价 page's drill-down). */
  async events(actor: Actor, input: unknown): Promise<MetricsEvents> {
    permit(actor, 'read');
    const parsed = MetricsEventsQuery.safeParse(input);
    if (!parsed.success) refuse('invalid', parsed.error.issues.map((i) => i.message).join('; '));
    const q = parsed.data;
    const range = checkedRange(q.from, q.to);
    const now = this.kernel.clock.now().toISOString();
    const townCode = this.town.town.townCode;
    const found = await this.kernel.read((sql) => figureEvents(sql, { groupBy: q.groupBy, key: q.key, figure: q.figure, townCode, range, now }, this.followUp));
    return { figure: q.figure, key: q.key, ...found };
  }

  /** The figures as an .xlsx (every group, the previous period beside), the same numbers as the page. */
  async exportXlsx(actor: Actor, input: unknown): Promise<FileResponse> {
    const figures = await this.figures(actor, input);
    const data = await figuresWorkbook(figures, { centreName: this.town.town.centreName ?? '', exportedAt: this.kernel.clock.now() });
    const first = beijingDate(new Date(figures.from));
    const last = beijingDate(new Date(Date.parse(figures.to) - 1));
    return {
      fileName: `考核评价-${first}至${last}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      dataBase64: data.toString('base64'),
    };
  }

  /** The same, without the actor (the core's own callers: the wall, exports). */
  async compute(groupBy: MetricsGroupBy, range: Range): Promise<MetricsFigures> {
    const townCode = this.town.town.townCode;
    const now = this.kernel.clock.now().toISOString();
    const previous = previousRange(range);
    // The two periods side by side, on one snapshot (Db.together): a month's figures read tens of
    // thousands of rows, and commands go on meanwhile.
    const [[current, held], before] = await this.kernel.together(
      async (sql) =>
        [await figureSets(this.q, sql, groupBy, townCode, range, now, this.followUp), new Map((await this.q.heldNow(sql, groupBy, townCode)).map((r) => [r.k, r.n]))] as const,
      (sql) => figureSets(this.q, sql, groupBy, townCode, previous, now, this.followUp),
    );
    const keys = new Set<string>([...current.keys(), ...before.keys(), ...held.keys()]);
    if (groupBy === 'town') keys.add('');
    const groups: FigureGroup[] = [...keys].sort().map((key) => ({
      key,
      name: groupName(this.town, groupBy, key),
      current: current.get(key) ?? emptySet(),
      previous: before.get(key) ?? emptySet(),
      heldNow: held.get(key) ?? 0,
    }));
    return { townCode, groupBy, from: range.from, to: range.to, previousFrom: previous.from, now, groups };
  }

  /**
   * 按时受理率 and 按期办结率 of the whole town over [from, to): the two rates the wall shows (its
   * windows end at now, now included, so it passes `to` = now + 1 ms).
   */
  async townRates(sql: Sql, range: Range): Promise<{ accept: OnTime; close: OnTime }> {
    const townCode = this.town.town.townCode;
    const now = this.kernel.clock.now().toISOString();
    const reported = (await this.q.reported(sql, 'town', townCode, range, now))[0];
    const closed = (await this.q.closed(sql, 'town', townCode, range))[0];
    const open = (await this.q.openLate(sql, 'town', townCode, range, now))[0];
    return {
      accept: onTime(n(reported?.acc_on), n(reported?.acc_late)),
      close: onTime(n(closed?.on_time), n(closed?.late) + n(open?.n)),
    };
  }
}
