/**
 * 考核指标 (issue #16): the town's assessment figures over today, this week or this month (Beijing),
 * each with the previous period beside it and an arrow for the better or the worse. The figures are
 * core.metrics' (docs/metrics.md), as they come. Plain DOM: no chart.
 */
import { useCallback } from 'react';
import type { WallAssessment } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import { useRenderedEffect, useWallData } from '../use-wall-data';
import { useWallMessages, wfill, type WallMessages } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';
import { change, percent, periodOf } from './RankingPanel';
import './assessment.css';

type Set = WallAssessment['current'];
type Kind = 'rate' | 'count' | 'minutes';

/** The figures in the order the panel shows them: how each is read from a set, and which way is better. */
const FIGURES: readonly { key: string; kind: Kind; higherIsBetter: boolean; of: (s: Set) => number | null }[] = [
  { key: 'acceptOnTime', kind: 'rate', higherIsBetter: true, of: (s) => s.acceptOnTime.rate },
  { key: 'dispatchOnTime', kind: 'rate', higherIsBetter: true, of: (s) => s.dispatchOnTime.rate },
  { key: 'onSceneOnTime', kind: 'rate', higherIsBetter: true, of: (s) => s.onSceneOnTime.rate },
  { key: 'closeOnTime', kind: 'rate', higherIsBetter: true, of: (s) => s.closeOnTime.rate },
  { key: 'firstReportOnTime', kind: 'rate', higherIsBetter: true, of: (s) => s.firstReportOnTime.rate },
  { key: 'overdue', kind: 'count', higherIsBetter: false, of: (s) => s.overdue.total },
  { key: 'avgAccept', kind: 'minutes', higherIsBetter: false, of: (s) => s.avgAccept.minutes },
  { key: 'avgHandle', kind: 'minutes', higherIsBetter: false, of: (s) => s.avgHandle.minutes },
  { key: 'returnRate', kind: 'rate', higherIsBetter: false, of: (s) => s.returnRate.rate },
  { key: 'reworkRate', kind: 'rate', higherIsBetter: false, of: (s) => s.reworkRate.rate },
  { key: 'followUpRate', kind: 'rate', higherIsBetter: true, of: (s) => s.followUpRate.rate },
  { key: 'satisfaction', kind: 'rate', higherIsBetter: true, of: (s) => s.satisfaction.rate },
];

/** A duration in minutes, in the unit that reads best: minutes under 100, hours under two days, else days. */
function duration(w: WallMessages, minutes: number): { n: string; unit: string } {
  const split = (template: string, n: string): { n: string; unit: string } => ({ n, unit: template.replace('{n}', '').trim() });
  if (minutes < 100) return split(w.assess.minutes, String(Math.round(minutes)));
  if (minutes < 48 * 60) return split(w.assess.hours, (minutes / 60).toFixed(1));
  return split(w.assess.days, (minutes / 1440).toFixed(1));
}

function Value({ w, kind, value, big }: { w: WallMessages; kind: Kind; value: number | null; big?: boolean }) {
  if (value === null) return <>{w.assess.none}</>;
  if (kind === 'rate') return <>{percent(w, value)}</>;
  const { n, unit } = kind === 'count' ? { n: String(value), unit: w.assess.count.replace('{n}', '').trim() } : duration(w, value);
  return (
    <>
      {n}
      {unit && <span className={big ? 'wall-fig-unit' : undefined}> {unit}</span>}
    </>
  );
}

export function FiguresPanel({ tile }: PanelProps) {
  const w = useWallMessages();
  const period = periodOf(tile.options);
  const { data, rendered } = useWallData(
    'figures',
    useCallback(() => api.wall.figures({ period }), [period]),
    1000,
  );
  useRenderedEffect(data, rendered);

  return (
    <PanelFrame title={w.panels.figures} meta={wfill(w.assess.meta, { period: w.assess.periods[period] })} testId="wall-panel-figures">
      <div className="wall-figs" data-testid="wall-figures" data-period={period}>
        {data &&
          FIGURES.map((f) => {
            const now = f.of(data.current);
            const before = f.of(data.previous);
            const c = change(now, before, f.higherIsBetter);
            return (
              <div key={f.key} className="wall-fig" data-testid="wall-figure" data-figure={f.key} data-value={now ?? ''} data-previous={before ?? ''}>
                <div className="wall-fig-label">{w.assess.figures[f.key]}</div>
                <div className={`wall-fig-value num${now === null ? ' muted' : ''}`}>
                  <Value w={w} kind={f.kind} value={now} big />
                  {c && <span className={`wall-fig-arrow ${c.tone}`}> {c.arrow}</span>}
                </div>
                <div className={`wall-fig-prev num ${c?.tone ?? 'same'}`} data-tone={c?.tone ?? ''}>
                  {c ? `${c.arrow} ` : ''}
                  {w.assess.previous} <Value w={w} kind={f.kind} value={before} />
                </div>
              </div>
            );
          })}
        {data && (
          <div className="wall-fig" data-testid="wall-figure" data-figure="heldNow" data-value={data.heldNow} data-previous="">
            <div className="wall-fig-label">{w.assess.figures.heldNow}</div>
            <div className="wall-fig-value num">
              <Value w={w} kind="count" value={data.heldNow} big />
            </div>
            <div className="wall-fig-prev num same">{wfill(w.assess.heldNew, { n: data.current.newlyHeld })}</div>
          </div>
        )}
      </div>
    </PanelFrame>
  );
}
