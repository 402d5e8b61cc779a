/**
 * 摄像头 on a map (issue #18): the cameras as buttons over an ECharts map, each at its place
 * (convertToPixel of the map's coordinate system), a camera glyph in a ring that reads on any grid's
 * colour; a linked one (联动) is drawn larger and in the alert colour. A button is focusable and opens
 * with Enter like a click. `CameraLiveTile` is the live picture a point opens over the map: its name,
 * × (focused on open) and Esc close it, and focus goes back to the point. No address is shown or logged.
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import type { Result } from '../../../../preload/contract';
import { fill, useMessages } from '../../locales';
import { CameraPlayer } from './CameraPlayer';
import './camera-map.css';

export interface CameraPlace {
  readonly code: string;
  readonly name: string;
  readonly lng: number;
  readonly lat: number;
  readonly gridCode: string;
}
export interface CameraSpot {
  readonly code: string;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly linked: boolean;
}

/** Where each camera stands on the chart (CSS pixels of its box); one outside the drawn map is left out. */
export function spotsOf(
  instance: { convertToPixel(finder: Record<string, number>, value: number[]): number[] | number; getWidth(): number; getHeight(): number },
  finder: Record<string, number>,
  places: readonly CameraPlace[],
  linked: ReadonlySet<string> = new Set(),
): CameraSpot[] {
  const spots: CameraSpot[] = [];
  for (const p of places) {
    let at: number[] | number;
    try {
      at = instance.convertToPixel(finder, [p.lng, p.lat]);
    } catch {
      continue;
    }
    if (!Array.isArray(at) || !Number.isFinite(at[0]) || !Number.isFinite(at[1])) continue;
    const [x, y] = at as [number, number];
    if (x < 0 || y < 0 || x > instance.getWidth() || y > instance.getHeight()) continue;
    spots.push({ code: p.code, name: p.name, x: Math.round(x), y: Math.round(y), linked: linked.has(p.code) });
  }
  return spots;
}

/** A camera glyph (body and lens), white on the point's colour. */
export function CameraGlyph({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="2" y="6" width="14" height="12" rx="2.5" fill="currentColor" />
      <path d="M17 10.5 22 7.5v9l-5-3z" fill="currentColor" />
    </svg>
  );
}

export function CameraMapPoints({ spots, size, onOpen, testId }: { spots: readonly CameraSpot[]; size: number; onOpen(code: string, from: HTMLElement): void; testId: string }) {
  const m = useMessages().cameraMap;
  return (
    <div className="camera-map-points" data-testid={testId} data-cameras={spots.map((s) => s.code).join(',')}>
      {spots.map((s) => {
        const d = s.linked ? Math.round(size * 1.25) : size;
        const style: CSSProperties = { left: s.x - d / 2, top: s.y - d / 2, width: d, height: d };
        return (
          <button
            key={s.code}
            type="button"
            className={`camera-map-point${s.linked ? ' linked' : ''}`}
            style={style}
            data-testid="camera-map-point"
            data-code={s.code}
            data-linked={s.linked ? 'true' : undefined}
            aria-label={fill(s.linked ? m.linked : m.point, { name: s.name, code: s.code })}
            title={s.name}
            onClick={(e) => onOpen(s.code, e.currentTarget)}
          >
            <CameraGlyph size={Math.round(d * 0.62)} />
          </button>
        );
      })}
    </div>
  );
}

type Stream = { name: string; hlsUrl: string | null; flvUrl: string | null; whepUrl?: string | null };

/**
 * The live picture of one camera over a map: asks for its stream (`load`), plays it, closes with ×
 * or Esc (focus back to `returnTo`). `className` sizes it (the wall's tile, the desk's modal body).
 */
export function CameraLiveTile({
  name,
  load,
  onClose,
  returnTo,
  className,
  closeButton = true,
}: {
  name: string;
  load: () => Promise<Result<Stream>>;
  onClose(): void;
  returnTo?: HTMLElement | null;
  className?: string;
  closeButton?: boolean;
}) {
  const m = useMessages().cameraMap;
  const [stream, setStream] = useState<Stream | null>(null);
  const [failed, setFailed] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const latest = useRef({ onClose, returnTo });
  useLayoutEffect(() => {
    latest.current = { onClose, returnTo };
  });
  useEffect(() => {
    let alive = true;
    void load().then((r) => {
      if (!alive) return;
      if (r.ok) setStream(r.data);
      else setFailed(true);
    });
    return () => {
      alive = false;
    };
  }, [load]);
  useEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      latest.current.onClose();
    };
    if (closeButton) document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      latest.current.returnTo?.focus();
    };
  }, [closeButton]);
  return (
    <div className={`camera-live-tile ${className ?? ''}`} role={closeButton ? 'dialog' : undefined} aria-label={fill(m.live, { name })} data-testid="camera-live-tile">
      {closeButton && (
        <div className="camera-live-head">
          <span className="camera-live-name">{fill(m.live, { name })}</span>
          <button ref={close} type="button" className="camera-live-close" aria-label={m.close} title={m.close} onClick={onClose} data-testid="camera-live-close">
            ×
          </button>
        </div>
      )}
      <div className="camera-live-body">
        {stream ? (
          <CameraPlayer name={stream.name} hlsUrl={stream.hlsUrl} flvUrl={stream.flvUrl} whepUrl={stream.whepUrl} className="camera-live-player" />
        ) : (
          <div className="camera-live-note" role={failed ? 'alert' : undefined}>
            {failed ? m.loadFailed : m.loading}
          </div>
        )}
      </div>
    </div>
  );
}
