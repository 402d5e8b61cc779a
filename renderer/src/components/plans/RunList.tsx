/** The running plans, real ones first: name, 演练 mark, progress and late tasks; a click (or Enter) opens one. */
import { Empty, Progress } from 'antd';
import type { PlanRunSummary } from '../../../../preload/contract';
import { formatShort } from '../../lib/beijing-time';
import { fill, nameOf, useMessages } from '../../locales';
import { DrillTag } from './DrillTag';
import { DRILL_COLOR } from './plan-text';

export function RunList({ runs, selected, onSelect }: { runs: readonly PlanRunSummary[]; selected: string | null; onSelect(runId: string): void }) {
  const m = useMessages();
  const r = m.plans.runs;
  if (runs.length === 0) return <Empty description={<span data-testid="plan-runs-empty">{r.none}</span>}>{<div className="muted plan-empty-hint">{r.noneHint}</div>}</Empty>;
  return (
    <ul className="plan-run-list" data-testid="plan-run-list">
      {runs.map((run) => (
        <li
          key={run.id}
          tabIndex={0}
          className={`plan-run-item ${run.id === selected ? 'selected' : ''} ${run.drill ? 'is-drill' : ''}`}
          onClick={() => onSelect(run.id)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.target === e.currentTarget) {
              e.preventDefault();
              onSelect(run.id);
            }
          }}
          data-testid="plan-run-item"
          data-run-id={run.id}
          data-drill={run.drill ? 'true' : 'false'}
        >
          <div className="plan-run-item-head">
            {run.drill && <DrillTag />}
            <span className="plan-run-item-name">{run.name}</span>
          </div>
          <div className="muted plan-run-item-sub">
            {nameOf(m.plans.kinds, run.kind)} · <span className="num">{formatShort(run.startedAt)}</span>
            {run.eventTitle && ` · ${run.eventTitle}`}
          </div>
          <div className="plan-run-item-progress">
            <Progress
              percent={run.total ? Math.round((run.done / run.total) * 100) : 0}
              showInfo={false}
              size="small"
              strokeColor={run.drill ? DRILL_COLOR : undefined}
              style={{ flex: 1, margin: 0 }}
            />
            <span className="num">
              {run.done}/{run.total}
            </span>
            {run.overdue > 0 && <span className="danger num">{fill(r.overdue, { count: run.overdue })}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}
