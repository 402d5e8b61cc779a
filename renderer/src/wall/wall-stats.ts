/**
 * The wall's debug counters, on `window.__wallStats`, for the leak check and the benchmark: ECharts
 * instances alive, created and disposed; feed-driven panel updates and how long each took (from the
 * change arriving to the panel showing it); and the charts themselves, to read their text sizes.
 */
import type { EChartsType } from 'echarts/core';

export interface PanelUpdate {
  readonly panel: string;
  /** From the change arriving to the panel showing it. */
  readonly ms: number;
  /** Of which: until the figures were back from main. */
  readonly fetchMs: number;
  readonly at: number;
}

export interface WallStats {
  /** ECharts instances created and not yet disposed, as ECharts itself reports (`isDisposed()`). */
  live: number;
  created: number;
  disposed: number;
  updates: number;
  /** Panels given figures to show (first loads and changes). */
  loads: number;
  /** The last 500 panel updates. */
  recent: PanelUpdate[];
  /** Pages shown since load (rotation). */
  pageTurns: number;
  /** The chart panels on the page shown now: no more charts than this may be alive at once. */
  pageChartSlots: number;
  /** Charts created while more were alive than the shown page has chart panels (an old page's chart not yet disposed). */
  overlaps: number;
  /** While true, a rotating screen stays on the page it shows (for a consistent sample). */
  rotationPaused: boolean;
  /** When set, a rotating screen that reaches this page stays on it until cleared (a sample taken on one page without racing the clock). */
  holdPage: number | null;
  /** When the last 200 page turns happened (performance.now()). */
  turnTimes: number[];
  /** Every live chart's drawn text and its font size (design pixels), read from the canvas's display list. */
  inspect(): { fontSizes: number[]; texts: string[]; charts: number };
  /** Where a map coordinate is on the page (CSS pixels), on the first live map: for tests that touch a grid. */
  mapPoint(lng: number, lat: number): { x: number; y: number } | null;
  /** The colour each grid of the first live map is drawn in (grid code → fill, as ECharts decided it), or null with no map. */
  mapFills(): Record<string, string> | null;
}

const charts = new Set<EChartsType>();

interface DrawnText {
  readonly type?: string;
  readonly invisible?: boolean;
  readonly style?: { text?: unknown; font?: unknown; fontSize?: unknown };
}

/** The text a chart has actually drawn: zrender's display list, its text spans and their fonts. */
function drawnText(chart: EChartsType, out: { fontSizes: number[]; texts: string[] }): void {
  const zr = chart.getZr() as unknown as { storage: { getDisplayList(update?: boolean): DrawnText[] } };
  for (const el of zr.storage.getDisplayList(true)) {
    const text = el.style?.text;
    if (el.invisible || typeof text !== 'string' || !text.trim()) continue;
    const font = typeof el.style?.font === 'string' ? /(\d+(?:\.\d+)?)px/.exec(el.style.font) : null;
    const size = font ? Number(font[1]) : typeof el.style?.fontSize === 'number' ? el.style.fontSize : Number.NaN;
    out.fontSizes.push(size);
    out.texts.push(text);
  }
}

export const wallStats: WallStats = {
  live: 0,
  created: 0,
  disposed: 0,
  updates: 0,
  loads: 0,
  recent: [],
  pageTurns: 0,
  pageChartSlots: 0,
  overlaps: 0,
  rotationPaused: false,
  holdPage: null,
  turnTimes: [],
  inspect() {
    const out = { fontSizes: [] as number[], texts: [] as string[] };
    for (const chart of charts) if (!chart.isDisposed()) drawnText(chart, out);
    return { ...out, charts: charts.size };
  },
  mapPoint(lng, lat) {
    for (const chart of charts) {
      if (chart.isDisposed()) continue;
      const option = chart.getOption() as { series?: { type?: string }[] };
      if (!option.series?.some((x) => x.type === 'map')) continue;
      const at = chart.convertToPixel({ seriesIndex: 0 }, [lng, lat]) as number[] | undefined;
      if (!at) continue;
      const box = chart.getDom().getBoundingClientRect();
      const scale = box.width / chart.getWidth();
      return { x: box.left + at[0]! * scale, y: box.top + at[1]! * scale };
    }
    return null;
  },
  mapFills() {
    for (const chart of charts) {
      if (chart.isDisposed()) continue;
      const model = (chart as unknown as { getModel(): { getSeriesByType(type: string): { getData(): MapData }[] } }).getModel();
      const series = model.getSeriesByType('map')[0];
      if (!series) continue;
      const data = series.getData();
      const fills: Record<string, string> = {};
      for (let i = 0; i < data.count(); i++) fills[data.getName(i)] = String(data.getItemVisual(i, 'style')?.fill ?? '');
      return fills;
    }
    return null;
  },
};

/** The part of a map series' data (ECharts' SeriesData) mapFills reads: each region's name and drawn style. */
interface MapData {
  count(): number;
  getName(index: number): string;
  getItemVisual(index: number, key: 'style'): { fill?: unknown } | undefined;
}

declare global {
  interface Window {
    __wallStats?: WallStats;
  }
}
if (typeof window !== 'undefined') window.__wallStats = wallStats;

export function chartCreated(chart: EChartsType): void {
  charts.add(chart);
  wallStats.live = charts.size;
  wallStats.created += 1;
  if (wallStats.live > wallStats.pageChartSlots) wallStats.overlaps += 1;
}

/** Called after the owner let its chart go: counted as disposed only if ECharts says it is. */
export function chartDisposed(chart: EChartsType): void {
  if (!chart.isDisposed()) return;
  charts.delete(chart);
  wallStats.live = charts.size;
  wallStats.disposed += 1;
}

/** The page now shown has this many chart panels (set before its charts are created). */
export function pageShown(chartSlots: number): void {
  wallStats.pageChartSlots = chartSlots;
}

export function pageTurned(): void {
  wallStats.pageTurns += 1;
  wallStats.turnTimes.push(performance.now());
  if (wallStats.turnTimes.length > 200) wallStats.turnTimes.splice(0, wallStats.turnTimes.length - 200);
}

export function panelLoaded(): void {
  wallStats.loads += 1;
}

export function panelUpdated(panel: string, ms: number, fetchMs = ms): void {
  wallStats.updates += 1;
  wallStats.recent.push({ panel, ms, fetchMs, at: performance.now() });
  if (wallStats.recent.length > 500) wallStats.recent.splice(0, wallStats.recent.length - 500);
}
