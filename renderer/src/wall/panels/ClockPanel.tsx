/** Beijing time, large: the centre's name, the time and the date with its weekday (the page's one clock). */
import { useServerClock } from '../../context/ServerClock';
import { formatClock } from '../../lib/beijing-time';
import { useWall } from '../wall-context';
import { useWallMessages, wfill } from '../wall-locales';
import type { PanelProps } from './types';

export function ClockPanel({ size }: PanelProps) {
  const w = useWallMessages();
  const { centreName } = useWall();
  const { now, manual } = useServerClock();
  const d = new Date(now + 8 * 3600_000);
  const big = Math.max(48, Math.min(140, Math.floor(size.height * 0.42), Math.floor(size.width / 5.2)));
  return (
    <section className="wall-panel wall-clock" data-testid="wall-panel-clock">
      <div className="wall-clock-centre">{centreName}</div>
      <div className="wall-clock-time num" style={{ fontSize: big }} data-testid="wall-clock-time">
        {formatClock(now)}
      </div>
      <div className="wall-clock-date">
        {wfill(w.clock.date, { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() })} {w.clock.weekdays[d.getUTCDay()]} · {w.panels.clock}
        {manual && <span className="wall-tag warn">{w.clock.drill}</span>}
      </div>
    </section>
  );
}
