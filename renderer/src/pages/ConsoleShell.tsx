/**
 * The signed-in console: header, alarm and calendar banners, the page (queue, approvals, holidays),
 * the shortcut bar. Owns the ONE keydown listener of the page and the alarms, approvals and
 * calendar state, each re-read when the feed names its topic.
 */
import { Alert, App as AntApp, Button, Result, Spin } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Approval, CalendarStatus } from '../../../preload/contract';
import type { AlarmGroup } from '../../../preload/contract/voice-schemas';
import { api } from '../api';
import { AlarmBanner } from '../components/AlarmBanner';
import { AlarmVoice, useVoiceState } from '../components/voice/AlarmVoice';
import { useVoiceMessages } from '../components/voice/voice-locales';
import { PlanProposalBanner } from '../components/plans/PlanProposalBanner';
import { AppHeader, type Page } from '../components/AppHeader';
import { ShortcutBar, ShortcutHelp } from '../components/ShortcutHelp';
import { useDesk } from '../context/Desk';
import { useFeed } from '../context/Feed';
import { useFeedLoad } from '../hooks/use-feed-load';
import { useMyTasks } from '../hooks/use-my-tasks';
import { unlockAlarmSound } from '../lib/alarm-sound';
import { useIntentIds } from '../lib/command-id';
import { fill, useMessages } from '../locales';
import { isTyping, QueuePage, type QueuePageHandle } from './QueuePage';

// Every page but the queue is loaded on first use, so the queue's first bundle stays small (cold
// start): the wall editor carries ECharts, the roster its grids and pickers, settings is the admin's.
const ApprovalsPage = lazy(() => import('./ApprovalsPage').then((module) => ({ default: module.ApprovalsPage })));
const HoldsPage = lazy(() => import('./HoldsPage').then((module) => ({ default: module.HoldsPage })));
const FollowUpPage = lazy(() => import('./FollowUpPage').then((module) => ({ default: module.FollowUpPage })));
const CalendarPage = lazy(() => import('./CalendarPage').then((module) => ({ default: module.CalendarPage })));
const DutyLogPage = lazy(() => import('./DutyLogPage').then((module) => ({ default: module.DutyLogPage })));
const HandoverPage = lazy(() => import('./HandoverPage').then((module) => ({ default: module.HandoverPage })));
const OnDutyPage = lazy(() => import('./OnDutyPage').then((module) => ({ default: module.OnDutyPage })));
const RosterPage = lazy(() => import('./RosterPage').then((module) => ({ default: module.RosterPage })));
const PlansPage = lazy(() => import('./PlansPage').then((module) => ({ default: module.PlansPage })));
const WallEditorPage = lazy(() => import('./WallEditorPage').then((module) => ({ default: module.WallEditorPage })));
const SettingsPage = lazy(() => import('./SettingsPage'));
const AuditPage = lazy(() => import('./AuditPage'));
const HistoryPage = lazy(() => import('./history/HistoryPage'));
const AlarmDeskPage = lazy(() => import('./AlarmDeskPage'));
const AssessmentPage = lazy(() => import('./assessment/AssessmentPage'));
const DutyReportsPage = lazy(() => import('./DutyReportsPage').then((module) => ({ default: module.DutyReportsPage })));
const MyTasksPage = lazy(() => import('./MyTasksPage').then((module) => ({ default: module.MyTasksPage })));

const loadAlarms = () => api.alarms.groups({});
const loadApprovals = () => api.approvals.list({ pendingOnly: true });
const loadCalendar = () => api.calendar.status({});

export function ConsoleShell({ onToggleLocale }: { onToggleLocale(): void }) {
  const m = useMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState<Page>('queue');
  const [helpOpen, setHelpOpen] = useState(false);
  const v = useVoiceMessages();
  const [groups, setGroups] = useState<AlarmGroup[]>([]);
  const voice = useVoiceState('desk');
  const [approvals, setApprovals] = useState<Approval[]>([]);
  const [calendar, setCalendar] = useState<CalendarStatus | null>(null);
  const queueRef = useRef<QueuePageHandle>(null);
  const readable = desk.can('read');
  // 我的任务: the person's own open tasks, and a desktop notification for a new one whatever page is open.
  const myTasks = useMyTasks(readable);

  const refreshAlarms = useFeedLoad(loadAlarms, {
    enabled: readable,
    apply: (r) => {
      if (r.ok) setGroups(r.data);
    },
    feed: { alarms: true, voice: true },
  });
  useFeedLoad(loadApprovals, {
    enabled: readable,
    apply: (r) => {
      if (r.ok) setApprovals(r.data);
    },
    feed: { approvals: true },
  });
  useFeedLoad(loadCalendar, {
    enabled: readable,
    apply: (r) => {
      if (r.ok) setCalendar(r.data);
    },
    // The server clock itself is resynced by ServerClockProvider; a new day may need another year.
    feed: { calendar: true, clock: true },
    minGapMs: 1000,
  });

  // Someone touched a grid on the wall: show that grid's events in the queue.
  useFeed('wallFocus', (message) => {
    setPage('queue');
    queueRef.current?.showGrid(message.gridCode);
  });

  // Acknowledging a group (a line of the alarm view) is one intent per line: a second `A` before the view is re-read is the same.
  const ackIntents = useIntentIds();
  const ackGroup = useCallback(
    async (group?: AlarmGroup) => {
      const target = group ?? groups[0];
      if (!target) return;
      if (!desk.can('ackAlarm')) {
        void message.warning(m.errors.forbidden);
        return;
      }
      const r = await api.alarms.ackGroup({ alarmIds: target.alarmIds, commandId: ackIntents.of(target.key) });
      if (r.ok || r.error.code === 'already_decided') {
        setGroups((list) => list.filter((g) => g.key !== target.key));
        refreshAlarms();
        if (r.ok) void message.info(target.count > 1 ? fill(v.groupAcked, { count: r.data.acked }) : m.alarms.acked);
      } else desk.report(r.error);
    },
    [groups, desk, message, m, v, refreshAlarms, ackIntents],
  );

  const openEvent = useCallback((eventId: string) => {
    setPage('queue');
    queueRef.current?.open(eventId);
  }, []);

  // The page's one keyboard listener: help, alarms, and the queue's keys.
  const onKeyDown = useEffectEvent((e: KeyboardEvent): void => {
    unlockAlarmSound();
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (helpOpen) {
      if (e.key === '?' || e.key === 'Escape') {
        e.preventDefault();
        setHelpOpen(false);
      }
      return;
    }
    if (page === 'queue' && queueRef.current) {
      const outcome = queueRef.current.handleKey(e);
      if (outcome === 'consumed') {
        e.preventDefault();
        return;
      }
      if (outcome === 'modal') return;
    }
    if (isTyping(e.target)) return;
    if (e.key === '?') {
      e.preventDefault();
      setHelpOpen(true);
    } else if ((e.key === 'a' || e.key === 'A') && !e.repeat) {
      e.preventDefault();
      void ackGroup();
    }
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => onKeyDown(e);
    const onPointer = (): void => unlockAlarmSound();
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, []);

  // The demo town says so on every screen (its accounts share the demo password).
  const demoBanner = desk.session.demo ? (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      {m.demoBanner}
    </div>
  ) : null;

  if (!readable) {
    return (
      <div className="app-shell">
        {demoBanner}
        <AppHeader page="queue" onPage={() => undefined} pendingApprovals={0} onToggleLocale={onToggleLocale} />
        <Result status="info" title={m.wall.notForWall} extra={<Button onClick={() => desk.signOut()}>{m.header.signOut}</Button>} />
      </div>
    );
  }

  return (
    <div className="app-shell">
      {demoBanner}
      <AppHeader
        page={page}
        onPage={setPage}
        pendingApprovals={approvals.length}
        myTasksWaiting={myTasks.tasks?.filter((x) => x.canAck).length ?? 0}
        onToggleLocale={onToggleLocale}
      />
      <AlarmBanner groups={groups} voice={voice} onAck={(g) => void ackGroup(g)} onOpenEvent={openEvent} />
      <AlarmVoice groups={groups} screen="desk" state={voice} beepWhenQuiet />
      {page !== 'plans' && desk.can('readPlans') && <PlanProposalBanner onOpen={() => setPage('plans')} />}
      {calendar && calendar.missingYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          banner
          className="calendar-warning"
          data-testid="calendar-warning"
          title={fill(m.calendar.missing, { years: calendar.missingYears.join('、') })}
          action={
            desk.can('editCalendar') ? (
              <Button size="small" onClick={() => setPage('calendar')}>
                {m.header.tabs.calendar}
              </Button>
            ) : undefined
          }
        />
      )}
      <main className="app-main">
        <QueuePage ref={queueRef} visible={page === 'queue'} />
        <Suspense fallback={<Spin style={{ margin: 48 }} />}>
          {page === 'approvals' && <ApprovalsPage approvals={approvals} onOpenEvent={openEvent} />}
          {page === 'holds' && <HoldsPage onOpenEvent={openEvent} />}
          {page === 'followUp' && <FollowUpPage onOpenEvent={openEvent} />}
          {page === 'calendar' && <CalendarPage status={calendar} />}
          {page === 'wall' && <WallEditorPage />}
          {page === 'roster' && <RosterPage />}
          {page === 'onDuty' && <OnDutyPage />}
          {page === 'dutyLog' && <DutyLogPage />}
          {page === 'handover' && <HandoverPage />}
          {page === 'dutyReports' && <DutyReportsPage />}
          {page === 'assessment' && <AssessmentPage onOpenEvent={openEvent} />}
          {page === 'plans' && <PlansPage />}
          {page === 'audit' && <AuditPage onOpenEvent={openEvent} />}
          {page === 'history' && <HistoryPage onOpenEvent={openEvent} />}
          {page === 'myTasks' && <MyTasksPage tasks={myTasks.tasks} onChanged={myTasks.reload} onOpenEvent={openEvent} />}
          {page === 'alarmDesk' && <AlarmDeskPage groups={groups} voice={voice} onAck={(g) => void ackGroup(g)} onOpenEvent={openEvent} />}
          {page === 'settings' && <SettingsPage />}
        </Suspense>
      </main>
      <ShortcutBar />
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
