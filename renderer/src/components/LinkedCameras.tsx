/**
 * 联动摄像头 in the event's detail (issue #18): while the event's linkage is open — a sensor alert, or
 * major and above, with a location; not yet acknowledged (接单); before its set time — the nearest
 * cameras in use, nearest first: name, code, distance (约 320 米) and grid, and when the linkage ends
 * (Beijing time); a leader's 推送到大屏 beside each (PinToWall). Nothing when the event does not link or its linkage has closed; one line when it
 * links but no camera is in range. The core decides (cameras:linked); the page re-asks when the
 * event or the town's cameras change, and hides the section once the server clock passes the end.
 */
import { useCallback, useState } from 'react';
import type { CameraLinked } from '../../../preload/contract/camera-schemas';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatShort } from '../lib/beijing-time';
import { fill } from '../locales';
import { useCameraMessages, type CameraMessages } from '../pages/settings/camera-locales';
import { PinToWall } from './camera/PinToWall';
import './linked-cameras.css';

/** 约 320 米 (to ten metres), 约 1.5 公里 from a kilometre on. */
export function distanceText(t: CameraMessages, m: number): string {
  if (m < 1000) return fill(t.linkage.metres, { n: Math.max(10, Math.round(m / 10) * 10) });
  return fill(t.linkage.kilometres, { n: (Math.round(m / 100) / 10).toFixed(1) });
}

export function LinkedCameras({ eventId }: { eventId: string }) {
  const t = useCameraMessages();
  const desk = useDesk();
  const { now } = useServerClock();
  const [linked, setLinked] = useState<{ eventId: string; data: CameraLinked } | null>(null);
  useFeedLoad(
    useCallback(() => api.cameras.linked({ eventId }), [eventId]),
    {
      apply: (r) => {
        if (r.ok) setLinked({ eventId, data: r.data });
        else if (r.error.code === 'unauthenticated') desk.report(r.error);
      },
      // The event changed (接单), the cameras or the settings changed, the clock was moved.
      feed: { events: (msg) => msg.ids.includes(eventId), town: true, clock: true },
    },
  );
  const l = linked?.eventId === eventId ? linked.data : null;
  if (!l || !l.open || !l.closesAt || now >= Date.parse(l.closesAt)) return null;
  return (
    <section className="detail-section linked-cameras" data-testid="linked-cameras" aria-label={t.linkage.title}>
      <h3>
        {t.linkage.title}
        {/* When it closes matters only while cameras are open (with none in range it would read as a contradiction). */}
        {l.cameras.length > 0 && (
          <span className="muted linked-cameras-until" data-testid="linked-cameras-until">
            {' '}
            · {fill(t.linkage.closesAt, { at: formatShort(l.closesAt).slice(6) })}
          </span>
        )}
      </h3>
      {l.cameras.length === 0 ? (
        <div className="muted" data-testid="linked-cameras-none">
          {fill(t.linkage.none, { radius: l.radiusM })}
        </div>
      ) : (
        <ol className="linked-camera-list" aria-label={t.linkage.listLabel}>
          {l.cameras.map((c) => (
            <li key={c.id} className="linked-camera" data-testid="linked-camera" data-code={c.code}>
              <span className="linked-camera-name">{c.name}</span>
              <code className="muted"> {c.code}</code>
              <span className="num"> · {distanceText(t, c.distanceM)}</span>
              <span className="muted"> · {desk.gridName(c.gridCode) ?? c.gridCode}</span> <PinToWall code={c.code} name={c.name} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
