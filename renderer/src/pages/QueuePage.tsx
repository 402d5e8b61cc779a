/**
 * The main screen: the live queue of open events (filters, search, totals, the virtualized list),
 * the event detail beside it, and the panels the keyboard opens (one-key dispatch, intake, action
 * dialogs). The console shell forwards key presses here through `handleKey`.
 *
 * What a person may do with an event is the core's answer (`allowedActions` on each queue row and
 * on the detail): every key and button asks it; this page keeps no copy of the lifecycle.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Tag, type InputRef } from 'antd';
import { forwardRef, lazy, Suspense, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { LEVELS, type EventDetail, type QueueRow } from '../../../preload/contract';
import { api } from '../api';
import { ActionDialog, type DialogAction } from '../components/ActionDialog';
import { DispatchPanel, type DispatchPanelHandle, type DispatchTarget } from '../components/DispatchPanel';
import { EventDetailPanel, type EventDetailHandle } from '../components/EventDetailPanel';
import { QueueFilters, NO_FILTERS, type Filters } from '../components/QueueFilters';
import { QueueList } from '../components/QueueList';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { useIntentIds } from '../lib/command-id';
import { loadPinyin, pinyinInitials, usePinyinReady } from '../lib/pinyin-initials';
import { fill, nameOf, useMessages } from '../locales';
import { LEVEL_COLORS } from '../theme';

/** How many open events the desk loads at once (the API's ceiling). */
export const QUEUE_LIMIT = 20000;

export type KeyOutcome = 'consumed' | 'modal' | 'pass';

export interface QueuePageHandle {
  handleKey(e: KeyboardEvent): KeyOutcome;
  /** Selects an event (from an alarm or an approval) and opens its detail. */
  open(eventId: string): void;
  /** Shows one grid's events (a grid touched on the wall): the search box set to the grid. */
  showGrid(gridCode: string): void;
}

/** Whether the key press is someone typing (inputs, text areas, selects, editable text). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return !!target.closest('.ant-select, .ant-picker, .ant-input-number');
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest('button, a[href], [role="button"], [role="tab"], .ant-segmented');
}

/** The intake form (`n`, with pinyin-pro) is loaded once the queue is on screen, not before it (cold start). */
const loadIntakeForm = () => import('../components/IntakeForm');
const IntakeForm = lazy(() => loadIntakeForm().then((module) => ({ default: module.IntakeForm })));

/** Pinyin initials of names that repeat across rows (items, grids, posts): computed once each. */
const initialsCache = new Map<string, string>();
function initialsOf(name: string | null): string {
  if (!name) return '';
  let v = initialsCache.get(name);
  if (v === undefined) {
    const computed = pinyinInitials(name);
    // pinyin-pro not loaded yet: no initials for now, and nothing cached.
    if (computed === null) return '';
    v = computed;
    initialsCache.set(name, v);
  }
  return v;
}

function matches(row: QueueRow, q: string, pinyinReady: boolean): boolean {
  if (row.id.startsWith(q)) return true;
  const hay = `${row.title} ${row.categoryName} ${row.gridName ?? ''} ${row.leadPostName ?? ''} ${row.categoryCode} ${row.gridCode ?? ''}`.toLowerCase();
  if (hay.includes(q)) return true;
  // Initials need pinyin-pro, loaded after the queue's first paint.
  if (!pinyinReady || !/^[a-z]+$/.test(q)) return false;
  return initialsOf(row.categoryName).includes(q) || initialsOf(row.gridName).includes(q) || initialsOf(row.leadPostName).includes(q);
}

type Dialog = { action: DialogAction; detail: EventDetail };

export const QueuePage = forwardRef<QueuePageHandle, { visible: boolean }>(function QueuePage({ visible }, ref) {
  const m = useMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const { now } = useServerClock();

  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<QueueRow[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [dispatchTarget, setDispatchTarget] = useState<DispatchTarget | null>(null);
  const [intakeOpen, setIntakeOpen] = useState(false);
  // Where the focus was when intake opened: it goes back there when intake closes (the dialog is
  // unmounted, so it cannot give it back itself), else to the queue, never to nowhere.
  const focusBeforeIntake = useRef<HTMLElement | null>(null);
  const wasIntakeOpen = useRef(false);
  useEffect(() => {
    if (!intakeOpen && wasIntakeOpen.current) {
      const back = focusBeforeIntake.current;
      if (back && back.isConnected) back.focus();
      else document.querySelector<HTMLElement>('[data-testid="queue-list"] .queue-scroll')?.focus();
    }
    wasIntakeOpen.current = intakeOpen;
  }, [intakeOpen]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const searchRef = useRef<InputRef>(null);
  const dispatchRef = useRef<DispatchPanelHandle>(null);
  /** The officer moved the focus in the dispatch dialog with Tab: Enter then does what the focused control does. */
  const tabbedInDispatch = useRef(false);
  const detailRef = useRef<EventDetailHandle>(null);
  /** One-click actions (accept) are one intent per event and version seen: a double click is the same. */
  const intents = useIntentIds();

  // ---- loading: the queue (coalesced, re-read on every events message); the open detail reads its own ----
  const loadQueue = useCallback(
    () =>
      api.events.queue({
        limit: QUEUE_LIMIT,
        levels: filters.levels.length ? filters.levels : undefined,
        states: filters.states.length ? filters.states : undefined,
        sources: filters.sources.length ? filters.sources : undefined,
        boardCode: filters.boardCode ?? undefined,
        overdueOnly: filters.overdueOnly || undefined,
      }),
    [filters],
  );
  const refreshQueue = useFeedLoad(loadQueue, {
    apply: (result) => {
      setLoading(false);
      if (!result.ok) {
        if (result.error.code === 'unauthenticated') desk.report(result.error);
        return;
      }
      setRows(result.data.rows);
      setTotal(result.data.total);
      setSelectedId((id) => id ?? result.data.rows[0]?.id ?? null);
    },
    feed: { events: true },
  });
  const refreshDetail = (): void => detailRef.current?.reload();
  const searchDone = useCallback(() => searchRef.current?.blur(), []);

  // ---- what is shown ----
  const pinyinReady = usePinyinReady();
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? rows.filter((r) => matches(r, q, pinyinReady)) : rows;
    // A search by initials typed before pinyin-pro arrived is run again when it does.
  }, [rows, search, pinyinReady]);
  // What the queue does not need for its first paint comes right after it.
  useEffect(() => {
    if (loading) return undefined;
    const timer = setTimeout(() => {
      void loadPinyin();
      void loadIntakeForm().catch(() => undefined);
    }, 50);
    return () => clearTimeout(timer);
  }, [loading]);
  const counts = useMemo(() => {
    const byLevel: Record<string, number> = {};
    let overdue = 0;
    for (const r of shown) {
      byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
      if (r.dueAt && Date.parse(r.dueAt) < now) overdue += 1;
    }
    return { byLevel, overdue };
  }, [shown, now]);

  // ---- commands ----
  const move = (delta: number): void => {
    if (shown.length === 0) return;
    const index = selectedId ? shown.findIndex((r) => r.id === selectedId) : -1;
    const next = index < 0 ? 0 : Math.min(shown.length - 1, Math.max(0, index + delta));
    setSelectedId(shown[next]!.id);
  };

  /** `d`: the one-key dispatch of the selected event, if the core allows this person to dispatch it now. */
  const startDispatch = (row: QueueRow | undefined): void => {
    if (!row) return;
    if (!row.allowedActions.includes('dispatch')) {
      // Why not, in the words of the refusal the core would give: the role, or the event's state.
      void message.warning(desk.can('dispatch') ? fill(m.errors.conflict!, { action: nameOf(m.actions, 'dispatch'), state: nameOf(m.states, row.state) }) : m.errors.forbidden);
      return;
    }
    tabbedInDispatch.current = false;
    setDispatchTarget({ eventId: row.id, title: row.title, version: row.version });
  };

  const openDetail = useCallback((id: string) => {
    setSelectedId(id);
    setDetailOpen(true);
  }, []);

  const selectedRow = selectedId ? rows.find((r) => r.id === selectedId) : undefined;

  const onAction = (action: string, detail: EventDetail): void => {
    if (action === 'dispatch') {
      tabbedInDispatch.current = false;
      setDispatchTarget({ eventId: detail.id, title: detail.title, version: detail.version });
      return;
    }
    if (action === 'accept') {
      // Accepting asks for nothing: one click, no dialog.
      const commandId = intents.of(`accept:${detail.id}:${detail.version}`);
      void api.events.accept({ eventId: detail.id, commandId, expectedVersion: detail.version }).then((result) => {
        if (result.ok) {
          void message.success(fill(m.actionDialog.done, { action: nameOf(m.actions, 'accept') }));
          refreshDetail();
          refreshQueue();
        } else desk.report(result.error);
      });
      return;
    }
    setDialog({ action: action as DialogAction, detail });
  };

  /** `n` or the 登记来电 button: the intake form, the focus given back where it was when it closes. */
  const openIntake = (): void => {
    if (!desk.can('report')) return;
    // Taken now: by the time an effect runs, the dialog has the focus.
    focusBeforeIntake.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setIntakeOpen(true);
  };

  useImperativeHandle(ref, () => ({
    showGrid(gridCode: string) {
      setSearch(desk.gridName(gridCode) ?? gridCode);
    },
    handleKey(e: KeyboardEvent): KeyOutcome {
      if (dispatchTarget) {
        if (e.key === 'Escape') {
          setDispatchTarget(null);
          return 'consumed';
        }
        if (isTyping(e.target)) return 'modal';
        // `d` confirms wherever the focus is. Enter on another control does what that control says —
        // on × (关闭) or 取消 it closes, on the override switch it switches — once the officer has
        // tabbed there or the proposal has arrived (the dialog then puts the focus on 派单 itself, so a
        // focus elsewhere is the officer's, by Tab, the mouse or a screen reader). Only where the dialog
        // put the focus while it is still loading (the × its focus trap picks) does Enter confirm:
        // d, Enter in quick succession is one dispatch.
        if (e.key === 'Tab') {
          tabbedInDispatch.current = true;
          return 'modal';
        }
        const control = e.target instanceof HTMLElement ? e.target.closest('button, a, [role="switch"], [role="button"], [data-dispatch-key-pass]') : null;
        const onOtherControl = !!control && !control.matches('[data-testid="dispatch-confirm"]');
        if (e.key === 'Enter' && onOtherControl && (tabbedInDispatch.current || control.matches('[data-dispatch-key-pass]') || dispatchRef.current?.settled())) return 'modal';
        if (e.key === 'd' || e.key === 'D' || e.key === 'Enter') {
          if (!e.repeat) dispatchRef.current?.confirm();
          return 'consumed';
        }
        return 'modal';
      }
      if (intakeOpen || dialog) return 'modal';
      if (isTyping(e.target)) return 'pass';
      switch (e.key) {
        case 'j':
        case 'J':
        case 'ArrowDown':
          move(1);
          return 'consumed';
        case 'k':
        case 'K':
        case 'ArrowUp':
          move(-1);
          return 'consumed';
        case 'Enter':
          if (isActivatable(e.target)) return 'pass';
          if (selectedId) setDetailOpen(true);
          return 'consumed';
        case 'd':
        case 'D':
          if (e.repeat) return 'consumed';
          startDispatch(selectedRow);
          return 'consumed';
        case 'n':
        case 'N':
          openIntake();
          return 'consumed';
        case '/':
          searchRef.current?.focus({ cursor: 'all' });
          return 'consumed';
        case 'Escape':
          if (detailOpen) {
            setDetailOpen(false);
            return 'consumed';
          }
          return 'pass';
        default:
          return 'pass';
      }
    },
    open: openDetail,
  }));

  return (
    <div className="queue-page" style={{ display: visible ? undefined : 'none' }} data-testid="queue-page">
      <div className="queue-pane">
        <QueueFilters filters={filters} onChange={setFilters} search={search} onSearch={setSearch} searchRef={searchRef} onSearchDone={searchDone} />
        <div className="queue-totals" data-testid="queue-totals">
          <strong data-testid="queue-total">{fill(m.queue.totals, { total })}</strong>
          {shown.length !== total && <span>{fill(m.queue.shown, { shown: shown.length })}</span>}
          {total > rows.length && <span className="muted">{fill(m.queue.truncated, { limit: rows.length })}</span>}
          <span className={counts.overdue > 0 ? 'overdue-count danger' : 'overdue-count'} data-testid="queue-overdue">
            {fill(m.queue.overdue, { count: counts.overdue })}
          </span>
          <span className="level-counts">
            {[...LEVELS].reverse().map((l) => (
              <Tag key={l} color={LEVEL_COLORS[l]} variant="outlined">
                {nameOf(m.levels, l)} {counts.byLevel[l] ?? 0}
              </Tag>
            ))}
          </span>
          {desk.can('report') && (
            <Button size="small" type="primary" icon={<PlusOutlined />} className="queue-intake" onClick={openIntake} data-testid="intake-button">
              {m.queue.intakeButton}
            </Button>
          )}
        </div>
        <QueueList rows={shown} selectedId={selectedId} now={now} compact={detailOpen} loading={loading} onSelect={setSelectedId} onOpen={openDetail} />
      </div>
      {detailOpen && selectedId && (
        <EventDetailPanel ref={detailRef} eventId={selectedId} openEvents={rows} onClose={() => setDetailOpen(false)} onAction={onAction} onSelectEvent={setSelectedId} />
      )}
      {dispatchTarget && (
        <DispatchPanel
          key={dispatchTarget.eventId}
          ref={dispatchRef}
          target={dispatchTarget}
          onClose={() => setDispatchTarget(null)}
          onDone={(eventId) => {
            void message.success(fill(m.dispatch.done, { title: dispatchTarget.title }));
            setDispatchTarget(null);
            refreshQueue();
            if (eventId === selectedId) refreshDetail();
          }}
        />
      )}
      {intakeOpen && (
        <Suspense fallback={null}>
          <IntakeForm
            onClose={() => setIntakeOpen(false)}
            onReported={(eventId, title) => {
              setIntakeOpen(false);
              void message.success(fill(m.intake.done, { title }));
              setSelectedId(eventId);
              refreshQueue();
            }}
          />
        </Suspense>
      )}
      {dialog && (
        <ActionDialog
          action={dialog.action}
          event={dialog.detail}
          openEvents={rows}
          onClose={() => setDialog(null)}
          onDone={(notice) => {
            setDialog(null);
            void message.success(notice);
            refreshDetail();
            refreshQueue();
          }}
        />
      )}
    </div>
  );
});
