/**
 * One SLA clock as the desk sees it: time left (or over), coloured as it nears its limit (amber
 * under 25 % left) and passes it (red, flashing). Pure: it is handed `now` by the page's one clock.
 */
import { SLA_WARN_LEFT } from '../../../preload/contract/sla-rules';
import { formatCountdown } from '../lib/beijing-time';
import { fill, nameOf, useMessages } from '../locales';

export type SlaStatus = 'ok' | 'warn' | 'over';

export function slaStatus(now: number, dueAt: string | null, startedAt: string | null): SlaStatus | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  const left = due - now;
  if (left < 0) return 'over';
  const start = startedAt ? Date.parse(startedAt) : NaN;
  const total = due - start;
  if (Number.isFinite(total) && total > 0 && left < total * SLA_WARN_LEFT) return 'warn';
  return 'ok';
}

export function SlaClock({
  now,
  dueAt,
  dueKind,
  startedAt,
  showKind = true,
}: {
  now: number;
  dueAt: string | null;
  dueKind: string | null;
  startedAt: string | null;
  showKind?: boolean;
}) {
  const m = useMessages();
  const status = slaStatus(now, dueAt, startedAt);
  if (!status || !dueAt) return <span className="muted">{m.queue.noClock}</span>;
  const left = Date.parse(dueAt) - now;
  const text = status === 'over' ? fill(m.time.overdueBy, { d: formatCountdown(left, m) }) : formatCountdown(left, m);
  return (
    <span className={`sla sla-${status}`} data-testid="sla" data-sla={status}>
      {showKind && dueKind && <span className="sla-kind">{nameOf(m.clockKinds, dueKind)}</span>}
      <span className="sla-time">{text}</span>
    </span>
  );
}
