/**
 * Coalesced re-fetching: however many times `schedule()` is called, `load` runs at most once per
 * `minGapMs` and never twice at once; a call during a run queues exactly one more run. This keeps a
 * burst of feed messages (a sweep touching hundreds of events) to ~4 queue refreshes a second.
 */
import { useCallback, useEffect, useRef } from 'react';

export function useCoalesced(load: () => Promise<void>, minGapMs = 250): () => void {
  const latest = useRef(load);
  latest.current = load;
  const state = useRef({ running: false, pending: false, timer: null as ReturnType<typeof setTimeout> | null, lastStart: 0, disposed: false });

  const run = useCallback(async (): Promise<void> => {
    const s = state.current;
    s.timer = null;
    if (s.disposed) return;
    s.running = true;
    s.lastStart = performance.now();
    try {
      await latest.current();
    } catch (error) {
      console.error('refresh failed', error);
    } finally {
      s.running = false;
    }
    if (s.pending && !s.disposed) {
      s.pending = false;
      s.timer = setTimeout(() => void run(), Math.max(0, s.lastStart + minGapMs - performance.now()));
    }
  }, [minGapMs]);

  const schedule = useCallback(() => {
    const s = state.current;
    if (s.disposed) return;
    if (s.running || s.timer) {
      if (s.running) s.pending = true;
      return;
    }
    s.timer = setTimeout(() => void run(), Math.max(0, s.lastStart + minGapMs - performance.now()));
  }, [minGapMs, run]);

  useEffect(() => {
    const s = state.current;
    s.disposed = false;
    return () => {
      s.disposed = true;
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    };
  }, []);

  return schedule;
}
