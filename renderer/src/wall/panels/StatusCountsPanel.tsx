/** The live counts: open, overdue, held (挂账, counted apart), serious, new and closed today, and the open events by state. */
import { useMemo } from 'react';
import { api } from '../../api';
import { nameOf, useMessages } from '../../locales';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';

const OPEN_STATES = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'escalated', 'returned'] as const;

const loadCounts = () => api.wall.counts({});

export function StatusCountsPanel(_props: PanelProps) {
  const m = useMessages();
  const w = useWallMessages();
  const { theme, pixelRatio } = useWall();
  const { data, rendered } = useWallData('statusCounts', loadCounts);

  const option = useMemo(() => {
    const states = OPEN_STATES.filter((s) => s !== 'returned' || (data?.byState[s] ?? 0) > 0);
    return {
      ...chartBase(theme),
      grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false, minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: states.map((s) => nameOf(m.states, s)),
        axisLabel: chartText(theme, 24, { color: theme.muted }),
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 30,
          itemStyle: { color: theme.accent, borderRadius: [0, 4, 4, 0] },
          label: { show: true, position: 'right', ...chartText(theme, 24) },
          data: states.map((s) => ({ name: nameOf(m.states, s), value: data?.byState[s] ?? 0 })),
        },
      ],
    };
  }, [data, theme, m]);

  const figure = (key: string, value: number | undefined, tone = '') => (
    <div className={`wall-kpi ${tone}`} data-testid={`wall-count-${key}`} data-value={value ?? ''}>
      <div className="wall-kpi-value num">{value ?? '—'}</div>
      <div className="wall-kpi-label">{w.counts[key as keyof typeof w.counts]}</div>
    </div>
  );
  return (
    <PanelFrame title={w.panels.statusCounts} testId="wall-panel-statusCounts">
      <div className="wall-counts">
        <div className="wall-kpis">
          {figure('open', data?.open, 'accent')}
          {figure('overdue', data?.overdue, data && data.overdue > 0 ? 'bad' : '')}
          {figure('held', data?.held)}
          {figure('serious', data?.serious, data && data.serious > 0 ? 'warn' : '')}
          {figure('reportedToday', data?.reportedToday)}
          {figure('closedToday', data?.closedToday, 'good')}
        </div>
        <EChart option={option} onRendered={data ? rendered : undefined} pixelRatio={pixelRatio} />
      </div>
    </PanelFrame>
  );
}
