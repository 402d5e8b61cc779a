/**
 * One wall screen at its design size (1920×1080 unless the layout says otherwise): the current
 * page's tiles on the screen's grid. Pages turn on the page's one clock (the ServerClock tick), so a
 * rotating screen has no timer of its own; the panels of a page that turns away are unmounted and
 * their charts disposed.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { WallScreenDef } from '../../../preload/contract/wall-schemas';
import { useServerClock } from '../context/ServerClock';
import { PANEL_COMPONENTS } from './panels';
import { PinnedOverlay } from './panels/LinkagePanel';
import { useWallMessages } from './wall-locales';
import { CHART_PANELS, pageAt } from './wall-pages';
import { pageShown, pageTurned, wallStats } from './wall-stats';
import type { WallPanelKind } from '../../../preload/contract/wall-schemas';

export function WallScreenView({ screen, size, pageIndex }: { screen: WallScreenDef; size: { width: number; height: number }; pageIndex?: number }) {
  const w = useWallMessages();
  const { tick } = useServerClock();
  const turned = useRef<number | null>(null);
  // A paused rotation, or one held on the page it has reached (the tests' hooks), keeps the page that is shown.
  const held = turned.current !== null && (wallStats.rotationPaused || wallStats.holdPage === turned.current);
  const due = held && turned.current !== null ? turned.current : (pageIndex ?? pageAt(screen, tick));
  const index = Math.min(due, Math.max(0, screen.pages.length - 1));
  const page = screen.pages[index];
  const chartSlots = page?.tiles.filter((t) => CHART_PANELS.has(t.panel)).length ?? 0;
  // Before the page's charts are created (layout effects run before passive ones).
  useLayoutEffect(() => pageShown(chartSlots), [chartSlots]);
  useEffect(() => {
    if (turned.current === null) {
      turned.current = index;
      return;
    }
    if (turned.current !== index) pageTurned();
    turned.current = index;
  }, [index]);
  const cw = size.width / screen.grid.columns;
  const ch = size.height / screen.grid.rows;
  return (
    <div className="wall-screen" style={{ width: size.width, height: size.height }} data-testid="wall-screen" data-screen-id={screen.id} data-page={index}>
      {page?.tiles.map((tile) => {
        const Panel = PANEL_COMPONENTS[tile.panel as WallPanelKind];
        const box = { left: tile.x * cw, top: tile.y * ch, width: tile.w * cw, height: tile.h * ch };
        return (
          <div key={`${page.id}:${tile.id}`} className="wall-tile" style={box} data-panel={tile.panel}>
            {Panel ? <Panel tile={tile} size={{ width: box.width, height: box.height }} screenId={screen.id} /> : <div className="wall-empty">{w.screen.notFound}</div>}
          </div>
        );
      })}
      {/* 推送到大屏 (issue #18): a pinned camera shows in the page's 联动画面 tile, or over the screen when the page has none. */}
      {!page?.tiles.some((t) => t.panel === 'cameraLinkage') && <PinnedOverlay screenId={screen.id} />}
    </div>
  );
}
