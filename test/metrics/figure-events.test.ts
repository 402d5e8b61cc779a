/**
 * 考核评价 (issue #16): the events behind every figure, and the .xlsx export, on the month of
 * month-scenario.ts. Each figure's list must hold exactly the events it counted (its on-time and late
 * ones, its numerator and denominator), for the town, per grid and per person; the export's cells must
 * be the page's numbers.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../main/ipc/handlers';
import type { DrillFigure, FigureGroup, MetricsEvents, MetricsFigures } from '../../preload/contract/metrics-schemas';
import { FIGURE_COLUMNS, FIGURE_KIND, figureValue } from '../../preload/contract/metrics-schemas';
import { buildMonth, MONTH, type Month } from './month-scenario';

let m: Month;

beforeAll(async () => {
  m = await buildMonth();
}, 120_000);

afterAll(() => m.close());

const marks = (e: MetricsEvents, mark: string) => e.rows.filter((r) => r.mark === mark).length;

async function drill(groupBy: MetricsFigures['groupBy'], key: string, figure: DrillFigure): Promise<MetricsEvents> {
  return m.core.metrics.events(m.town.officer, { ...MONTH, groupBy, key, figure });
}

/** Every figure of one group against the events its list holds. */
async function checkGroup(groupBy: MetricsFigures['groupBy'], g: FigureGroup): Promise<void> {
  const c = g.current;
  const label = `${groupBy} ${g.key}`;
  for (const figure of ['acceptOnTime', 'dispatchOnTime', 'onSceneOnTime', 'closeOnTime', 'firstReportOnTime'] as const) {
    const e = await drill(groupBy, g.key, figure);
    expect({ onTime: marks(e, 'on_time'), late: marks(e, 'late') }, `${label} ${figure}`).toEqual({ onTime: c[figure].onTime, late: c[figure].late });
    expect(e.total).toBe(e.rows.length);
  }
  const overdue = await drill(groupBy, g.key, 'overdue');
  expect(overdue.total, `${label} overdue`).toBe(c.overdue.total);
  expect(marks(overdue, 'late')).toBe(c.overdue.total);
  expect((await drill(groupBy, g.key, 'received')).total, `${label} received`).toBe(c.received);
  for (const figure of ['avgAccept', 'avgHandle'] as const) {
    const e = await drill(groupBy, g.key, figure);
    expect(e.total, `${label} ${figure}`).toBe(c[figure].count);
    if (e.total > 0) expect(e.rows.reduce((a, r) => a + r.minutes!, 0) / e.total).toBeCloseTo(c[figure].minutes!, 6);
  }
  expect((await drill(groupBy, g.key, 'returnRate')).total, `${label} returnRate`).toBe(c.returnRate.count);
  expect(marks(await drill(groupBy, g.key, 'reworkRate'), 'counted'), `${label} reworkRate`).toBe(c.reworkRate.count);
  const calls = await drill(groupBy, g.key, 'followUpRate');
  expect({ count: marks(calls, 'counted'), of: calls.total }, `${label} followUpRate`).toEqual({ count: c.followUpRate.count, of: c.followUpRate.of });
  const rated = await drill(groupBy, g.key, 'satisfaction');
  expect({ count: marks(rated, 'satisfied') + marks(rated, 'basically_satisfied'), of: rated.total, unsatisfied: marks(rated, 'unsatisfied') }, `${label} satisfaction`).toEqual({
    count: c.satisfaction.count,
    of: c.satisfaction.of,
    unsatisfied: c.satisfaction.unsatisfied,
  });
  expect((await drill(groupBy, g.key, 'newlyHeld')).total, `${label} newlyHeld`).toBe(c.newlyHeld);
  expect((await drill(groupBy, g.key, 'heldNow')).total, `${label} heldNow`).toBe(g.heldNow);
}

describe('the events behind a figure', () => {
  it('for the town, per grid and per person, each list holds exactly the events the figure counted', async () => {
    for (const groupBy of ['town', 'grid', 'person'] as const) {
      const figures = await m.core.metrics.figures(m.town.officer, { ...MONTH, groupBy });
      expect(figures.groups.length, groupBy).toBeGreaterThan(0);
      for (const g of figures.groups) await checkGroup(groupBy, g);
    }
  }, 60_000);

  it('the late come first, each with the limit it was judged against; the known ones by name', async () => {
    const close = await drill('town', '', 'closeOnTime');
    const late = close.rows.filter((r) => r.mark === 'late');
    expect(close.rows.slice(0, late.length).every((r) => r.mark === 'late')).toBe(true);
    // e11 closed after its limit, e9 still open past it (the month's known outcomes).
    expect(late.map((r) => r.title).sort()).toEqual(['考核 e11', '考核 e9']);
    for (const r of late) expect(r.due! < (r.closedAt ?? m.clock.now().toISOString())).toBe(true);
    const held = await drill('town', '', 'heldNow');
    expect(held.rows.map((r) => r.title)).toEqual(['考核 e8']);
    expect(held.rows[0]!.due).toBe('2026-12-15'); // its review date
  });

  it('per person: the holder of the lead post; names, not ids, in the figures', async () => {
    const figures = await m.core.metrics.figures(m.town.officer, { ...MONTH, groupBy: 'person' });
    const named = figures.groups.filter((g) => g.key !== '');
    expect(named.length).toBeGreaterThan(0);
    for (const g of named) expect(g.name).toBe(m.core.town.people.get(g.key)!.name);
    const grids = await m.core.metrics.figures(m.town.officer, { ...MONTH, groupBy: 'grid' });
    for (const g of grids.groups) expect(g.name).toBe(m.core.town.grids.get(g.key)!.name);
  });

  it('at the door: readers only, a malformed request refused with nothing read', async () => {
    const ok = await callApi(m.core, { actor: m.town.officer }, 'metrics:events', { ...MONTH, key: '', figure: 'overdue' });
    expect(ok).toMatchObject({ ok: true, data: { figure: 'overdue', total: 2 } });
    for (const bad of [
      { ...MONTH, key: '', figure: 'happiness' },
      { ...MONTH, figure: 'overdue' },
      { from: MONTH.to, to: MONTH.from, key: '', figure: 'overdue' },
      { ...MONTH, key: '', figure: 'overdue', extra: 1 },
    ]) {
      expect(await callApi(m.core, { actor: m.town.officer }, 'metrics:events', bad), JSON.stringify(bad)).toMatchObject({ ok: false });
    }
    await expect(m.core.metrics.events({ id: m.town.officer.id, roles: ['wall_viewer'] }, { ...MONTH, key: '', figure: 'overdue' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the export', () => {
  it('the .xlsx holds the page’s numbers for every group and figure, the previous period beside', async () => {
    const figures = await m.core.metrics.figures(m.town.officer, { ...MONTH, groupBy: 'grid' });
    const file = await m.core.metrics.exportXlsx(m.town.officer, { ...MONTH, groupBy: 'grid' });
    expect(file.fileName).toBe('考核评价-2026-11-01至2026-11-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考核评价')!;
    expect(ws.getCell(1, 1).value).toBe('网格');
    expect(ws.getCell(1, 2).value).toBe('按时受理率');
    expect(ws.rowCount).toBe(2 + figures.groups.length);
    figures.groups.forEach((g, i) => {
      const row = ws.getRow(3 + i);
      expect(row.getCell(1).value).toBe(g.name);
      FIGURE_COLUMNS.forEach((c, j) => {
        for (const [period, col] of [
          ['current', 2 + j * 3],
          ['previous', 3 + j * 3],
        ] as const) {
          const want = figureValue(g, c, period);
          const got = row.getCell(col).value;
          if (want === null) expect(got, `${g.key} ${c} ${period}`).toBe(null);
          else if (FIGURE_KIND[c] === 'minutes') expect(got as number).toBeCloseTo(want, 1);
          else expect(got, `${g.key} ${c} ${period}`).toBe(want);
        }
      });
    });
    expect(wb.getWorksheet('导出说明')!.getCell(2, 2).value).toBe('2026-11-01 至 2026-11-30（北京时间，含首尾两日）');
  });

  it('refuses what the figures refuse', async () => {
    await expect(m.core.metrics.exportXlsx(m.town.officer, { from: MONTH.to, to: MONTH.from })).rejects.toMatchObject({ code: 'invalid' });
    expect(await callApi(m.core, { actor: m.town.officer }, 'metrics:export', { ...MONTH, groupBy: 'nobody' })).toMatchObject({ ok: false });
  });
});
