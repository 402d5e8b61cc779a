/** Events past their limit, most overdue first: as many rows as the tile holds at 28 px. */
import { useCallback } from 'react';
import { api } from '../../api';
import { useServerClock } from '../../context/ServerClock';
import { formatAge } from '../../lib/beijing-time';
import { nameOf, useMessages } from '../../locales';
import { useRenderedEffect, useWallData } from '../use-wall-data';
import { useWallMessages, wfill } from '../wall-locales';
import { LEVEL_WALL_COLORS } from '../wall-theme';
import { PanelFrame } from './PanelFrame';
import { WallReportMark } from '../../components/situation-report/WallReportMark';
import { bodySize, type PanelProps } from './types';

const ROW = 64;

export function OverdueListPanel({ tile, size }: PanelProps) {
  const m = useMessages();
  const w = useWallMessages();
  const { now } = useServerClock();
  const fits = Math.max(1, Math.floor(bodySize(size).height / ROW));
  const wanted = typeof tile.options.limit === 'number' ? tile.options.limit : 50;
  const limit = Math.min(fits, wanted);
  const { data, rendered } = useWallData(
    'overdueList',
    useCallback(() => api.wall.overdue({ limit }), [limit]),
  );
  useRenderedEffect(data, rendered);

  return (
    <PanelFrame title={w.panels.overdueList} meta={data ? wfill(w.overdue.total, { n: data.total }) : undefined} testId="wall-panel-overdueList">
      {data && data.rows.length === 0 ? (
        <div className="wall-empty good">{w.overdue.none}</div>
      ) : (
        <ol className="wall-list" data-testid="wall-overdue-list">
          {(data?.rows ?? []).map((r) => (
            <li key={r.id} className="wall-list-row" data-testid="wall-overdue-row" data-event-id={r.id}>
              <span className="wall-level" style={{ background: LEVEL_WALL_COLORS[r.level] }}>
                {nameOf(m.levels, r.level)}
              </span>
              <span className="wall-list-title">
                {r.title}
                <WallReportMark stage={r.reportStage ?? null} late={r.firstReportLate === true ? 'first' : r.updateReportLate === true ? 'update' : null} />
              </span>
              <span className="wall-list-grid">{r.gridName ?? r.categoryName}</span>
              <span className="wall-list-over bad num">{wfill(w.overdue.over, { t: formatAge(now - Date.parse(r.dueAt), m) })}</span>
            </li>
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}
