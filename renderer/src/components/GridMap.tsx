/**
 * A small map of the town's grids (shapes from town:grids, registered once with ECharts), the
 * event's grid highlighted and its location marked. This component owns its ECharts instance:
 * created on mount, resized with its container, disposed on unmount. Given the event (`eventId`),
 * it also shows the cameras in use in the event's grid and nearby (issue #18; those its open linkage
 * names larger, in the alert colour), each a button opening its live picture in a modal.
 */
import { MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Modal } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CameraPoint } from '../../../preload/contract/camera-schemas';
import { api } from '../api';
import { useFeedLoad } from '../hooks/use-feed-load';
import { fill, useMessages } from '../locales';
import { CameraLiveTile, CameraMapPoints, spotsOf, type CameraSpot } from './camera/CameraMapPoints';
import { PinToWall } from './camera/PinToWall';

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

/** Cameras this near the event's place are shown besides those of its grid (metres). */
const NEAR_M = 1500;

function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function GridMap({
  gridCode,
  location,
  height = 240,
  eventId,
}: {
  gridCode: string | null;
  location: { lng: number; lat: number } | null;
  height?: number;
  /** The event shown: its grid's and nearby cameras are drawn (issue #18). */
  eventId?: string;
}) {
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

  const cameras = useEventCameras(eventId, gridCode, location);
  const [spots, setSpots] = useState<CameraSpot[]>([]);
  const [live, setLive] = useState<{ code: string; name: string; from: HTMLElement } | null>(null);
  const m = useMessages().cameraMap;
  const opener = useRef<HTMLElement | null>(null);

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

  // The cameras' buttons, placed after each draw (a resize moves them).
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !ready) return undefined;
    let last = '';
    const place = () => {
      if (instance.isDisposed()) return;
      const next = spotsOf(instance as unknown as Parameters<typeof spotsOf>[0], { geoIndex: 0 }, cameras.places, cameras.linked);
      const key = JSON.stringify(next);
      if (key !== last) {
        last = key;
        setSpots(next);
      }
    };
    place();
    instance.on('finished', place);
    return () => {
      instance.off('finished', place);
    };
  }, [ready, cameras]);

  const loadStream = useMemo(() => (live ? () => api.cameras.stream({ code: live.code }) : null), [live]);
  const close = useCallback(() => setLive(null), []);
  return (
    <div className="grid-map-wrap" style={{ position: 'relative', height }}>
      <div ref={box} className="grid-map" style={{ height }} data-testid="grid-map" />
      {ready && eventId && (
        <CameraMapPoints
          spots={spots}
          size={26}
          testId="grid-map-cameras"
          onOpen={(code, from) => {
            const c = cameras.places.find((p) => p.code === code);
            opener.current = from;
            if (c) setLive({ code, name: c.name, from });
          }}
        />
      )}
      <Modal
        open={live !== null}
        title={live ? fill(m.live, { name: live.name }) : ''}
        onCancel={close}
        // 推送到大屏 (issue #18): a leader sends the picture's camera to a wall screen.
        footer={live ? <PinToWall code={live.code} name={live.name} size="middle" /> : null}
        width={720}
        destroyOnHidden
        afterOpenChange={(open) => {
          if (!open) opener.current?.focus();
        }}
        // Esc closes the picture only, not the event's detail behind it (the console's keys listen on the window).
        modalRender={(node) => (
          <div
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              e.nativeEvent.stopPropagation();
              close();
            }}
          >
            {node}
          </div>
        )}
      >
        {live && loadStream && <CameraLiveTile key={live.code} name={live.name} load={loadStream} onClose={close} closeButton={false} className="grid-map-live" />}
      </Modal>
    </div>
  );
}

/**
 * The cameras the detail's map shows (issue #18): in use, in the event's grid or within NEAR_M of its
 * place, and those its open linkage names (cameras:points, cameras:linked; re-asked on a town change).
 */
function useEventCameras(eventId: string | undefined, gridCode: string | null, location: { lng: number; lat: number } | null) {
  const [points, setPoints] = useState<CameraPoint[]>([]);
  const [linked, setLinked] = useState<string[]>([]);
  useFeedLoad(
    useCallback(() => (eventId ? api.cameras.points({}) : Promise.resolve(null)), [eventId]),
    {
      apply: (r) => setPoints(r && r.ok ? r.data : []),
      feed: { town: true },
    },
  );
  useFeedLoad(
    useCallback(() => (eventId ? api.cameras.linked({ eventId }) : Promise.resolve(null)), [eventId]),
    {
      apply: (r) => setLinked(r && r.ok && r.data.open ? r.data.cameras.map((c) => c.code) : []),
      feed: { events: (msg) => (eventId ? msg.ids.includes(eventId) : false), town: true, clock: true },
    },
  );
  const lng = location?.lng;
  const lat = location?.lat;
  return useMemo(() => {
    const linkedSet = new Set(linked);
    const places = points.filter(
      (p) => linkedSet.has(p.code) || (gridCode !== null && p.gridCode === gridCode) || (lng !== undefined && lat !== undefined && metresBetween({ lng, lat }, p) <= NEAR_M),
    );
    return { places, linked: linkedSet };
  }, [points, linked, gridCode, lng, lat]);
}
