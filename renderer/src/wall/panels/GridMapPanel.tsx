/**
 * The town's grids on the wall, coloured by the open (or overdue) events in each on the scale of
 * grid-scale.ts (0 件, 1 件, 2–3 件, 4 件及以上), shown as the legend; the grids with events carry their
 * count (and the busiest their name beside the map where the tile is large). Touching a grid asks the
 * console to show that grid's events. One chart, disposed with the panel.
 */
import type { EChartsType } from 'echarts/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api';
import { CameraGlyph, CameraLiveTile, CameraMapPoints, spotsOf, type CameraSpot } from '../../components/camera/CameraMapPoints';
import { fill, useMessages } from '../../locales';
import { useRenderedEffect } from '../use-wall-data';
import { EChart } from '../EChart';
import { useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { ensureWallMap, WALL_MAP, type GridShape } from '../wall-echarts';
import { useWallMessages, wfill } from '../wall-locales';
import { chartBase, chartText } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import { gridBucket, gridPieces } from '../grid-scale';
import { bodySize, type PanelProps } from './types';
import './grid-map-cameras.css';

const loadGridLoad = () => api.wall.gridLoad({});

/** A camera point's diameter in design pixels: legible from five metres on a wall (the legend's text is 24 px). */
const CAMERA_POINT = 44;

/** Width of the legend standing in a column (swatch, gap and 「4 件及以上」 at 24 px, with a margin). */
const LEGEND_COLUMN = 210;

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
  const cameras = useMapCameras(tile.options);
  const cm = useMessages().cameraMap;

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
  // The chart's box (design pixels): the body less the side list. Too narrow for the legend's four
  // entries in a row (about 560): they stand in a column at the left, and the map keeps to the right of it.
  const chartBox = { width: bodySize(size).width - (side > 0 ? 456 : 0), height: bodySize(size).height };
  const narrow = chartBox.width < 640;
  const busiest = [...values.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, side);

  const option = useMemo(() => {
    if (!grids) return null;
    const colors = metric === 'open' ? theme.mapOpen : theme.mapOverdue;
    return {
      ...chartBase(theme),
      // The scale (grid-scale.ts) colours every grid and is the legend; a touch on the legend hides nothing.
      visualMap: {
        type: 'piecewise',
        show: true,
        selectedMode: false,
        ...(narrow ? { orient: 'vertical', left: 4, bottom: 4 } : { orient: 'horizontal', left: 'center', bottom: 4 }),
        itemWidth: 40,
        itemHeight: 24,
        itemGap: narrow ? 10 : 28,
        textGap: 10,
        textStyle: chartText(theme, 24),
        pieces: gridPieces(colors, w.map.legend),
      },
      series: [
        {
          type: 'map',
          map: WALL_MAP,
          nameProperty: 'code',
          roam: false,
          selectedMode: false,
          ...(narrow
            ? {
                layoutCenter: [LEGEND_COLUMN + (chartBox.width - LEGEND_COLUMN) / 2, chartBox.height / 2],
                layoutSize: Math.max(40, Math.min(chartBox.width - LEGEND_COLUMN - 8, chartBox.height - 8)),
              }
            : { layoutCenter: ['50%', '46%'], layoutSize: '92%' }),
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
  }, [grids, values, theme, metric, w, narrow, chartBox.width, chartBox.height]);

  const encoded = [...values.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, v]) => `${code}:${v}`)
    .join(',');
  const buckets = [...values.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, v]) => `${code}:${gridBucket(v)}`)
    .join(',');
  return (
    <PanelFrame title={`${w.panels.gridMap} · ${w.metrics[metric]}`} meta={wfill('{n} {u}', { n: total, u: w.map.unit }).trim()} testId="wall-panel-gridMap">
      <div className="wall-map" data-testid="wall-map" data-metric={metric} data-values={encoded} data-buckets={buckets} data-legend={w.map.legend.join('|')}>
        <div className="wall-map-chart">
          {option && (
            <EChart
              option={option}
              onRendered={rendered}
              pixelRatio={pixelRatio}
              onChart={cameras.onChart}
              onClick={(p) => p.name && void api.wall.focusGrid({ gridCode: p.name })}
            />
          )}
          {cameras.shown && cameras.count > 0 && (
            <div className="camera-map-legend wall-map-camera-legend" data-testid="wall-map-camera-legend">
              <span className="camera-map-legend-dot" style={{ width: 40, height: 40 }}>
                <CameraGlyph size={24} />
              </span>
              <span>
                {cm.legend} {fill(cm.count, { n: cameras.count })}
              </span>
            </div>
          )}
          {cameras.shown && <CameraMapPoints spots={cameras.spots} size={CAMERA_POINT} onOpen={cameras.open} testId="wall-map-cameras" />}
          {cameras.live && (
            <CameraLiveTile
              key={cameras.live.code}
              name={cameras.live.name}
              load={cameras.live.load}
              onClose={cameras.close}
              returnTo={cameras.live.from}
              className="wall-map-live"
            />
          )}
        </div>
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

type Live = { code: string; name: string; from: HTMLElement; load: () => ReturnType<typeof api.wall.cameraStream> };

/**
 * 摄像头 on this map tile (issue #18): the points its page may show (wall:cameraPoints, no address)
 * less those its options hide (显示摄像头 off; 按网格筛选), placed on the chart after each draw; a touch
 * (or Enter) on one opens its live tile, asking wall:cameraStream for that camera only.
 */
function useMapCameras(options: Record<string, unknown>) {
  const { layoutId, screenIds } = useWall();
  const shown = options.showCameras !== false;
  const screensKey = (screenIds ?? []).join(',');
  const { data, rendered } = useWallData(
    'gridMapCameras',
    useCallback(
      () =>
        shown && layoutId && screensKey ? api.wall.cameraPoints({ layoutId, screenIds: screensKey.split(',') }) : Promise.resolve({ ok: true as const, data: { cameras: [] } }),
      [shown, layoutId, screensKey],
    ),
    2000,
  );
  useRenderedEffect(data, rendered);
  const gridsKey = Array.isArray(options.cameraGrids) ? (options.cameraGrids as string[]).join(',') : '';
  const places = useMemo(() => {
    if (!shown) return [];
    const only = gridsKey ? new Set(gridsKey.split(',')) : null;
    return (data?.cameras ?? []).filter((c) => !only || only.has(c.gridCode));
  }, [data, shown, gridsKey]);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [spots, setSpots] = useState<CameraSpot[]>([]);
  useEffect(() => {
    if (!chart) return undefined;
    let last = '';
    const place = () => {
      if (chart.isDisposed()) return;
      const next = spotsOf(chart as unknown as Parameters<typeof spotsOf>[0], { seriesIndex: 0 }, places);
      const key = JSON.stringify(next);
      if (key !== last) {
        last = key;
        setSpots(next);
      }
    };
    place();
    chart.on('finished', place);
    return () => {
      chart.off('finished', place);
    };
  }, [chart, places]);
  const [live, setLive] = useState<Live | null>(null);
  const open = useCallback(
    (code: string, from: HTMLElement) => {
      const camera = places.find((c) => c.code === code);
      if (!camera || !layoutId || !screensKey) return;
      const ids = screensKey.split(',');
      setLive({ code, name: camera.name, from, load: () => api.wall.cameraStream({ layoutId, screenIds: ids, code }) });
    },
    [places, layoutId, screensKey],
  );
  // A camera no longer shown (disabled, filtered out) closes its tile.
  const current = live && places.some((c) => c.code === live.code) ? live : null;
  return { shown, count: places.length, spots: chart ? spots : [], onChart: setChart, open, live: current, close: useCallback(() => setLive(null), []) };
}
