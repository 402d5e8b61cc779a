/**
 * The ops the district refused (rejected: conflict / invalid / forbidden) or that were set aside as
 * malformed (quarantined), newest first: when, which way (推送: ours to the district; 拉取: the
 * district's, not applied here), which event (its title, looked up with events:get),
 * which action, the reason in words, the district's own message, and where the event stands now
 * (after a refusal it was put back to the district's record). Opened from the header's indicator.
 *
 * Above the list, what is wrong with the district's answers now (an oversize message or page, a stuck
 * cursor, op times ahead, ops set aside), each since when. A quarantined op has 重试 (apply it now /
 * send it again) and 忽略 (kept, off the list) for the duty leader and the administrator, each a
 * command of the core, audited.
 */
import { Alert, App as AntApp, Button, Drawer, Empty, Popconfirm, Space, Table, Tag, Tooltip, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import type { State, SyncCondition, SyncProblem } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { formatDateTime } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { fill, formatDuration, nameOf, useMessages } from '../locales';

/** The header's height (styles.css .app-header). */
const HEADER_HEIGHT = 56;

export interface EventTitle {
  readonly title: string;
  readonly state: State;
}

export interface EventTitles {
  /** The title and state of an event, null when this console does not have it, undefined while unknown. */
  get(eventId: string): EventTitle | null | undefined;
  /** Reads (or re-reads) an event's title and state. */
  load(eventId: string): Promise<EventTitle | null>;
}

/** A small cache of event titles for the problem list (one events:get per event). */
export function useEventTitles(): EventTitles {
  const [titles, setTitles] = useState<ReadonlyMap<string, EventTitle | null>>(new Map());
  const inFlight = useRef(new Map<string, Promise<EventTitle | null>>());
  const load = useCallback((eventId: string): Promise<EventTitle | null> => {
    const running = inFlight.current.get(eventId);
    if (running) return running;
    const request = api.events.get({ eventId }).then((r) => {
      const value = r.ok ? { title: r.data.title, state: r.data.state } : r.error.code === 'not_found' ? null : undefined;
      inFlight.current.delete(eventId);
      if (value === undefined) return null; // a passing failure: try again next time
      setTitles((old) => new Map(old).set(eventId, value));
      return value;
    });
    inFlight.current.set(eventId, request);
    return request;
  }, []);
  return useMemo(() => ({ get: (id) => titles.get(id), load }), [titles, load]);
}

/** How far ahead of this console's clock (when it was set aside) an op's hlc was; null when it cannot tell. */
function hlcAheadMs(x: SyncProblem): number | null {
  const wall = x.hlc ? Date.parse(x.hlc.slice(0, 24)) : NaN;
  const at = Date.parse(x.at);
  return Number.isNaN(wall) || Number.isNaN(at) ? null : wall - at;
}

/** 重试 / 忽略 of one quarantined op (the duty leader or the administrator; the core checks and audits). */
function ProblemActions({ problem, onChanged }: { problem: SyncProblem; onChanged(): void }) {
  const m = useMessages();
  const p = m.sync.problems;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [busy, setBusy] = useState<'retry' | 'ignore' | null>(null);
  if (problem.status !== 'quarantined') return <span className="muted">—</span>;
  if (!desk.can('resolveSyncProblem')) return <span className="muted">{p.onlyLeader}</span>;
  const ref = { direction: problem.direction, seq: problem.seq };
  const key = `${problem.direction}:${problem.seq}`;

  const retry = async (): Promise<void> => {
    setBusy('retry');
    const r = await api.sync.retryProblem({ ...ref, commandId: intents.of(`retry:${key}`) });
    intents.forget(`retry:${key}`); // each press is a new attempt
    setBusy(null);
    if (!r.ok) return desk.report(r.error);
    if (r.data.outcome === 'failed') void message.warning(fill(p.retryFailed, { reason: nameOf(m.sync.reasons, r.data.reason) }));
    else void message.success(r.data.outcome === 'applied' ? p.retried : p.requeued);
    onChanged();
  };
  const ignore = async (): Promise<void> => {
    setBusy('ignore');
    const r = await api.sync.ignoreProblem({ ...ref, commandId: intents.of(`ignore:${key}`) });
    setBusy(null);
    if (!r.ok) {
      intents.forget(`ignore:${key}`);
      return desk.report(r.error);
    }
    void message.success(p.ignored);
    onChanged();
  };

  return (
    <Space size={4}>
      <Button size="small" loading={busy === 'retry'} disabled={busy !== null} onClick={() => void retry()} data-testid="sync-problem-retry">
        {p.retry}
      </Button>
      <Popconfirm
        title={problem.direction === 'push' ? p.ignoreConfirmPush : p.ignoreConfirm}
        onConfirm={() => ignore()}
        okButtonProps={{ 'data-testid': 'sync-problem-ignore-ok' } as ButtonProps}
      >
        <Button size="small" danger loading={busy === 'ignore'} disabled={busy !== null} data-testid="sync-problem-ignore">
          {p.ignore}
        </Button>
      </Popconfirm>
    </Space>
  );
}

/** What is wrong with the district's answers now, each since when (in Chinese; the kinds are worded here). */
export function SyncConditions({ conditions }: { conditions: readonly SyncCondition[] }) {
  const m = useMessages();
  if (conditions.length === 0) return null;
  return (
    <div data-testid="sync-conditions" style={{ marginBottom: 12 }}>
      <Alert
        type="error"
        showIcon
        title={m.sync.problems.conditionsTitle}
        description={
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {conditions.map((c) => (
              <li key={c.kind} data-testid="sync-condition" data-kind={c.kind}>
                {fill(nameOf(m.sync.conditions, c.kind), { count: c.count })}
                <span className="muted">（{fill(m.sync.problems.conditionSince, { since: formatDateTime(c.since, true) })}）</span>
              </li>
            ))}
          </ul>
        }
      />
    </div>
  );
}

export function SyncProblemsDrawer({
  open,
  onClose,
  problems,
  conditions,
  seen,
  titles,
  onChanged,
  onOpenLinkSettings,
}: {
  open: boolean;
  onClose(): void;
  problems: readonly SyncProblem[];
  conditions: readonly SyncCondition[];
  seen: number;
  titles: EventTitles;
  /** A problem was retried or ignored: the list and the status are read again. */
  onChanged(): void;
  /** Administrators: a way to 系统设置 → 上级联网. */
  onOpenLinkSettings?: () => void;
}) {
  const m = useMessages();
  const p = m.sync.problems;

  // Titles (and where each event stands now) are read when the list is opened, and for new rows.
  const eventIds = useMemo(() => [...new Set(problems.filter((x) => x.entity === 'event').map((x) => x.entityId))], [problems]);
  const { load } = titles;
  useEffect(() => {
    if (!open) return;
    for (const id of eventIds) void load(id);
  }, [open, eventIds, load]);

  const columns: ColumnsType<SyncProblem> = [
    {
      title: p.at,
      key: 'at',
      width: 150,
      render: (_, x) => <span className="num">{formatDateTime(x.at, true)}</span>,
    },
    {
      title: p.direction,
      key: 'direction',
      width: 70,
      render: (_, x) => (
        <Tooltip title={m.sync.directionHelp[x.direction]}>
          <Tag color={x.direction === 'push' ? 'blue' : 'purple'} data-testid="sync-problem-direction" data-direction={x.direction}>
            {nameOf(m.sync.directions, x.direction)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: p.event,
      key: 'event',
      render: (_, x) => {
        if (x.entity !== 'event') return <span>{nameOf(m.sync.entities, x.entity)}</span>;
        const t = titles.get(x.entityId);
        return (
          <span data-testid="sync-problem-title" style={{ fontWeight: 600 }}>
            {t === undefined ? (
              <span className="muted">{p.loadingTitle}</span>
            ) : t === null && x.title ? (
              // A district op set aside: its event is not here, the op still says what it is.
              x.title
            ) : t === null ? (
              <span className="muted">{fill(p.unknownEvent, { id: x.entityId.slice(0, 8) })}</span>
            ) : (
              t.title
            )}
            {x.seq > seen && (
              <Tag color="red" style={{ marginLeft: 6 }}>
                {p.newTag}
              </Tag>
            )}
          </span>
        );
      },
    },
    {
      title: p.action,
      key: 'action',
      width: 110,
      render: (_, x) => <span data-testid="sync-problem-action">{x.action ? nameOf(m.actions, x.action) : nameOf(m.sync.entities, x.entity)}</span>,
    },
    {
      title: p.status,
      key: 'status',
      width: 150,
      render: (_, x) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          <Tag color={x.status === 'rejected' ? 'red' : 'orange'} data-testid="sync-problem-status">
            {nameOf(m.sync.statuses, x.status)}
          </Tag>
          <Tooltip title={m.sync.reasonHelp[x.reason]}>
            <Tag color="volcano" data-testid="sync-problem-reason" data-reason={x.reason}>
              {nameOf(m.sync.reasons, x.reason)}
            </Tag>
          </Tooltip>
        </span>
      ),
    },
    {
      title: p.message,
      key: 'message',
      render: (_, x) => {
        const ahead = x.reason === 'hlc_ahead' ? hlcAheadMs(x) : null;
        return (
          <span data-testid="sync-problem-message" style={{ wordBreak: 'break-word' }}>
            {ahead !== null ? (
              <Tooltip title={x.message}>{fill(p.hlcAhead, { time: formatDateTime(x.hlc!.slice(0, 24), true), duration: formatDuration(m, ahead) })}</Tooltip>
            ) : (
              x.message || <span className="muted">{p.noMessage}</span>
            )}
          </span>
        );
      },
    },
    {
      title: p.now,
      key: 'now',
      width: 100,
      render: (_, x) => {
        const t = x.entity === 'event' ? titles.get(x.entityId) : null;
        return t ? <Tag>{nameOf(m.states, t.state)}</Tag> : <span className="muted">—</span>;
      },
    },
    {
      title: p.handle,
      key: 'handle',
      width: 140,
      render: (_, x) => <ProblemActions problem={x} onChanged={onChanged} />,
    },
  ];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={p.title}
      extra={
        onOpenLinkSettings && (
          <Button onClick={onOpenLinkSettings} data-testid="sync-open-link-settings">
            {p.linkSettings}
          </Button>
        )
      }
      placement="right"
      size={1120}
      destroyOnHidden
      // The console's one key listener (on window) must not move the queue behind the open list.
      onKeyDown={(e) => e.nativeEvent.stopPropagation()}
      rootClassName="sync-problems-drawer"
      // Below the header: the indicator stays in sight (and live) while the list is open.
      rootStyle={{ top: HEADER_HEIGHT }}
    >
      <div data-testid="sync-problems">
        <SyncConditions conditions={conditions} />
        <Alert type="warning" showIcon title={p.intro} style={{ marginBottom: 12 }} />
        {problems.length === 0 ? (
          <Empty description={p.empty} />
        ) : (
          <Table<SyncProblem>
            size="small"
            rowKey={(x) => `${x.direction}:${x.seq}`}
            columns={columns}
            dataSource={[...problems]}
            pagination={problems.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            onRow={(x) => ({ 'data-testid': 'sync-problem', 'data-op-id': x.opId, 'data-entity-id': x.entityId, 'data-reason': x.reason }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </div>
    </Drawer>
  );
}
