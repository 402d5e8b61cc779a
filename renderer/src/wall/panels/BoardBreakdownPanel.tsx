/** Events per board (party-building, economy, livelihood, safety-and-law), as a ring. */
import { useCallback, useMemo } from 'react';
import { api } from '../../api';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { scopeOf } from './CategoryBreakdownPanel';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';

export function BoardBreakdownPanel({ tile }: PanelProps) {
  const w = useWallMessages();
  const { theme, pixelRatio } = useWall();
  const scope = scopeOf(tile.options, 'open');
  const { data, rendered } = useWallData(
    'boardBreakdown',
    useCallback(() => api.wall.breakdown({ scope }), [scope]),
    1000,
  );

  const option = useMemo(
    () => ({
      ...chartBase(theme),
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', '52%'],
          avoidLabelOverlap: true,
          label: { show: true, ...chartText(theme, 24), formatter: '{b} {c}' },
          labelLine: { length: 12, length2: 12, lineStyle: { color: theme.muted } },
          itemStyle: { borderColor: theme.background, borderWidth: 2 },
          // A board with nothing has no slice (its label would sit on its neighbour's).
          data: (data?.boards ?? []).filter((b) => b.count > 0).map((b) => ({ name: b.name, value: b.count })),
        },
      ],
    }),
    [data, theme],
  );
  const total = (data?.boards ?? []).reduce((n, b) => n + b.count, 0);
  return (
    <PanelFrame title={w.panels.boardBreakdown} meta={`${w.scopes[scope]} ${total}`} testId="wall-panel-boardBreakdown">
      <EChart option={option} onRendered={data ? rendered : undefined} pixelRatio={pixelRatio} />
    </PanelFrame>
  );
}
