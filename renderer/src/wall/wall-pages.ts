import type { WallPanelKind, WallScreenDef } from '../../../preload/contract/wall-schemas';

/** The panels that draw with ECharts: at most one live chart each while their page is shown. */
export const CHART_PANELS: ReadonlySet<string> = new Set<WallPanelKind>(['gridMap', 'statusCounts', 'slaRates', 'categoryBreakdown', 'boardBreakdown', 'hourlyTrend']);

/** Which page a screen shows at a tick of the page's one clock (seconds since load). */
export function pageAt(screen: Pick<WallScreenDef, 'pages' | 'rotateSeconds'>, tick: number): number {
  if (screen.pages.length <= 1 || screen.rotateSeconds <= 0) return 0;
  return Math.floor(tick / screen.rotateSeconds) % screen.pages.length;
}
