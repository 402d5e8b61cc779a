/**
 * The grid map's colour scale (renderer/src/wall/grid-scale.ts): every count of events falls in its
 * bucket — 0 is "none", 4 and any number above it the top colour — and ECharts, given the scale's
 * pieces, draws each grid in that colour (a lone `min: 4` once left a grid of exactly 4 events in none).
 */
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { GRID_SCALE_BUCKETS, gridBucket, gridColor, gridPieces } from '../../renderer/src/wall/grid-scale';
import { wallEnUS, wallZhCN } from '../../renderer/src/wall/wall-locales';
import { WALL_THEMES } from '../../renderer/src/wall/wall-theme';

const COUNTS = [0, 1, 3, 4, 10, 100];

describe('grid colour scale', () => {
  it('puts 0, 1, 3, 4, 10 and 100 events in none, 1, 2–3, 4+, 4+, 4+', () => {
    expect(COUNTS.map(gridBucket)).toEqual([0, 1, 2, 3, 3, 3]);
    expect([2, 5, 9, 1000, Number.MAX_SAFE_INTEGER].map(gridBucket)).toEqual([2, 3, 3, 3, 3]);
    expect([-1, Number.NaN].map(gridBucket)).toEqual([0, 0]);
  });

  it('never draws a grid with events in the colour for none, in either theme or metric', () => {
    for (const theme of Object.values(WALL_THEMES)) {
      for (const colors of [theme.mapOpen, theme.mapOverdue]) {
        expect(gridColor(0, colors)).toBe(colors[0]);
        for (const n of [1, 2, 3, 4, 5, 10, 100]) expect(gridColor(n, colors), `${n} events`).not.toBe(colors[0]);
        for (const n of [4, 10, 100]) expect(gridColor(n, colors), `${n} events`).toBe(colors[3]);
        expect(new Set(colors).size, 'four different colours').toBe(4);
      }
    }
  });

  it('has one legend label per bucket, in Chinese on zh-CN', () => {
    expect(wallZhCN.map.legend).toEqual(['0 件', '1 件', '2–3 件', '4 件及以上']);
    expect(wallEnUS.map.legend).toHaveLength(GRID_SCALE_BUCKETS);
    expect(() => gridPieces(WALL_THEMES.dark.mapOpen, ['a', 'b'])).toThrow();
  });

  it('gives ECharts pieces that draw every count in its bucket colour (4 included), the top one open-ended', () => {
    const colors = WALL_THEMES.dark.mapOpen;
    const pieces = gridPieces(colors, wallZhCN.map.legend);
    expect(pieces.map((p) => p.label)).toEqual(wallZhCN.map.legend);
    expect(pieces.at(-1)).toEqual({ gte: 4, label: '4 件及以上', color: colors[3] });

    const codes = COUNTS.map((_, i) => `G${i + 1}`);
    echarts.registerMap('grid-scale-test', {
      type: 'FeatureCollection',
      features: codes.map((code, i) => ({
        type: 'Feature',
        properties: { code, name: code },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [i, 0],
              [i + 1, 0],
              [i + 1, 1],
              [i, 1],
              [i, 0],
            ],
          ],
        },
      })),
    } as unknown as Parameters<typeof echarts.registerMap>[1]);
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 900, height: 300 });
    try {
      chart.setOption({
        animation: false,
        visualMap: { type: 'piecewise', selectedMode: false, pieces },
        series: [{ type: 'map', map: 'grid-scale-test', nameProperty: 'code', itemStyle: { areaColor: colors[0] }, data: codes.map((name, i) => ({ name, value: COUNTS[i] })) }],
      });
      const data = (
        chart as unknown as {
          getModel(): { getSeriesByIndex(i: number): { getData(): { count(): number; getName(i: number): string; getItemVisual(i: number, k: 'style'): { fill?: string } } } };
        }
      )
        .getModel()
        .getSeriesByIndex(0)
        .getData();
      const drawn: Record<string, string | undefined> = {};
      for (let i = 0; i < data.count(); i++) drawn[data.getName(i)] = data.getItemVisual(i, 'style').fill;
      expect(drawn).toEqual(Object.fromEntries(codes.map((code, i) => [code, gridColor(COUNTS[i]!, colors)])));
      expect(drawn.G4, 'a grid with 4 events').toBe(colors[3]);
    } finally {
      chart.dispose();
    }
  });
});
