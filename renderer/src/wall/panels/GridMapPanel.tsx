/**
 * The town's grids on the wall, coloured by the open (or overdue) events in each; the grids with
 * events carry their count (and their name where the tile is large). Touching a grid asks the
 * console to show that grid's events. One chart, disposed with the panel.
 */
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { ensureWallMap, WALL_MAP, type GridShape } from '../wall-echarts';
import { useWallMessages, wfill } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import { bodySize, type PanelProps } from './types';

const loadGridLoad = () => api.wall.gridLoad({});

export function GridMapPanel({ tile, size }: PanelProps) {
  const w = useWallMessages();
  const { theme, pixelRatio } = useWall();
  const metric = tile.options.metric === 'overdue' ? 'overdue' : 'open';
  const [grids, setGrids] = useState<GridShape[] | null>(null);
  useEffect(() => {
    let alive = true;
    void ensureWallMap().then((g) => {
      if (alive) setGrids(g);
    });
    return () => {
      alive = false;
    };
  }, []);
  const { data, rendered } = useWallData('gridMap', loadGridLoad);

  const values = useMemo(() => {
    const map = new Map<string, number>();
    for (const g of data?.grids ?? []) {
      const v = metric === 'open' ? g.open : g.overdue;
      if (v > 0) map.set(g.code, v);
    }
    return map;
  }, [data, metric]);
  const total = [...values.values()].reduce((a, b) => a + b, 0);
  // A wide tile lists the busiest grids by name beside the map (names on the map itself would collide).
  const side = size.width >= 1200 ? Math.max(1, Math.floor((bodySize(size).height - 48) / 52)) : 0;
  const names = useMemo(() => new Map((grids ?? []).map((g) => [g.code, g.name])), [grids]);
  const busiest = [...values.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, side);

  const option = useMemo(() => {
    if (!grids) return null;
    const colors = metric === 'open' ? theme.mapOpen : theme.mapOverdue;
    return {
      ...chartBase(theme),
      visualMap: {
        type: 'piecewise',
        show: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 4,
        itemWidth: 40,
        itemHeight: 24,
        itemGap: 28,
        textGap: 10,
        textStyle: chartText(theme, 24),
        pieces: [
          { value: 0, label: w.map.legend[0], color: colors[0] },
          { min: 1, max: 1, label: w.map.legend[1], color: colors[1] },
          { min: 2, max: 3, label: w.map.legend[2], color: colors[2] },
          { min: 4, label: w.map.legend[3], color: colors[3] },
        ],
      },
      series: [
        {
          type: 'map',
          map: WALL_MAP,
          nameProperty: 'code',
          roam: false,
          selectedMode: false,
          layoutCenter: ['50%', '46%'],
          layoutSize: '92%',
          itemStyle: { areaColor: colors[0], borderColor: theme.mapBorder, borderWidth: 1.2 },
          emphasis: { disabled: true },
          label: {
            show: true,
            ...chartText(theme, 26, { fontWeight: 'bold', textBorderColor: theme.background, textBorderWidth: 3 }),
            formatter: (p: { value?: number }) => (p.value && p.value > 0 ? String(p.value) : ''),
          },
          data: grids.map((g) => ({ name: g.code, value: values.get(g.code) ?? 0, gridName: g.name })),
        },
      ],
    };
  }, [grids, values, theme, metric, w]);

  const encoded = [...values.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, v]) => `${code}:${v}`)
    .join(',');
  return (
    <PanelFrame title={`${w.panels.gridMap} · ${w.metrics[metric]}`} meta={wfill('{n} {u}', { n: total, u: w.map.unit }).trim()} testId="wall-panel-gridMap">
      <div className="wall-map" data-testid="wall-map" data-metric={metric} data-values={encoded}>
        {option && <EChart option={option} onRendered={rendered} pixelRatio={pixelRatio} onClick={(p) => p.name && void api.wall.focusGrid({ gridCode: p.name })} />}
        {side > 0 && (
          <div className="wall-map-side">
            <div className="wall-map-side-title">{w.map.top}</div>
            {busiest.length === 0 ? (
              <div className="wall-note">{w.map.none}</div>
            ) : (
              busiest.map(([code, v]) => (
                <div key={code} className="wall-map-side-row">
                  <span className="wall-list-title">{names.get(code) ?? code}</span>
                  <span className={`num ${metric === 'overdue' ? 'bad' : 'warn'}`}>{v}</span>
                </div>
              ))
            )}
          </div>
        )}
      </div>
    </PanelFrame>
  );
}
