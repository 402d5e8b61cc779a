/**
 * A panel's live data: loaded on mount, then re-loaded when the change feed says events changed or
 * the clock moved — coalesced, at most once per `minGapMs` (two a second by default) however many
 * messages arrive — and after half a minute without any as a safety net (time passes without any
 * message). Never a page reload. Reports how long each feed-driven update took, from the change
 * arriving to the panel showing it (window.__wallStats).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, Result } from '../../../preload/contract';
import { useFeed } from '../context/Feed';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { panelLoaded, panelUpdated } from './wall-stats';

export interface WallData<T> {
  data: T | null;
  error: ApiError | null;
  /** Call once the panel shows `data` (a chart's onRendered, or an effect of a DOM panel). */
  rendered(): void;
}

/**
 * `load`'s identity is the panel's options (scope, hours…: wrap it in useCallback over them): a new
 * one loads at once — outside the coalescing, so a page that rotates in does not hold back the next
 * change — and is not timed as an update.
 */
export function useWallData<T>(panel: string, load: () => Promise<Result<T>>, minGapMs = 500): WallData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const changedAt = useRef<number | null>(null);
  const fetchedAt = useRef(0);
  const lastLoad = useRef(0);
  const lastText = useRef<string | null>(null);

  const timedLoad = useCallback(() => {
    lastLoad.current = performance.now();
    return load();
  }, [load]);
  const refresh = useFeedLoad(timedLoad, {
    apply: (result) => {
      fetchedAt.current = performance.now();
      if (result.ok) {
        // Figures that did not move (an on-time rate over 30 days, an overdue list a new event is not
        // on) are not drawn again: the panel already shows them, so the update is done.
        const text = JSON.stringify(result.data, (key, value: unknown) => (key === 'now' ? undefined : value));
        if (text === lastText.current) {
          if (changedAt.current !== null) {
            panelUpdated(panel, performance.now() - changedAt.current, fetchedAt.current - changedAt.current);
            changedAt.current = null;
          }
        } else {
          lastText.current = text;
          panelLoaded();
          setData(result.data);
        }
        setError(null);
      } else setError(result.error);
    },
    minGapMs,
  });

  // A change is timed from the moment its message arrives, however long the coalescing holds it.
  const schedule = useCallback(() => {
    changedAt.current ??= performance.now();
    refresh();
  }, [refresh]);
  useFeed('events', schedule);
  useFeed('clock', schedule);
  // The safety net: a panel that heard nothing for half a minute reads again (time passes by itself).
  const { tick } = useServerClock();
  useEffect(() => {
    if (tick > 0 && performance.now() - lastLoad.current > 30_000) refresh();
  }, [tick, refresh]);

  const rendered = useCallback(() => {
    if (changedAt.current === null) return;
    panelUpdated(panel, performance.now() - changedAt.current, fetchedAt.current - changedAt.current);
    changedAt.current = null;
  }, [panel]);

  return { data, error, rendered };
}

/** For DOM panels: reports the update once React has put `data` on screen. */
export function useRenderedEffect(data: unknown, rendered: () => void): void {
  useEffect(() => {
    if (data !== null) rendered();
  }, [data, rendered]);
}
