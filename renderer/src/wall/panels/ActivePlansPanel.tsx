/**
 * Active contingency plans and their progress. Plans (数字预案) are not built yet: this panel is fed
 * an empty list, so it says that no plan is running; when a plans API exists, its runs go here.
 */
import { useWallMessages } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';

export interface PlanRun {
  readonly id: string;
  readonly name: string;
  readonly done: number;
  readonly steps: number;
}

const NO_PLANS: readonly PlanRun[] = [];

export function ActivePlansPanel(_props: PanelProps) {
  const w = useWallMessages();
  const runs = NO_PLANS;
  return (
    <PanelFrame title={w.panels.activePlans} meta={String(runs.length)} testId="wall-panel-activePlans">
      {runs.length === 0 ? (
        <div className="wall-empty">
          <div>{w.plans.none}</div>
          <div className="wall-note">{w.plans.note}</div>
        </div>
      ) : (
        <ol className="wall-list">
          {runs.map((r) => (
            <li key={r.id} className="wall-list-row">
              <span className="wall-list-title">{r.name}</span>
              <span className="num">
                {r.done}/{r.steps}
              </span>
            </li>
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}
