/**
 * 联动画面 (issue #18). While an event is in linkage — the desk's rule (camera-linkage.ts): a sensor
 * alert, or 较大 and above, with a place, not yet acknowledged (接单), before its set time — the tile
 * plays the newest such event's nearest cameras (one alone, two to four in a 2×2 grid) under its
 * level, title and grid and 联动将于 HH:mm 结束 (Beijing time). A camera a leader pinned to this screen
 * from the desk (推送到大屏) takes the tile until it is taken off (取消推送) or replaced. Otherwise a
 * calm 暂无联动. The players of a closed linkage are unmounted and give their decoders back.
 */
import type { WallCamera } from '../../../../preload/contract/wall-schemas';
import { CameraPlayer } from '../../components/camera/CameraPlayer';
import { useServerClock } from '../../context/ServerClock';
import { formatShort } from '../../lib/beijing-time';
import { useWall } from '../wall-context';
import { useWallMessages, wfill, type WallMessages } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';
import { linkageCells, openLinkage, pinOf, useWallLinkage } from './wall-linkage';
import './camera.css';
import './linkage.css';

const hhmm = (iso: string): string => formatShort(iso).slice(6);

/** One camera's picture with its name (and distance) in a corner. */
function LinkageCell({ camera, label }: { camera: WallCamera; label: string }) {
  return (
    <div className="wall-linkage-cell" data-testid="wall-linkage-cell" data-camera={camera.code}>
      <CameraPlayer name={camera.name} hlsUrl={camera.hlsUrl} flvUrl={camera.flvUrl} whepUrl={camera.whepUrl} className="wall-camera-player" />
      <div className="wall-linkage-cell-name">{label}</div>
    </div>
  );
}

/** The pinned camera, alone, under 领导推送 · its name (the tile's body, or the overlay's). */
export function PinnedCamera({ camera, pinnedAt, w }: { camera: WallCamera; pinnedAt: string; w: WallMessages }) {
  return (
    <div className="wall-linkage-main" data-testid="wall-linkage-pinned" data-camera={camera.code}>
      <div className="wall-linkage-info">
        <span className="wall-linkage-badge wall-linkage-badge-pin">{w.linkage.pinned}</span>
        <span className="wall-linkage-title">{camera.name}</span>
        <span className="wall-linkage-until num">{wfill(w.linkage.pinnedAt, { at: hhmm(pinnedAt) })}</span>
      </div>
      <div className="wall-linkage-grid" style={{ gridTemplateColumns: '1fr', gridTemplateRows: '1fr' }}>
        <LinkageCell camera={camera} label={camera.name} />
      </div>
    </div>
  );
}

export function LinkagePanel({ screenId }: PanelProps) {
  const w = useWallMessages();
  const { layoutId } = useWall();
  const { now } = useServerClock();
  const data = useWallLinkage();
  const pin = pinOf(data, screenId);
  const live = openLinkage(data, now);

  let state: 'preview' | 'loading' | 'pinned' | 'linkage' | 'idle';
  let body;
  if (!layoutId) {
    state = 'preview';
    body = <div className="wall-empty">{w.linkage.preview}</div>;
  } else if (!data) {
    state = 'loading';
    body = null;
  } else if (pin) {
    state = 'pinned';
    body = <PinnedCamera camera={pin.camera} pinnedAt={pin.pinnedAt} w={w} />;
  } else if (live) {
    state = 'linkage';
    const { cameras, columns } = linkageCells(live.cameras.length);
    body = (
      <div className="wall-linkage-main" data-testid="wall-linkage-event" data-event-id={live.eventId}>
        <div className="wall-linkage-info">
          <span className={`wall-linkage-badge wall-linkage-level-${live.level}`}>{w.linkage.levels[live.level] ?? live.level}</span>
          <span className="wall-linkage-title" data-testid="wall-linkage-title">
            {live.title}
          </span>
          {live.gridName && <span className="wall-linkage-grid-name">{live.gridName}</span>}
          <span className="wall-linkage-until num" data-testid="wall-linkage-until">
            {wfill(w.linkage.until, { at: hhmm(live.closesAt) })}
          </span>
          {live.others > 0 && <span className="wall-linkage-others">{wfill(w.linkage.others, { n: live.others })}</span>}
        </div>
        {cameras === 0 ? (
          <div className="wall-empty" data-testid="wall-linkage-no-camera">
            {wfill(w.linkage.noCamera, { radius: live.radiusM })}
          </div>
        ) : (
          <div className="wall-linkage-grid" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${columns}, 1fr)` }}>
            {live.cameras.slice(0, cameras).map((c) => (
              <LinkageCell key={c.code} camera={c} label={`${c.name} · ${wfill(w.linkage.distance, { n: Math.max(10, Math.round(c.distanceM / 10) * 10) })}`} />
            ))}
          </div>
        )}
      </div>
    );
  } else {
    state = 'idle';
    body = (
      <div className="wall-empty wall-linkage-idle" data-testid="wall-linkage-idle">
        <div className="wall-linkage-idle-head">{w.linkage.idle}</div>
        <div className="wall-linkage-idle-note">{w.linkage.idleNote}</div>
      </div>
    );
  }

  return (
    <PanelFrame title={w.panels.cameraLinkage} testId="wall-panel-camera-linkage" className="wall-camera wall-linkage">
      <div className="wall-camera-body" data-state={state}>
        {body}
      </div>
    </PanelFrame>
  );
}

/**
 * A pinned camera on a screen whose shown page has no 联动画面 tile: a box over the screen's lower
 * right quarter, until it is taken off or replaced. Nothing (no request beyond the pins) otherwise.
 */
export function PinnedOverlay({ screenId }: { screenId: string }) {
  const w = useWallMessages();
  const data = useWallLinkage(true);
  const pin = pinOf(data, screenId);
  if (!pin) return null;
  return (
    <section className="wall-panel wall-camera wall-linkage wall-pinned-overlay" data-testid="wall-pinned-overlay" aria-label={w.linkage.pinned}>
      <div className="wall-camera-body" data-state="pinned">
        <PinnedCamera camera={pin.camera} pinnedAt={pin.pinnedAt} w={w} />
      </div>
    </section>
  );
}
