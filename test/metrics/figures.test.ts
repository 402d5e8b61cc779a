/**
 * 考核评价 (issue #16): a month of events on the sample town 白鹭镇, each with a known outcome, made
 * through the core's own commands on a manual clock; every figure of docs/metrics.md is then computed
 * again here from the stored rows with plain loops (not the module's SQL) and compared — for the town
 * and per grid, with the previous period beside it, including the open events past their limit and the
 * held (挂账) one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { FOLLOW_UP_RULE, isSampled } from '../../main/core/events/event-follow-up';
import type { Level } from '../../main/core/events/event-lifecycle';
import type { ManualClock } from '../../main/core/kernel/clock';
import { AssessmentFigures } from '../../main/core/metrics/figures';
import { callApi } from '../../main/ipc/handlers';
import type { FigureSet, MetricsFigures } from '../../preload/contract/metrics-schemas';
import type { SampleTown } from '../support/sample-town-core';
import { buildMonth, MIN, MONTH, type Month, type Row, type Step } from './month-scenario';

let m: Month;
let core: Core;
let town: SampleTown;
let clock: ManualClock;
let figures: AssessmentFigures;

beforeAll(async () => {
  m = await buildMonth();
  ({ core, town, clock } = m);
  figures = new AssessmentFigures(core.kernel, core.town, FOLLOW_UP_RULE);
}, 120_000);

afterAll(() => m.close());
/** Every figure of one range from the rows, with plain loops (docs/metrics.md). */
function expected(rows: Row[], steps: Step[], from: string, to: string, now: string, sharePercent = 100): FigureSet {
  const inRange = (t: string | null): t is string => t !== null && t >= from && t < to;
  const late = (due: string, stop: string | null, running: boolean, r: Row): 0 | 1 | null => {
    if (stop) return stop <= due ? 1 : 0;
    if (!running) return null;
    if (r.clock_paused_at) return r.clock_paused_at > due ? 0 : null;
    return due < now ? 0 : null;
  };
  const s = {
    received: 0,
    acc: [0, 0],
    disp: [0, 0],
    scene: [0, 0],
    close: [0, 0],
    openLate: 0,
    accMinutes: [] as number[],
    handleMinutes: [] as number[],
    invalid: 0,
    merged: 0,
    escalated: 0,
    district: 0,
  };
  const count = (pair: number[], ok: 0 | 1 | null): void => {
    if (ok === 1) pair[0]! += 1;
    if (ok === 0) pair[1]! += 1;
  };
  const minutes = (a: string, b: string): number => (Date.parse(a) - Date.parse(b)) / MIN;
  const until = to < now ? to : now;
  const districtClosed = (r: Row): boolean => steps.some((t) => t.event_id === r.id && t.action === 'district_close');
  for (const r of rows) {
    const waiting = r.state === 'reported' || r.state === 'accepted';
    if (inRange(r.reported_at)) {
      s.received += 1;
      if (r.accept_due) {
        const byDistrict = r.state === 'closed' && districtClosed(r);
        count(s.acc, late(r.accept_due, r.dispatched_at ?? (byDistrict ? null : r.closed_at), waiting, r));
        count(s.disp, late(r.accept_due, r.dispatched_at, waiting, r));
      }
      if (r.on_scene_due) count(s.scene, late(r.on_scene_due, r.arrived_at ?? r.resolved_at, r.state === 'dispatched' || r.state === 'in_progress', r));
      if (r.accepted_at) s.accMinutes.push(minutes(r.accepted_at, r.reported_at));
      if (r.state === 'invalid') s.invalid += 1;
      if (r.state === 'merged') s.merged += 1;
      if (r.state === 'escalated') s.escalated += 1;
    }
    if (r.state === 'closed' && inRange(r.closed_at)) {
      if (districtClosed(r)) s.district += 1;
      else {
        count(s.close, !r.resolve_due || r.closed_at <= r.resolve_due ? 1 : 0);
        if (r.dispatched_at) s.handleMinutes.push(minutes(r.closed_at, r.dispatched_at));
      }
    }
    const ownOpen = r.is_open === 1 && r.carried_over === 0 && r.state !== 'returned' && r.state !== 'escalated';
    if (ownOpen && r.resolve_due && r.resolve_due >= from && r.resolve_due < until) s.openLate += 1;
  }
  const events = (...actions: string[]): number =>
    new Set(steps.filter((t) => actions.includes(t.action) && inRange(t.at) && rows.some((r) => r.id === t.event_id)).map((t) => t.event_id)).size;
  const rate = (a: number, b: number): number | null => (b > 0 ? a / b : null);
  // 回访率 and 满意率 (docs/metrics.md).
  const due = rows.filter((r) => r.state === 'closed' && inRange(r.closed_at) && isSampled(r.id, r.level as Level, sharePercent));
  const called = due.filter((r) => steps.some((t) => t.event_id === r.id && t.action === 'follow_up' && t.at >= r.closed_at!)).length;
  const latest = new Map<string, string>();
  for (const t of steps) if (t.action === 'follow_up' && inRange(t.at) && rows.some((r) => r.id === t.event_id)) latest.set(t.event_id, JSON.parse(t.payload).satisfaction);
  const ratings = [...latest.values()];
  const pleased = ratings.filter((x) => x === 'satisfied' || x === 'basically_satisfied').length;
  // 首报及时率: serious and above with a first report due; late if filed after it or still owed past it.
  const first = [0, 0];
  for (const r of rows) {
    if (!inRange(r.reported_at) || r.level_rank < 2 || !r.first_report_due) continue;
    if (r.first_report_at) count(first, r.first_report_at <= r.first_report_due ? 1 : 0);
    else if (r.first_report_due < now) count(first, 0);
  }
  const onTime = ([on, lateN]: number[]) => ({ onTime: on!, late: lateN!, rate: rate(on!, on! + lateN!) });
  const avg = (xs: number[]) => ({ minutes: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null, count: xs.length });
  return {
    received: s.received,
    acceptOnTime: onTime(s.acc),
    dispatchOnTime: onTime(s.disp),
    onSceneOnTime: onTime(s.scene),
    closeOnTime: onTime([s.close[0]!, s.close[1]! + s.openLate]),
    overdue: { total: s.close[1]! + s.openLate, closedLate: s.close[1]!, openLate: s.openLate },
    avgAccept: avg(s.accMinutes),
    avgHandle: avg(s.handleMinutes),
    returnRate: { count: events('return'), of: s.received, rate: rate(events('return'), s.received) },
    reworkRate: { count: events('reject', 'reopen'), of: events('report_back', 'reopen'), rate: rate(events('reject', 'reopen'), events('report_back', 'reopen')) },
    followUpRate: { count: called, of: due.length, rate: rate(called, due.length) },
    firstReportOnTime: onTime(first),
    satisfaction: { count: pleased, of: ratings.length, rate: rate(pleased, ratings.length), unsatisfied: ratings.filter((x) => x === 'unsatisfied').length },
    newlyHeld: events('hold'),
    invalid: s.invalid,
    merged: s.merged,
    escalated: s.escalated,
    districtClosed: s.district,
  };
}

/** Compares a computed set with the expected one; averages to a millisecond. */
function same(actual: FigureSet, wanted: FigureSet, label: string): void {
  const strip = (f: FigureSet) => ({ ...f, avgAccept: { count: f.avgAccept.count }, avgHandle: { count: f.avgHandle.count } });
  expect(strip(actual), label).toEqual(strip(wanted));
  for (const k of ['avgAccept', 'avgHandle'] as const) {
    if (wanted[k].minutes === null) expect(actual[k].minutes, `${label} ${k}`).toBeNull();
    else expect(actual[k].minutes!, `${label} ${k}`).toBeCloseTo(wanted[k].minutes, 4);
  }
}

async function stored(): Promise<{ rows: Row[]; steps: Step[] }> {
  return core.db.read(async (sql) => ({
    rows: await sql.all<Row>(`SELECT * FROM event`),
    steps: await sql.all<Step>(`SELECT event_id, action, at, payload FROM event_timeline ORDER BY id`),
  }));
}

describe('assessment figures', () => {
  it('the town over a month, and the previous period, equal the figures counted from the rows', async () => {
    const got: MetricsFigures = await figures.figures(town.officer, { ...MONTH });
    const { rows, steps } = await stored();
    const now = clock.now().toISOString();
    expect(got.groups).toHaveLength(1);
    const g = got.groups[0]!;
    same(g.current, expected(rows, steps, MONTH.from, MONTH.to, now), 'November');
    same(g.previous, expected(rows, steps, got.previousFrom, MONTH.from, now), 'October');
    expect(got.previousFrom).toBe('2026-10-01T16:00:00.000Z');

    // The known outcomes, by name.
    const c = g.current;
    expect(c.received).toBe(13); // e1–e13
    expect(c.invalid).toBe(1);
    expect(c.merged).toBe(1);
    expect(c.escalated).toBe(1); // e13; e12 the district closed
    expect(c.districtClosed).toBe(1);
    // Accept (the desk's clock, stopped by the dispatch or the desk's close): e1, e3, e4 (invalid), e5, e6 (merged),
    // e8, e9, e11, e13 on time; e2 late and e10 still waiting past its limit; e7 (returned) and e12 (escalated) do not count.
    expect(c.acceptOnTime).toMatchObject({ onTime: 9, late: 2 });
    // Dispatch: e1, e5, e8, e9, e11, e13 on time; e2 late, e10 waiting past its limit.
    expect(c.dispatchOnTime).toMatchObject({ onTime: 6, late: 2 });
    // Closure: e1, e2 (a short rework), e3, e5 on time; e11 closed late; e9 open past its limit;
    // e8 held: counted apart, not late; e13 at the district and e12 closed by it: not the town's.
    expect(c.overdue).toEqual({ total: 2, closedLate: 1, openLate: 1 });
    expect(c.closeOnTime).toMatchObject({ onTime: 4, late: 2 });
    expect(g.heldNow).toBe(1);
    expect(c.newlyHeld).toBe(1);
    expect(c.returnRate).toMatchObject({ count: 1, of: 13 });
    expect(c.reworkRate).toMatchObject({ count: 1, of: 4 }); // e2 rejected; results of e1, e2, e5, e11
    expect(g.previous).toMatchObject({ received: 2, acceptOnTime: { onTime: 1, late: 1 } });
    // 回访: e1, e2, e5 reached of the five closed by the town (e3 unreachable, e11 not called; e12 the district's
    // close is due a call too); e2's second rating (satisfied) is the one that counts.
    expect(c.followUpRate).toMatchObject({ count: 3, of: 6 });
    expect(c.satisfaction).toMatchObject({ count: 3, of: 3, unsatisfied: 0 });
    // 首报: e1 filed at once; e11 filed the next day and e9 never — both late.
    expect(c.firstReportOnTime).toMatchObject({ onTime: 1, late: 2 });
  });

  it('per grid, each grid equals its own rows, and the grids add up to the town', async () => {
    const got = await figures.figures(town.officer, { ...MONTH, groupBy: 'grid' });
    const { rows, steps } = await stored();
    const now = clock.now().toISOString();
    const grids = town.gridCodes.slice(0, 3);
    expect(got.groups.map((x) => x.key)).toEqual(grids);
    for (const grid of grids) {
      const group = got.groups.find((x) => x.key === grid)!;
      const own = rows.filter((r) => r.grid_code === grid);
      same(group.current, expected(own, steps, MONTH.from, MONTH.to, now), `grid ${grid}`);
      same(group.previous, expected(own, steps, got.previousFrom, MONTH.from, now), `grid ${grid} before`);
      expect(group.heldNow).toBe(own.filter((r) => r.is_open && r.carried_over).length);
    }
    const total = (await figures.figures(town.officer, { ...MONTH })).groups[0]!.current;
    expect(got.groups.reduce((n, x) => n + x.current.closeOnTime.late, 0)).toBe(total.closeOnTime.late);
    expect(got.groups.find((x) => x.key === town.gridCodes[2])!.current.overdue).toEqual({ total: 1, closedLate: 1, openLate: 0 }); // e11; e8 held
  });

  it('per board, post and village, the groups add up to the town, each village to its grids', async () => {
    const town1 = (await figures.figures(town.officer, { ...MONTH })).groups[0]!.current;
    const sum = (groups: MetricsFigures['groups'], f: (s: FigureSet) => number): number => groups.reduce((n, g) => n + f(g.current), 0);
    for (const groupBy of ['board', 'post', 'village', 'person'] as const) {
      const got = await figures.figures(town.officer, { ...MONTH, groupBy });
      expect(got.groups.length, groupBy).toBeGreaterThan(0);
      for (const f of [
        (s: FigureSet) => s.received,
        (s: FigureSet) => s.acceptOnTime.late,
        (s: FigureSet) => s.closeOnTime.onTime,
        (s: FigureSet) => s.closeOnTime.late,
        (s: FigureSet) => s.reworkRate.count,
        (s: FigureSet) => s.followUpRate.of,
        (s: FigureSet) => s.satisfaction.count,
      ]) {
        expect(sum(got.groups, f), groupBy).toBe(f(town1));
      }
    }
    // A village's figures are its grids' together.
    const villages = await figures.figures(town.officer, { ...MONTH, groupBy: 'village' });
    const grids = await figures.figures(town.officer, { ...MONTH, groupBy: 'grid' });
    for (const v of villages.groups) {
      const own = grids.groups.filter((g) => core.town.grids.get(g.key)?.village === v.key);
      expect(
        sum(own, (s) => s.received),
        v.key,
      ).toBe(v.current.received);
      expect(
        sum(own, (s) => s.closeOnTime.late),
        v.key,
      ).toBe(v.current.closeOnTime.late);
    }
  });

  it("the wall's 受理及时率 and 办结及时率 are this module's 按时受理率 and 按期办结率", async () => {
    const sla = await core.wall.sla(town.officer);
    const d30 = sla.periods.find((p) => p.period === '30d')!;
    // The wall's 30 days: from Beijing midnight 29 days ago up to now, now included.
    const got = await core.metrics.compute('town', { from: '2026-10-31T16:00:00.000Z', to: new Date(clock.now().getTime() + 1).toISOString() });
    const c = got.groups[0]!.current;
    expect(d30.accept).toEqual({ onTime: c.acceptOnTime.onTime, late: c.acceptOnTime.late });
    expect(d30.close).toEqual({ onTime: c.closeOnTime.onTime, late: c.closeOnTime.late });
    expect(d30.close.late).toBe(2); // e11 closed late, e9 open past its limit; e8 held is not late
  });

  it('metrics:figures answers the same at the door, to readers only, and refuses a malformed request', async () => {
    const viaApi = await callApi(core, { actor: town.officer }, 'metrics:figures', { ...MONTH, groupBy: 'board' });
    expect(viaApi).toMatchObject({ ok: true });
    expect((viaApi as { data: unknown }).data).toEqual(await figures.figures(town.officer, { ...MONTH, groupBy: 'board' }));
    // A wall screen's viewer reads the wall, not the assessment (permission 'read').
    await expect(figures.figures({ id: town.officer.id, roles: ['wall_viewer'] }, { ...MONTH })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await callApi(core, { actor: town.officer }, 'metrics:figures', { ...MONTH, groupBy: 'nobody' })).toMatchObject({ ok: false });
    expect(await callApi(core, { actor: town.officer }, 'metrics:figures', { from: MONTH.to, to: MONTH.from })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('a bad range is refused and nothing is read past it', async () => {
    await expect(figures.figures(town.officer, { from: MONTH.to, to: MONTH.from })).rejects.toMatchObject({ code: 'invalid' });
    await expect(figures.figures(town.officer, { from: 'yesterday', to: MONTH.to })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('runs on the indexes (no full scan of the event table or its timeline)', async () => {
    const plans = await core.db.read(async (sql) => {
      const out: string[] = [];
      const orig = sql.all.bind(sql);
      const spy = {
        ...sql,
        get: sql.get.bind(sql),
        all: async <T>(text: string, params?: readonly unknown[]): Promise<T[]> => {
          out.push((await orig<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, params)).map((r) => r.detail).join(' | '));
          return orig<T>(text, params);
        },
      };
      const { figureSets } = await import('../../main/core/metrics/figures');
      const { MetricsQueries } = await import('../../main/core/metrics/metrics-queries');
      for (const groupBy of ['town', 'village'] as const)
        await figureSets(new MetricsQueries(), spy, groupBy, core.town.town.townCode, MONTH, clock.now().toISOString(), FOLLOW_UP_RULE);
      return out;
    });
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      expect(p).not.toMatch(/SCAN (e|event|t|event_timeline)\b(?! USING)/);
      expect(p).toMatch(/USING (COVERING )?INDEX/);
      // The timeline is searched by its event or by an action within the range, never by the action alone.
      expect(p).not.toMatch(/idx_timeline_action \(action=\?\)/);
    }
  });
});
