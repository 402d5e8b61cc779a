/**
 * Active contingency plans (`wall:plans`): each running plan with its name, the 演练 mark on a
 * drill, a progress bar of steps done out of all, and its late tasks in red — real plans first.
 * Re-read when the feed's `plans` topic names runs, when the clock moves (a task can become late
 * by time alone), and every half minute. As many rows as the tile holds; the rest are counted.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PlanRunSummary } from '../../../../preload/contract';
import { api } from '../../api';
import { useServerClock } from '../../context/ServerClock';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatClock } from '../../lib/beijing-time';
import { useRenderedEffect } from '../use-wall-data';
import { panelLoaded, panelUpdated } from '../wall-stats';
import { useWallMessages, wfill } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import { bodySize, type PanelProps } from './types';

const ROW = 104;
const DRILL = '#a78bfa';

const loadPlans = () => api.wall.plans({});

export function ActivePlansPanel({ size }: PanelProps) {
  const w = useWallMessages();
  const { tick } = useServerClock();
  const [runs, setRuns] = useState<readonly PlanRunSummary[] | null>(null);
  const load = useFeedLoad(loadPlans, {
    apply: (r) => {
      if (r.ok) {
        panelLoaded();
        setRuns(r.data.filter((x) => x.status === 'running').sort((a, b) => Number(a.drill) - Number(b.drill)));
      } else setRuns((prev) => prev ?? []);
    },
    feed: { plans: (m) => m.parts.includes('runs'), clock: true },
    minGapMs: 500,
  });
  useEffect(() => {
    if (tick > 0 && tick % 30 === 0) load();
  }, [tick, load]);
  useRenderedEffect(
    runs,
    useCallback(() => panelUpdated('activePlans', 0), []),
  );

  const list = runs ?? [];
  const body = bodySize(size);
  const fits = Math.max(1, Math.floor((body.height - 8) / ROW));
  const overflow = list.length > fits;
  const shown = overflow ? list.slice(0, fits - 1) : list;

  return (
    <PanelFrame title={w.panels.activePlans} meta={<span className="num">{list.length}</span>} testId="wall-panel-activePlans">
      {list.length === 0 ? (
        <div className="wall-empty" data-testid="wall-plans-empty">
          <div>{w.plans.none}</div>
          <div className="wall-note">{w.plans.note}</div>
        </div>
      ) : (
        <ol className="wall-list" data-testid="wall-plans">
          {shown.map((r) => (
            <li
              key={r.id}
              data-testid="wall-plan"
              data-run-id={r.id}
              data-drill={r.drill ? 'true' : 'false'}
              style={{
                height: ROW,
                boxSizing: 'border-box',
                display: 'flex',
                flexDirection: 'column',
                justifyContent: 'center',
                gap: 8,
                borderBottom: '1px solid var(--wall-border)',
                borderLeft: `6px solid ${r.drill ? DRILL : 'var(--wall-accent)'}`,
                paddingLeft: 14,
              }}
            >
              <div style={{ display: 'flex', alignItems: 'center', gap: 14, fontSize: 30, minWidth: 0 }}>
                {r.drill && (
                  <span className="wall-tag" data-testid="wall-plan-drill" style={{ color: DRILL, marginLeft: 0, fontSize: 26, fontWeight: 700 }}>
                    {w.plans.drill}
                  </span>
                )}
                <span className="wall-list-title" style={{ flex: 1, fontWeight: 600 }}>
                  {r.name}
                </span>
                <span className="num" style={{ fontSize: 24, color: 'var(--wall-muted)', whiteSpace: 'nowrap' }}>
                  {wfill(w.plans.started, { t: formatClock(r.startedAt).slice(0, 5) })}
                </span>
                <span
                  className={r.overdue > 0 ? 'bad num' : 'good num'}
                  data-testid="wall-plan-overdue"
                  style={{ fontSize: 28, fontWeight: r.overdue > 0 ? 700 : 400, whiteSpace: 'nowrap' }}
                >
                  {r.overdue > 0 ? wfill(w.plans.overdue, { n: r.overdue }) : w.plans.onTime}
                </span>
              </div>
              <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
                <div style={{ flex: 1, height: 16, borderRadius: 8, background: 'var(--wall-border)', overflow: 'hidden' }} data-testid="wall-plan-bar">
                  <div
                    style={{ width: `${r.total ? Math.round((r.done / r.total) * 100) : 0}%`, height: '100%', background: r.drill ? DRILL : 'var(--wall-accent)', borderRadius: 8 }}
                  />
                </div>
                <span className="num" data-testid="wall-plan-progress" style={{ fontSize: 28, whiteSpace: 'nowrap' }}>
                  {r.done}/{r.total}
                </span>
              </div>
            </li>
          ))}
          {overflow && (
            <li className="wall-note" style={{ height: ROW / 2, display: 'flex', alignItems: 'center' }}>
              {wfill(w.plans.more, { n: list.length - shown.length })}
            </li>
          )}
        </ol>
      )}
    </PanelFrame>
  );
}
