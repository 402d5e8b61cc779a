/**
 * 联动画面 (issue #18): a wall page's newest linkage and pinned cameras (wall:linkage), re-asked when
 * events change (a new alert, 接单), the clock moves, a pin or a layout changes (feed `wall`) or the
 * camera register does (feed `town`). Pure helpers for what a tile shows beside it.
 */
import { useCallback, useState } from 'react';
import type { WallLinkage, WallLinkageEvent } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import type { FeedFilter } from '../../context/Feed';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useWall } from '../wall-context';

const ALL: FeedFilter = { events: true, clock: true, wall: true, town: true };
const PINS_ONLY: FeedFilter = { wall: true, town: true, clock: true };

/** `pinsOnly`: a screen without a linkage tile cares only about its pins (no reload on every event). */
export function useWallLinkage(pinsOnly = false): WallLinkage | null {
  const { layoutId, screenIds } = useWall();
  const key = (screenIds ?? []).join(',');
  const [data, setData] = useState<WallLinkage | null>(null);
  useFeedLoad(
    useCallback(() => (layoutId && key ? api.wall.linkage({ layoutId, screenIds: key.split(',') }) : Promise.resolve(null)), [layoutId, key]),
    {
      apply: (r) => {
        if (r?.ok) setData(r.data);
      },
      feed: pinsOnly ? PINS_ONLY : ALL,
      minGapMs: 500,
    },
  );
  return data;
}

/** The linkage still open at `now` (the server's clock): the core says when it closes, the page hides it then. */
export function openLinkage(data: WallLinkage | null, now: number): WallLinkageEvent | null {
  const l = data?.linkage ?? null;
  return l && now < Date.parse(l.closesAt) ? l : null;
}

/** The camera pinned to this screen, if any. */
export function pinOf(data: WallLinkage | null, screenId: string | undefined): WallLinkage['pins'][number] | null {
  if (!data || !screenId) return null;
  return data.pins.find((p) => p.screenId === screenId) ?? null;
}

/** The linkage tile plays one camera alone, two to four in a 2×2 grid (at most four). */
export function linkageCells(count: number): { cameras: number; columns: 1 | 2 } {
  const cameras = Math.min(4, Math.max(0, count));
  return { cameras, columns: cameras <= 1 ? 1 : 2 };
}
