/**
 * The district-sync indicator, always on the header: connected / offline N minutes / not
 * authorised / not configured, the ops waiting to be sent, the last successful sync (Beijing time)
 * and a red count of the ops the district refused or that were quarantined; 同步异常 while the district
 * misbehaves (an oversize message or page, a stuck cursor, op times ahead, ops set aside: each worded
 * in the tooltip and above the list). A click opens the list of those ops (SyncProblemsDrawer), so a
 * refused op is never missed; a new one also pops up a notice.
 *
 * Re-read on the feed (`sync` from the worker when its state or counts change, `events` for ops
 * made here, `alarms`, `clock`) and every 10 s as a fallback for the offline counter.
 */
import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Tooltip } from 'antd';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { SyncProblem, SyncStatus } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { requestSettingsTab } from '../pages/settings/settings-tab';
import { beijingDate, formatClock, formatDateTime, formatShort } from '../lib/beijing-time';
import { fill, formatDuration, nameOf, useMessages, type Messages } from '../locales';
import { SyncProblemsDrawer, useEventTitles } from './SyncProblemsDrawer';

/** The fallback poll: the offline counter and the last-success time stay fresh without the feed. */
const POLL_MS = 10_000;
const SEEN_KEY = 'duty-desk-sync-seen:';

type Tone = 'ok' | 'warn' | 'bad' | 'idle';

const loadStatus = () => Promise.all([api.sync.status({}), api.clock.now({})]);
const loadProblems = () => api.sync.problems({});

const TONE_COLOUR: Record<Tone, string> = { ok: '#22c55e', warn: '#f59e0b', bad: '#ef4444', idle: '#94a3b8' };

/** What one status looks like on the header. */
export function describeSync(m: Messages, status: SyncStatus | null, offlineMs: number): { label: string; tone: Tone; icon: ReactNode } {
  const s = m.sync.states;
  if (!status) return { label: s.connecting, tone: 'idle', icon: <CloudSyncOutlined /> };
  if (!status.configured) return { label: s.notConfigured, tone: 'idle', icon: <StopOutlined /> };
  switch (status.state) {
    case 'connected':
      return { label: s.connected, tone: 'ok', icon: <CloudOutlined /> };
    case 'offline': {
      const minutes = Math.floor(offlineMs / 60_000);
      const tone: Tone = status.offlineAlarmMs > 0 && offlineMs >= status.offlineAlarmMs ? 'bad' : 'warn';
      return { label: minutes < 1 ? s.offlineJustNow : fill(s.offline, { minutes }), tone, icon: <DisconnectOutlined /> };
    }
    case 'unauthorized':
      return { label: s.unauthorized, tone: 'bad', icon: <StopOutlined /> };
    case 'stopped':
      return { label: s.stopped, tone: 'idle', icon: <StopOutlined /> };
    default:
      return { label: s.connecting, tone: 'idle', icon: <CloudSyncOutlined /> };
  }
}

/** Beijing time of the last success: the time alone today, the date as well otherwise. */
function whenText(iso: string, now: number): string {
  return beijingDate(iso) === beijingDate(now) ? formatClock(iso) : formatShort(iso);
}

function readSeen(townCode: string): number {
  try {
    return Number(localStorage.getItem(SEEN_KEY + townCode) ?? '0') || 0;
  } catch {
    return 0;
  }
}

function writeSeen(townCode: string, seq: number): void {
  try {
    localStorage.setItem(SEEN_KEY + townCode, String(seq));
  } catch {
    // No storage: the "new" marks last for this page only.
  }
}

/** `onOpenLinkSettings` (administrators): opens 系统设置 → 上级联网. */
export function SyncIndicator({ onOpenLinkSettings }: { onOpenLinkSettings?: () => void } = {}) {
  const m = useMessages();
  const desk = useDesk();
  const { notification } = AntApp.useApp();
  const { now } = useServerClock();
  const canSeeProblems = desk.can('read');
  const townCode = desk.session.townCode;
  /** The status, and the server time it was read at (so "offline N minutes" keeps counting between reads). */
  const [status, setStatus] = useState<{ s: SyncStatus; at: number } | null>(null);
  const [problems, setProblems] = useState<SyncProblem[]>([]);
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(() => readSeen(townCode));
  const titles = useEventTitles();
  const problemCount = status ? status.s.rejected + status.s.quarantined : 0;
  /** The highest problem seq this page knows of (null until the first read): a higher one is news. */
  const known = useRef<number | null>(null);
  /** Whether the first problem list is in (a test waits for it: a problem older than that gets no notice). */
  const [problemsRead, setProblemsRead] = useState(false);

  const refresh = useFeedLoad(loadStatus, {
    apply: ([r, clock]) => {
      if (r.ok) setStatus({ s: r.data, at: clock.ok ? Date.parse(clock.data.now) : Date.now() });
    },
    feed: { sync: true, events: true, alarms: true, clock: true },
    minGapMs: 300,
  });

  // A new refused op pops up a notice (not the ones already there when the page opened).
  const notify = (fresh: SyncProblem[]): void => {
    const latest = fresh[0]!;
    const show = (title: string): void =>
      notification.error({
        key: 'sync-problems',
        title: fill(fresh.every((x) => x.direction === 'pull') ? m.sync.problems.noticePulled : m.sync.problems.notice, { count: fresh.length }),
        description: fill(m.sync.problems.noticeBody, {
          title,
          action: nameOf(m.actions, latest.action ?? latest.entity),
          reason: nameOf(m.sync.reasons, latest.reason),
        }),
        duration: 0,
        placement: 'bottomRight',
        actions: (
          <Button
            size="small"
            type="primary"
            danger
            data-testid="sync-notice-view"
            onClick={() => {
              notification.destroy('sync-problems');
              setOpen(true);
            }}
          >
            {m.sync.problems.view}
          </Button>
        ),
      });
    if (latest.entity === 'event') void titles.load(latest.entityId).then((t) => show(t?.title ?? latest.title ?? latest.entityId));
    else show(nameOf(m.sync.entities, latest.entity));
  };

  useEffect(() => {
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  // The problem list: read once the status is in, then again whenever its count changes.
  const loaded = status !== null;
  const refreshProblems = useFeedLoad(loadProblems, {
    enabled: loaded && canSeeProblems,
    apply: (r) => {
      if (!r.ok) return;
      setProblems(r.data);
      const before = known.current;
      known.current = r.data.reduce((max, p) => Math.max(max, p.seq), before ?? 0);
      const fresh = before === null ? [] : r.data.filter((p) => p.seq > before);
      setProblemsRead(true);
      if (fresh.length > 0) notify(fresh);
    },
    minGapMs: 300,
  });
  const countRead = useRef<number | null>(null);
  useEffect(() => {
    if (!loaded) return;
    if (countRead.current !== null && countRead.current !== problemCount) refreshProblems();
    countRead.current = problemCount;
  }, [loaded, problemCount, refreshProblems]);

  const s = status?.s ?? null;
  const offlineMs = s ? s.offlineForMs + Math.max(0, now - status!.at) : 0;
  const look = describeSync(m, s, offlineMs);
  const conditions = s?.configured ? s.conditions : [];
  // A condition past its alarm time is as bad as a long outage.
  const overdue = conditions.some((c) => s!.problemAlarmMs > 0 && now - Date.parse(c.since) >= s!.problemAlarmMs);
  const unseen = problems.some((p) => p.seq > seen);

  const openLinkSettings = onOpenLinkSettings
    ? (): void => {
        requestSettingsTab('link');
        setOpen(false);
        onOpenLinkSettings();
      }
    : undefined;
  const openList = (): void => {
    // Not linked: there is nothing to list; an administrator goes to 上级联网 instead.
    if (s && !s.configured && openLinkSettings) return openLinkSettings();
    if (!canSeeProblems) return;
    setOpen(true);
    refreshProblems();
  };
  const closeList = (): void => {
    setOpen(false);
    const top = problems.reduce((max, p) => Math.max(max, p.seq), seen);
    setSeen(top);
    writeSeen(townCode, top);
  };

  const tip = useMemo(() => {
    if (!s) return m.sync.tooltip.title;
    const t = m.sync.tooltip;
    const lines: string[] = [t.title];
    if (!s.configured) lines.push(t.notConfigured);
    else {
      if (s.state === 'unauthorized') lines.push(t.unauthorized);
      lines.push(fill(t.pending, { count: s.pending }));
      lines.push(s.lastSuccessAt ? fill(t.lastSuccess, { time: formatDateTime(s.lastSuccessAt, true) }) : t.never);
      lines.push(fill(t.live, { state: s.streaming ? t.liveOn : t.liveOff }));
      if (s.lastError) lines.push(fill(t.error, { error: s.lastError }));
      if (s.offlineAlarmMs > 0) lines.push(fill(t.alarmAfter, { duration: formatDuration(m, s.offlineAlarmMs) }));
      for (const c of s.conditions) lines.push(fill(nameOf(m.sync.conditions, c.kind), { count: c.count }));
    }
    if (problemCount > 0) lines.push(fill(t.problems, { count: problemCount }));
    return (
      <div data-testid="sync-tooltip">
        {lines.map((line, i) => (
          <div key={i}>{line}</div>
        ))}
      </div>
    );
  }, [s, m, problemCount]);

  const pill: CSSProperties = {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 8,
    height: 32,
    padding: '0 10px',
    border: `1px solid ${look.tone === 'bad' || overdue ? '#ef4444' : 'rgba(255,255,255,0.18)'}`,
    borderRadius: 16,
    background: look.tone === 'bad' || overdue ? 'rgba(239,68,68,0.18)' : 'rgba(255,255,255,0.06)',
    color: '#e5edf7',
    cursor: canSeeProblems || onOpenLinkSettings ? 'pointer' : 'default',
    whiteSpace: 'nowrap',
    font: 'inherit',
    fontSize: 13,
  };

  return (
    <>
      <Tooltip title={tip} placement="bottom">
        <button
          type="button"
          style={pill}
          onClick={openList}
          aria-label={m.sync.open}
          data-testid="sync-indicator"
          data-state={s ? (s.configured ? s.state : 'not_configured') : 'loading'}
          data-problems={problemCount}
          data-conditions={conditions.map((c) => c.kind).join(' ')}
          data-problems-read={problemsRead ? 'true' : 'false'}
        >
          <span style={{ color: TONE_COLOUR[look.tone], display: 'inline-flex' }}>{look.icon}</span>
          <span data-testid="sync-label" style={{ fontWeight: 600, color: look.tone === 'ok' ? '#e5edf7' : TONE_COLOUR[look.tone] }}>
            {look.label}
          </span>
          {conditions.length > 0 && (
            <span data-testid="sync-condition-badge" style={{ color: overdue ? TONE_COLOUR.bad : TONE_COLOUR.warn, display: 'inline-flex', gap: 4 }}>
              <WarningOutlined />
              {m.sync.conditionBadge}
            </span>
          )}
          {s?.configured && s.pending > 0 && (
            <span data-testid="sync-pending" className="num" style={{ color: '#fcd34d' }}>
              {fill(m.sync.pending, { count: s.pending })}
            </span>
          )}
          {s?.configured && (
            <span data-testid="sync-last-success" className="num" style={{ color: '#9fb3cc' }}>
              {s.lastSuccessAt ? fill(m.sync.lastSuccess, { time: whenText(s.lastSuccessAt, now) }) : m.sync.never}
            </span>
          )}
          {problemCount > 0 && (
            <span
              data-testid="sync-problem-count"
              className="num"
              data-unseen={unseen ? 'true' : 'false'}
              title={fill(m.sync.problemCount, { count: problemCount })}
              style={{
                minWidth: 20,
                padding: '0 6px',
                borderRadius: 10,
                background: '#dc2626',
                color: '#fff',
                fontWeight: 700,
                lineHeight: '20px',
                textAlign: 'center',
                boxShadow: unseen ? '0 0 0 2px rgba(254,202,202,0.9)' : undefined,
              }}
            >
              {problemCount}
            </span>
          )}
        </button>
      </Tooltip>
      {canSeeProblems && (
        <SyncProblemsDrawer
          open={open}
          onClose={closeList}
          problems={problems}
          conditions={conditions}
          seen={seen}
          titles={titles}
          onOpenLinkSettings={openLinkSettings}
          onChanged={() => {
            refresh();
            refreshProblems();
          }}
        />
      )}
    </>
  );
}
