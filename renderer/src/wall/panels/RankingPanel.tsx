/**
 * 考核排行 (issue #16): grids, villages, boards or posts ranked by one assessment figure over today, this
 * week or this month (Beijing), best or worst first, as many rows as the tile holds (at most `limit`).
 * Each row: the place, the name, the figure and an arrow against the previous period. A rate that
 * counted nothing is — and comes last (core ranks it so; wall-rankings.ts). Plain DOM: no chart.
 */
import { useCallback } from 'react';
import { WALL_PERIODS, WALL_RANKING_BY, WALL_RANKING_FIGURES, WALL_RANKING_ORDERS } from '../../../../preload/contract/wall-schemas';
import type { WallPeriod, WallRankingBy, WallRankingFigure, WallRankingOrder } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import { useRenderedEffect, useWallData } from '../use-wall-data';
import { useWallMessages, wfill, type WallMessages } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import { bodySize, type PanelProps } from './types';
import './assessment.css';

const ROW = 60;

const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

/** The ranking panel's options, with their defaults (the layout's check refuses any other value). */
export function rankingOptions(options: Readonly<Record<string, unknown>>): {
  by: WallRankingBy;
  figure: WallRankingFigure;
  period: WallPeriod;
  order: WallRankingOrder;
  limit: number;
} {
  return {
    by: pick(options.by, WALL_RANKING_BY, 'grid'),
    figure: pick(options.figure, WALL_RANKING_FIGURES, 'closeOnTime'),
    period: pick(options.period, WALL_PERIODS, 'month'),
    order: pick(options.order, WALL_RANKING_ORDERS, 'best'),
    limit: typeof options.limit === 'number' ? options.limit : 8,
  };
}

export const periodOf = (options: Readonly<Record<string, unknown>>): WallPeriod => pick(options.period, WALL_PERIODS, 'month');

/** A rate as a percentage with one decimal; null (nothing counted) as —. */
export function percent(w: WallMessages, rate: number | null): string {
  return rate === null ? w.assess.none : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * The change against the previous period: the arrow, and whether it is for the better. None when
 * either side counted nothing.
 */
export function change(value: number | null, previous: number | null, higherIsBetter: boolean): { arrow: string; tone: 'good' | 'bad' | 'same' } | null {
  if (value === null || previous === null) return null;
  const d = Math.round((value - previous) * 1e6);
  if (d === 0) return { arrow: '→', tone: 'same' };
  return { arrow: d > 0 ? '↑' : '↓', tone: d > 0 === higherIsBetter ? 'good' : 'bad' };
}

export function RankingPanel({ tile, size }: PanelProps) {
  const w = useWallMessages();
  const o = rankingOptions(tile.options);
  const fits = Math.max(1, Math.floor(bodySize(size).height / ROW));
  const limit = Math.min(fits, o.limit);
  const { data, rendered } = useWallData(
    'ranking',
    useCallback(() => api.wall.ranking({ by: o.by, figure: o.figure, period: o.period, order: o.order, limit }), [o.by, o.figure, o.period, o.order, limit]),
    1000,
  );
  useRenderedEffect(data, rendered);
  const isCount = o.figure === 'overdue';
  const show = (v: number | null): string => (isCount ? (v === null ? w.assess.none : wfill(w.assess.count, { n: v })) : percent(w, v));

  return (
    <PanelFrame
      title={wfill(w.assess.title, { by: w.assess.by[o.by], figure: w.assess.figures[o.figure] })}
      meta={wfill(w.assess.meta, { period: w.assess.periods[o.period] })}
      testId="wall-panel-ranking"
    >
      {data && data.rows.length === 0 ? (
        <div className="wall-empty">{wfill(w.assess.empty, { by: w.assess.by[o.by] })}</div>
      ) : (
        <ol className="wall-rank" data-testid="wall-ranking" data-by={o.by} data-figure={o.figure} data-order={o.order} data-period={o.period}>
          {(data?.rows ?? []).map((r) => {
            const c = change(r.value, r.previous, !isCount);
            return (
              <li key={r.key} className="wall-rank-row" data-testid="wall-ranking-row" data-key={r.key} data-value={r.value ?? ''}>
                <span className={`wall-rank-place num${r.rank !== null && r.rank <= 3 ? ' top' : ''}`}>{r.rank ?? w.assess.none}</span>
                <span className="wall-rank-name" data-testid="wall-ranking-name">
                  {r.name}
                </span>
                <span className={`wall-rank-value num${r.value === null ? ' muted' : ''}`} data-testid="wall-ranking-value">
                  {show(r.value)}
                </span>
                <span className={`wall-rank-change num ${c?.tone ?? 'same'}`} data-testid="wall-ranking-change" data-tone={c?.tone ?? ''}>
                  {c ? `${c.arrow} ${show(r.previous)}` : w.assess.none}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </PanelFrame>
  );
}
