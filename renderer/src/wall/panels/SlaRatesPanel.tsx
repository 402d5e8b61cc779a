/** Accepted on time and closed on time, for today, the last 7 and the last 30 days. */
import { useMemo } from 'react';
import { api } from '../../api';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';

const rate = (x: { onTime: number; late: number }): number | null => (x.onTime + x.late === 0 ? null : Math.round((x.onTime / (x.onTime + x.late)) * 1000) / 10);

const loadSla = () => api.wall.sla({});

export function SlaRatesPanel(_props: PanelProps) {
  const w = useWallMessages();
  const { theme, pixelRatio } = useWall();
  const { data, rendered } = useWallData('slaRates', loadSla, 1000);

  const option = useMemo(() => {
    const periods = data?.periods ?? [];
    const label = {
      show: true,
      position: 'top',
      ...chartText(theme, 26, { fontWeight: 'bold' }),
      formatter: (p: { value: number | null; data: { raw: number | null } }) => (p.data.raw === null ? w.sla.none : `${p.data.raw}%`),
    };
    const series = (name: string, key: 'accept' | 'close', color: string) => ({
      name,
      type: 'bar',
      barMaxWidth: 64,
      barGap: '25%',
      itemStyle: { color, borderRadius: [4, 4, 0, 0] },
      label,
      data: periods.map((p) => ({ value: rate(p[key]) ?? 0, raw: rate(p[key]) })),
    });
    return {
      ...chartBase(theme),
      legend: { top: 0, right: 8, itemWidth: 28, itemHeight: 20, textStyle: chartText(theme, 24), data: [w.sla.accept, w.sla.close] },
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: periods.map((p) => w.sla.periods[p.period]),
        axisLabel: chartText(theme, 26),
        axisLine: { lineStyle: { color: theme.grid } },
        axisTick: { show: false },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 100,
        interval: 25,
        axisLabel: chartText(theme, 24, { color: theme.muted, formatter: '{value}%' }),
        splitLine: { lineStyle: { color: theme.grid } },
      },
      series: [series(w.sla.accept, 'accept', theme.accent), series(w.sla.close, 'close', theme.good)],
    };
  }, [data, theme, w]);

  return (
    <PanelFrame title={w.panels.slaRates} testId="wall-panel-slaRates">
      <EChart option={option} onRendered={data ? rendered : undefined} pixelRatio={pixelRatio} />
    </PanelFrame>
  );
}
