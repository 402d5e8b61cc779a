/** Panel name → component. Adding a panel: a name in WALL_PANELS, a spec in core, a component here. */
import type { ComponentType } from 'react';
import type { WallPanelKind } from '../../../../preload/contract/wall-schemas';
import { ActivePlansPanel } from './ActivePlansPanel';
import { BoardBreakdownPanel } from './BoardBreakdownPanel';
import { CameraGroupPanel } from './CameraGroupPanel';
import { CameraPanel } from './CameraPanel';
import { CategoryBreakdownPanel } from './CategoryBreakdownPanel';
import { ClockPanel } from './ClockPanel';
import { FiguresPanel } from './FiguresPanel';
import { GridMapPanel } from './GridMapPanel';
import { HourlyTrendPanel } from './HourlyTrendPanel';
import { LinkagePanel } from './LinkagePanel';
import { OnDutyPanel } from './OnDutyPanel';
import { OverdueListPanel } from './OverdueListPanel';
import { RankingPanel } from './RankingPanel';
import { SlaRatesPanel } from './SlaRatesPanel';
import { StatusCountsPanel } from './StatusCountsPanel';
import { TickerPanel } from './TickerPanel';
import type { PanelProps } from './types';

export const PANEL_COMPONENTS: Readonly<Record<WallPanelKind, ComponentType<PanelProps>>> = {
  gridMap: GridMapPanel,
  statusCounts: StatusCountsPanel,
  overdueList: OverdueListPanel,
  slaRates: SlaRatesPanel,
  categoryBreakdown: CategoryBreakdownPanel,
  boardBreakdown: BoardBreakdownPanel,
  hourlyTrend: HourlyTrendPanel,
  onDuty: OnDutyPanel,
  activePlans: ActivePlansPanel,
  clock: ClockPanel,
  ticker: TickerPanel,
  ranking: RankingPanel,
  figures: FiguresPanel,
  camera: CameraPanel,
  cameraGroup: CameraGroupPanel,
  cameraLinkage: LinkagePanel,
};

export type { PanelProps };
