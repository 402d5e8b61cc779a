/** Reported and closed events per hour over the last hours (Beijing hours on the axis). */
import { useCallback, useMemo } from 'react';
import { api } from '../../api';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages, wfill } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';

const beijingHour = (iso: string): number => (new Date(iso).getUTCHours() + 8) % 24;

export function HourlyTrendPanel({ tile, size }: PanelProps) {
  const w = useWallMessages();
  const { theme, pixelRatio } = useWall();
  const hours = typeof tile.options.hours === 'number' ? tile.options.hours : 24;
  const { data, rendered } = useWallData(
    'hourlyTrend',
    useCallback(() => api.wall.trend({ hours }), [hours]),
    1000,
  );
  // A 24 px label is about 70 px wide: leave room for it.
  const every = Math.max(1, Math.ceil(hours / Math.max(1, Math.floor((size.width - 120) / 90))));

  const option = useMemo(() => {
    const rows = data?.hours ?? [];
    const line = (name: string, key: 'reported' | 'closed', color: string) => ({
      name,
      type: 'line',
      smooth: 0.3,
      symbol: 'circle',
      symbolSize: 10,
      lineStyle: { width: 4, color },
      itemStyle: { color },
      areaStyle: { color, opacity: 0.12 },
      data: rows.map((r) => r[key]),
    });
    return {
      ...chartBase(theme),
      legend: { top: 0, right: 8, itemWidth: 28, itemHeight: 20, textStyle: chartText(theme, 24), data: [w.trend.reported, w.trend.closed] },
      grid: { left: 8, right: 24, top: 52, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: rows.map((r) => wfill(w.trend.hour, { h: beijingHour(r.hour) })),
        axisLabel: chartText(theme, 24, { color: theme.muted, interval: every - 1 }),
        axisLine: { lineStyle: { color: theme.grid } },
        axisTick: { show: false },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: chartText(theme, 24, { color: theme.muted }), splitLine: { lineStyle: { color: theme.grid } } },
      series: [line(w.trend.reported, 'reported', theme.accent), line(w.trend.closed, 'closed', theme.good)],
    };
  }, [data, theme, w, every]);

  return (
    <PanelFrame title={wfill(w.trend.title, { h: hours })} testId="wall-panel-hourlyTrend">
      <EChart option={option} onRendered={data ? rendered : undefined} pixelRatio={pixelRatio} />
    </PanelFrame>
  );
}
