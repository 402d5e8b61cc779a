/** Timing and summary helpers for the benchmark. */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of already sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: sum / Math.max(1, sorted.length),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Rounds for JSON: ms to 4 decimals, ratios to 3. */
export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Runs the contenders round-robin in blocks of `block` calls, so drift (page cache, WAL growth, GC,
 * CPU frequency, other work on the machine) falls on all alike. Each call is timed on its own; the
 * function gets a running index per contender. Returns the samples in ms, by contender.
 */
export async function interleave<K extends string>(
  contenders: Readonly<Record<K, (i: number) => unknown>>,
  iterations: number,
  block: number,
  /** Called after each timed call, outside the timing. */
  observe?: (name: K, index: number, ms: number) => void,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let done = 0; done < iterations; done += block) {
    const n = Math.min(block, iterations - done);
    for (const name of names) {
      const fn = contenders[name];
      const samples = out[name];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn(done + i);
        const elapsed = performance.now() - t;
        samples.push(elapsed);
        observe?.(name, samples.length - 1, elapsed);
      }
    }
  }
  return out;
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string): number => [...s].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number): string => {
    const gap = ' '.repeat(widths[i]! - width(s));
    return i === 0 || i === header.length - 1 ? s + gap : gap + s;
  };
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, i)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
