/** The parts of ECharts the wall uses, registered once; and the town's grid shapes as a map. */
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { api } from '../api';

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };

export const WALL_MAP = 'duty-desk-wall';

export interface GridShape {
  code: string;
  name: string;
}

let mapReady: Promise<GridShape[] | null> | null = null;

/** Loads and registers the grid shapes once per page; resolves to the grids' codes and names. */
export function ensureWallMap(): Promise<GridShape[] | null> {
  mapReady ??= api.town.grids({}).then((result) => {
    if (!result.ok) {
      mapReady = null;
      return null;
    }
    const geo = result.data as unknown as { features: { properties: { code: string; name: string } }[] };
    echarts.registerMap(WALL_MAP, result.data as unknown as Parameters<typeof echarts.registerMap>[1]);
    return geo.features.map((f) => ({ code: f.properties.code, name: f.properties.name }));
  });
  return mapReady;
}
