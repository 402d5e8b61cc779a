/**
 * A small map of the town's grids (shapes from town:grids, registered once with ECharts), the
 * event's grid highlighted and its location marked. This component owns its ECharts instance:
 * created on mount, resized with its container, disposed on unmount.
 */
import { MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api';

echarts.use([MapChart, ScatterChart, GeoComponent, TooltipComponent, CanvasRenderer]);

const MAP_NAME = 'duty-desk-town';
let mapReady: Promise<boolean> | null = null;

/** Loads and registers the grid shapes once per page (they change only with the town's data). */
function ensureMap(): Promise<boolean> {
  mapReady ??= api.town.grids({}).then((result) => {
    if (!result.ok) {
      mapReady = null;
      return false;
    }
    echarts.registerMap(MAP_NAME, result.data as unknown as Parameters<typeof echarts.registerMap>[1]);
    return true;
  });
  return mapReady;
}

export function GridMap({ gridCode, location, height = 240 }: { gridCode: string | null; location: { lng: number; lat: number } | null; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let alive = true;
    void ensureMap().then((ok) => {
      if (alive && ok) setReady(true);
    });
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || !ready) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [ready]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !ready) return;
    instance.setOption(
      {
        animation: false,
        tooltip: { show: true, trigger: 'item', formatter: (p: { name?: string; data?: { label?: string } }) => p.data?.label ?? p.name ?? '' },
        geo: {
          map: MAP_NAME,
          nameProperty: 'code',
          roam: false,
          silent: false,
          layoutCenter: ['50%', '50%'],
          layoutSize: '96%',
          itemStyle: { areaColor: '#e8edf4', borderColor: '#94a3b8', borderWidth: 0.8 },
          emphasis: { disabled: true },
          select: { disabled: true },
          label: { show: false },
          regions: gridCode ? [{ name: gridCode, itemStyle: { areaColor: '#fdba74', borderColor: '#c2410c', borderWidth: 2 }, label: { show: false } }] : [],
        },
        series: [
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            symbol: 'pin',
            symbolSize: 26,
            itemStyle: { color: '#dc2626' },
            data: location ? [{ value: [location.lng, location.lat], label: `${location.lng.toFixed(5)}, ${location.lat.toFixed(5)}` }] : [],
          },
        ],
      },
      { notMerge: true },
    );
  }, [ready, gridCode, location]);

  return <div ref={box} className="grid-map" style={{ height }} data-testid="grid-map" />;
}
