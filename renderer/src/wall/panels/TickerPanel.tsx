/**
 * The announcement ticker: the tile's messages (or the centre's standing ones) scrolling right to
 * left, by one CSS animation — no timer, nothing to leak.
 */
import { useWall } from '../wall-context';
import { useWallMessages, wfill } from '../wall-locales';
import type { PanelProps } from './types';

export function TickerPanel({ tile, size }: PanelProps) {
  const w = useWallMessages();
  const { centreName } = useWall();
  const given = Array.isArray(tile.options.messages) ? (tile.options.messages as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const messages = given.length > 0 ? given : w.ticker.defaults.map((m) => wfill(m, { centre: centreName }));
  const text = messages.join('　　◆　　');
  const fontSize = Math.max(32, Math.min(64, Math.floor(size.height * 0.36)));
  // About 120 px a second whatever the length; started a third of the way in, so it is never blank.
  const seconds = Math.max(12, Math.round((text.length * fontSize + size.width) / 120));
  return (
    <section className="wall-panel wall-ticker" data-testid="wall-panel-ticker">
      <div className="wall-ticker-label">{w.panels.ticker}</div>
      <div className="wall-ticker-window">
        <div className="wall-ticker-track" style={{ fontSize, animationDuration: `${seconds}s`, animationDelay: `-${Math.round(seconds * 0.3)}s` }}>
          <span>{text}</span>
        </div>
      </div>
    </section>
  );
}
