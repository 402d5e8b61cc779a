/**
 * The soak's heap figures (issue #18, test/cameras/wall-camera-soak.ts): growth over the hour from the
 * sample after the warm-up, growth from turn 40, the least-squares slope over the hour's last 80 turns
 * in MB per hour, and a heap snapshot summed by node type (compiled code apart from the page's objects).
 */
import { describe, expect, it } from 'vitest';
import { heapFigures, sumByKind } from './wall-camera-soak';

const MB = 1048576;

describe('wall camera soak figures', () => {
  it('a climb that then holds: growth from turn 10 and from turn 40, and a slope of the flat tail', () => {
    // 10 → 130: +1 MB by turn 50, flat after.
    const samples = Array.from({ length: 13 }, (_, i) => ({ turn: 10 + i * 10, bytes: (15 + Math.min(i, 4) * 0.25) * MB }));
    const f = heapFigures(samples, 40);
    expect(f.start).toBe(15 * MB);
    expect(f.end).toBe(16 * MB);
    expect(f.growthPct).toBeCloseTo((1 / 15) * 100, 6);
    expect(f.laterTurn).toBe(40);
    expect(f.laterPct).toBeCloseTo((0.25 / 15.75) * 100, 6);
    expect(f.slopeTurns).toBe(80);
    expect(f.slopeMbPerHour).toBeCloseTo(0, 9);
  });

  it('a steady leak: the slope is the growth per 120 turns', () => {
    const samples = Array.from({ length: 13 }, (_, i) => ({ turn: 10 + i * 10, bytes: 15 * MB + i * 10 * 2048 }));
    const f = heapFigures(samples, 40);
    expect(f.slopeMbPerHour).toBeCloseTo((120 * 2048) / MB, 9);
  });

  it('a snapshot summed by node type', () => {
    const snapshot = {
      snapshot: {
        meta: { node_fields: ['type', 'name', 'id', 'self_size'], node_types: [['hidden', 'object', 'code', 'native', 'synthetic', 'string'] as string[]] as [string[]] },
      },
      nodes: [4, 0, 1, 0, 1, 0, 2, 100, 5, 0, 3, 20, 2, 0, 4, 300, 3, 0, 5, 7, 0, 0, 6, 3],
    };
    expect(sumByKind(snapshot)).toEqual({ code: 300, objects: 123, native: 7 });
  });
});
