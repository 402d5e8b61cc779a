/**
 * A task's clock: the Beijing time it is due and, while it is open, the live countdown (the page's
 * one server clock; red and flashing once past). Once met, the time it was met — red with the
 * minutes late when it was late.
 */
import { useServerClock } from '../../context/ServerClock';
import { formatShort } from '../../lib/beijing-time';
import { fill, useMessages } from '../../locales';
import { SlaClock } from '../SlaClock';

export function TaskClock({ dueAt, metAt, startedAt, open, testId }: { dueAt: string | null; metAt: string | null; startedAt: string | null; open: boolean; testId: string }) {
  const m = useMessages();
  if (!dueAt) return <span className="muted">—</span>;
  const late = metAt ? Date.parse(metAt) > Date.parse(dueAt) : false;
  return (
    <div className="task-clock" data-testid={testId}>
      <span className="num task-clock-due">{formatShort(dueAt)}</span>
      {open ? (
        <LiveCountdown dueAt={dueAt} startedAt={startedAt} />
      ) : metAt ? (
        <span className={`num ${late ? 'danger' : 'ok-text'}`} data-late={late ? 'true' : 'false'}>
          {late ? fill(m.plans.review.lateMinutes, { n: Math.ceil((Date.parse(metAt) - Date.parse(dueAt)) / 60_000) }) : m.plans.review.onTime}
        </span>
      ) : null}
    </div>
  );
}

/** Only this re-renders every second. */
function LiveCountdown({ dueAt, startedAt }: { dueAt: string; startedAt: string | null }) {
  const { now } = useServerClock();
  return <SlaClock now={now} dueAt={dueAt} dueKind={null} startedAt={startedAt} showKind={false} />;
}
