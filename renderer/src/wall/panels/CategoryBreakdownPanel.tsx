/** Events per category (the catalogue's categories), the most first: as many bars as fit. */
import { useCallback, useMemo } from 'react';
import type { WallScope } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import { bodySize, type PanelProps } from './types';

export function scopeOf(options: Record<string, unknown>, fallback: WallScope): WallScope {
  const s = options.scope;
  return s === 'open' || s === 'today' || s === '7d' || s === '30d' ? s : fallback;
}

export function CategoryBreakdownPanel({ tile, size }: PanelProps) {
  const w = useWallMessages();
  const { theme, pixelRatio } = useWall();
  const scope = scopeOf(tile.options, 'today');
  const { data, rendered } = useWallData(
    'categoryBreakdown',
    useCallback(() => api.wall.breakdown({ scope }), [scope]),
    1000,
  );
  const bars = Math.max(3, Math.floor(bodySize(size).height / 44));

  const option = useMemo(() => {
    const rows = (data?.categories ?? []).filter((c) => c.count > 0).slice(0, bars);
    return {
      ...chartBase(theme),
      grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false, minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((c) => c.name),
        axisLabel: chartText(theme, 24, { color: theme.muted }),
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          itemStyle: { color: theme.series[2], borderRadius: [0, 4, 4, 0] },
          label: { show: true, position: 'right', ...chartText(theme, 24) },
          data: rows.map((c) => ({ name: c.name, value: c.count })),
        },
      ],
    };
  }, [data, theme, bars]);

  return (
    <PanelFrame title={w.panels.categoryBreakdown} meta={w.scopes[scope]} testId="wall-panel-categoryBreakdown">
      <EChart option={option} onRendered={data ? rendered : undefined} pixelRatio={pixelRatio} />
    </PanelFrame>
  );
}
