/**
 * The colour scale of a map of grids by their event count, in one place: which bucket a count falls
 * in (0 = none, 1, 2–3, 4 and more — the top bucket has no end), its colour, and the ECharts
 * visualMap pieces that draw and label exactly those buckets. Pure, no ECharts, no React.
 *
 * The pieces say `gte`/`lt` and never a lone `min`: ECharts reads a piece with `min` and no `max` as
 * "more than min" (open), so `{ min: 4 }` left a grid of exactly 4 events outside every piece, drawn
 * as if it had none.
 */

/** Where each bucket above "none" starts (a count ≥ the start is in that bucket or a higher one). */
export const GRID_SCALE_STARTS = [1, 2, 4] as const;

/** How many buckets: none, then one per start. */
export const GRID_SCALE_BUCKETS = GRID_SCALE_STARTS.length + 1;

export type GridBucket = 0 | 1 | 2 | 3;

/** Four colours: none, 1, 2–3, 4 and more. */
export type GridScaleColors = readonly [string, string, string, string];

/** The bucket of a count of events: 0 for none (and for NaN or less than 1), 3 for 4 and more, however many. */
export function gridBucket(count: number): GridBucket {
  let bucket = 0;
  for (const start of GRID_SCALE_STARTS) if (count >= start) bucket += 1;
  return bucket as GridBucket;
}

/** The colour a grid with this many events is drawn in. */
export function gridColor(count: number, colors: GridScaleColors): string {
  return colors[gridBucket(count)];
}

export interface GridPiece {
  gte?: number;
  lt?: number;
  label: string;
  color: string;
}

/**
 * The visualMap pieces of the scale, lowest first: every number falls in exactly one (below 1 → none;
 * the last has no upper end), labelled with `labels` (one per bucket).
 */
export function gridPieces(colors: GridScaleColors, labels: readonly string[]): GridPiece[] {
  if (labels.length !== GRID_SCALE_BUCKETS) throw new Error(`the grid scale has ${GRID_SCALE_BUCKETS} buckets, given ${labels.length} labels`);
  const pieces: GridPiece[] = [{ lt: GRID_SCALE_STARTS[0], label: labels[0]!, color: colors[0] }];
  GRID_SCALE_STARTS.forEach((start, i) => {
    const next = GRID_SCALE_STARTS[i + 1];
    pieces.push({ gte: start, ...(next === undefined ? {} : { lt: next }), label: labels[i + 1]!, color: colors[i + 1]! });
  });
  return pieces;
}
