/**
 * The ops the district refused (rejected: conflict / invalid / forbidden) or that were set aside as
 * malformed (quarantined), newest first: when, which way (推送: ours to the district; 拉取: the
 * district's, not applied here), which event (its title, looked up with events:get),
 * which action, the reason in words, the district's own message, and where the event stands now
 * (after a refusal it was put back to the district's record). Opened from the header's indicator.
 */
import { Alert, Drawer, Empty, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import type { State, SyncProblem } from '../../../preload/contract';
import { api } from '../api';
import { formatDateTime } from '../lib/beijing-time';
import { fill, nameOf, useMessages } from '../locales';

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

export function SyncProblemsDrawer({
  open,
  onClose,
  problems,
  seen,
  titles,
}: {
  open: boolean;
  onClose(): void;
  problems: readonly SyncProblem[];
  seen: number;
  titles: EventTitles;
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
      render: (_, x) => (
        <span data-testid="sync-problem-message" style={{ wordBreak: 'break-word' }}>
          {x.message || <span className="muted">{p.noMessage}</span>}
        </span>
      ),
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
  ];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={p.title}
      placement="right"
      size={980}
      destroyOnHidden
      // The console's one key listener (on window) must not move the queue behind the open list.
      onKeyDown={(e) => e.nativeEvent.stopPropagation()}
      rootClassName="sync-problems-drawer"
      // Below the header: the indicator stays in sight (and live) while the list is open.
      rootStyle={{ top: HEADER_HEIGHT }}
    >
      <div data-testid="sync-problems">
        <Alert type="warning" showIcon title={p.intro} style={{ marginBottom: 12 }} />
        {problems.length === 0 ? (
          <Empty description={p.empty} />
        ) : (
          <Table<SyncProblem>
            size="small"
            rowKey="opId"
            columns={columns}
            dataSource={[...problems]}
            pagination={problems.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            onRow={(x) => ({ 'data-testid': 'sync-problem', 'data-op-id': x.opId, 'data-entity-id': x.entityId }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </div>
    </Drawer>
  );
}
