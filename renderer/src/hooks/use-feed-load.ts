/**
 * The one way the console keeps data on screen fresh: load it, and load it again when the change
 * feed names what it shows — coalesced (a sweep touching hundreds of events is a few reloads, not
 * hundreds), never two loads at once, and with a stale-answer guard: an answer to an older request
 * never overwrites a newer one, and nothing is applied after the component has gone.
 *
 *   const reload = useFeedLoad(
 *     useCallback(() => api.roster.swaps({ month }), [month]),
 *     { apply: (r) => (r.ok ? setSwaps(r.data) : desk.report(r.error)), feed: { roster: (m) => m.parts.includes('swaps') } },
 *   );
 *
 * `load`'s identity is the data's key: a new `load` (the month changed) loads at once and drops the
 * answers still on their way for the old one. `apply` is always the latest one given. `reload()` is
 * for after the person's own change (coalesced like the feed).
 */
import { useCallback, useLayoutEffect, useState } from 'react';
import { useFeedFilter, type FeedFilter } from '../context/Feed';
import { FeedLoader } from '../lib/feed-loader';

export interface FeedLoadOptions<R> {
  /** Shows the answer of the newest request (never an older one, never after unmount). */
  apply(answer: R): void;
  /** The feed messages that make the data stale (none: loads only on a new `load` and on `reload()`). */
  feed?: FeedFilter;
  /** Bursts load at most once per this many milliseconds. Default 250. */
  minGapMs?: number;
  /** While false nothing loads: no first load, the feed and `reload()` are ignored. Default true. */
  enabled?: boolean;
}

const NO_FEED: FeedFilter = {};

export function useFeedLoad<R>(load: () => Promise<R>, options: FeedLoadOptions<R>): () => void {
  const { apply, feed = NO_FEED, minGapMs = 250, enabled = true } = options;
  const [loader] = useState(() => new FeedLoader<R>({ load, apply, minGapMs }));

  // Layout effects, in this order: the latest `load` and `apply` are in place, the loader is open
  // (again, after a remount), and a new key drops the old answers in the same commit that shows the
  // new key — no answer to the old key can land in between.
  useLayoutEffect(() => {
    loader.update(load, apply);
  });
  useLayoutEffect(() => {
    loader.open();
    return () => loader.close();
  }, [loader]);
  useLayoutEffect(() => {
    if (enabled) loader.restart();
    else loader.pause();
  }, [loader, load, enabled]);

  const reload = useCallback(() => loader.schedule(), [loader]);
  useFeedFilter(feed, reload);
  return reload;
}
