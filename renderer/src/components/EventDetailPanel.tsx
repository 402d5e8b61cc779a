/**
 * The event detail beside the queue: facts, the four SLA clocks, the grid map, assignments,
 * pending approvals and the timeline, with a button for each action the server allows now
 * (`allowedActions`: the renderer keeps no copy of the lifecycle or the role table). Re-read when
 * the feed names the event.
 */
import { CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Empty, Spin, Table, Tag, Tooltip } from 'antd';
import { forwardRef, lazy, Suspense, useCallback, useEffect, useImperativeHandle, useState, type ReactNode } from 'react';
import type { Approval, Assignment, CatalogueItem, EventDetail, QueueRow } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../lib/beijing-time';
import { fill, nameOf, useMessages } from '../locales';
import { LEVEL_COLORS, STATE_COLORS } from '../theme';
import { ApprovalActions } from './ApprovalActions';
import { AttachmentsSection } from './attachments/AttachmentsSection';
import { EventTimeline } from './EventTimeline';
import { LinkedCameras } from './LinkedCameras';
import { SlaClock } from './SlaClock';
import { showsSituationReports, SituationReportSection } from './situation-report/SituationReportSection';

/** The map needs ECharts: loaded with the first detail opened, not with the queue (cold start). */
const GridMap = lazy(() => import('./GridMap').then((module) => ({ default: module.GridMap })));

/** Catalogue items by code: the handling standard does not change while the desk runs. */
const itemCache = new Map<string, Promise<CatalogueItem | null>>();
function catalogueItem(code: string): Promise<CatalogueItem | null> {
  let p = itemCache.get(code);
  if (!p) {
    p = api.catalogue.search({ q: code, limit: 5 }).then((r) => (r.ok ? (r.data.find((i) => i.code === code) ?? null) : null));
    itemCache.set(code, p);
    void p.then((item) => item ?? itemCache.delete(code));
  }
  return p;
}

const ACTION_ORDER = [
  'accept',
  'dispatch',
  'acknowledge',
  'arrive',
  'report_back',
  'verify',
  'reject',
  'close',
  'note',
  'extend',
  'reclassify',
  'hold',
  'release',
  'merge',
  'escalate',
  'return',
  'invalid',
  // a closed event (found in 历史事件, or after a 回访): back to 待受理 with a reason (#16)
  'reopen',
] as const;
const PRIMARY = new Set(['accept', 'dispatch', 'acknowledge', 'report_back', 'verify']);
const DANGER = new Set(['invalid', 'reject']);

export interface EventDetailPanelProps {
  eventId: string;
  openEvents: readonly QueueRow[];
  onClose(): void;
  onAction(action: string, detail: EventDetail): void;
  onSelectEvent(id: string): void;
}

export interface EventDetailHandle {
  /** Reads the event again (after the person's own action on it). */
  reload(): void;
}

export const EventDetailPanel = forwardRef<EventDetailHandle, EventDetailPanelProps>(function EventDetailPanel({ eventId, openEvents, onClose, onAction, onSelectEvent }, ref) {
  const m = useMessages();
  const desk = useDesk();
  const [loaded, setLoaded] = useState<EventDetail | null>(null);
  const [refused, setRefused] = useState<{ eventId: string; text: string } | null>(null);
  const [item, setItem] = useState<CatalogueItem | null>(null);

  const reload = useFeedLoad(
    useCallback(() => api.events.get({ eventId }), [eventId]),
    {
      apply: (result) => {
        if (result.ok) {
          setLoaded(result.data);
          setRefused(null);
        } else setRefused({ eventId, text: desk.describe(result.error) });
      },
      feed: { events: (msg) => msg.ids.includes(eventId) },
    },
  );
  useImperativeHandle(ref, () => ({ reload }), [reload]);
  // Another event picked: nothing of the last one is shown while it loads (a failed re-read of the
  // same event keeps what is shown).
  const detail = loaded?.id === eventId ? loaded : null;
  const error = refused?.eventId === eventId ? refused.text : null;

  const categoryCode = detail?.categoryCode;
  useEffect(() => {
    let alive = true;
    if (categoryCode) void catalogueItem(categoryCode).then((i) => alive && setItem(i));
    return () => {
      alive = false;
    };
  }, [categoryCode]);
  const standard = item && item.code === categoryCode ? item.standard : null;

  if (!detail) {
    return (
      <aside className="detail-panel" data-testid="event-detail">
        <div className="detail-head">
          <span className="detail-title muted">{error ?? m.detail.loading}</span>
          <Button type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={m.detail.close} />
        </div>
        {!error && (
          <div className="center-pad">
            <Spin />
          </div>
        )}
      </aside>
    );
  }

  const duplicate = detail.possibleDuplicateOf ? openEvents.find((r) => r.id === detail.possibleDuplicateOf) : undefined;
  const actions = ACTION_ORDER.filter((a) => detail.allowedActions.includes(a));
  const pending = detail.approvals.filter((a) => a.status === 'pending');

  return (
    <aside className="detail-panel" data-testid="event-detail" data-event-id={detail.id} data-state={detail.state}>
      <div className="detail-head">
        <Tag color={LEVEL_COLORS[detail.level]} variant="solid" className="level-tag">
          {nameOf(m.levels, detail.level)}
        </Tag>
        <h2 className="detail-title" title={detail.title} data-testid="detail-title">
          {detail.title}
        </h2>
        <Tag color={STATE_COLORS[detail.state]} data-testid="detail-state" className="state-tag-lg">
          {nameOf(m.states, detail.state)}
        </Tag>
        <Tooltip title={m.detail.close}>
          <Button type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={m.detail.close} data-testid="detail-close" />
        </Tooltip>
      </div>
      <div className="detail-actions" data-testid="detail-actions">
        {actions.length === 0 && <span className="muted">{m.detail.noActions}</span>}
        {actions.map((a) => (
          <Button key={a} size="middle" type={PRIMARY.has(a) ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => onAction(a, detail)} data-testid={`action-${a}`}>
            {nameOf(m.actions, a)}
            {a === 'dispatch' && <kbd className="kbd-inline">D</kbd>}
          </Button>
        ))}
      </div>
      <div className="detail-body">
        {detail.possibleDuplicateOf && (
          <Alert
            type="warning"
            showIcon
            title={fill(m.detail.duplicateOf, { title: duplicate?.title ?? detail.possibleDuplicateOf.slice(0, 8) })}
            action={
              duplicate ? (
                <Button size="small" onClick={() => onSelectEvent(duplicate.id)}>
                  {m.alarms.open}
                </Button>
              ) : undefined
            }
            className="detail-alert"
          />
        )}
        {detail.carriedOver && detail.holdReviewBy && (
          <Alert
            type="warning"
            showIcon
            title={fill(m.life.held, { reason: detail.carryOverNote ?? '', reviewBy: detail.holdReviewBy, since: detail.clockPausedAt ? formatShort(detail.clockPausedAt) : '' })}
            className="detail-alert"
            data-testid="detail-held"
          />
        )}
        {detail.carriedOver && !detail.holdReviewBy && detail.carryOverNote && (
          <Alert type="info" showIcon title={fill(m.detail.carryOverNote, { note: detail.carryOverNote })} className="detail-alert" />
        )}
        {!detail.carriedOver && detail.clockPausedAt && (
          <Alert type="info" showIcon title={fill(m.life.returnPaused, { since: formatShort(detail.clockPausedAt) })} className="detail-alert" data-testid="detail-paused" />
        )}
        <section className="detail-section">
          <Descriptions size="small" bordered column={2} className="facts" data-testid="detail-facts">
            {detail.description && (
              <Descriptions.Item label={m.detail.description} span={2}>
                {detail.description}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={m.detail.category} span={2}>
              {detail.categoryName}
              <span className="muted"> · {m.boards[detail.boardCode] ?? desk.town?.boards.find((b) => b.code === detail.boardCode)?.name ?? detail.boardCode}</span>
            </Descriptions.Item>
            {standard && (
              <Descriptions.Item label={m.detail.standard} span={2}>
                <span className="standard">{standard}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={m.detail.grid}>{detail.gridName ?? m.detail.noGrid}</Descriptions.Item>
            <Descriptions.Item label={m.detail.source}>{nameOf(m.sources, detail.source)}</Descriptions.Item>
            <Descriptions.Item label={m.detail.caller}>
              {detail.callerName || detail.callerPhone ? `${detail.callerName ?? ''} ${detail.callerPhone ?? ''}`.trim() : m.detail.noCaller}
            </Descriptions.Item>
            <Descriptions.Item label={m.detail.reportedAt}>{formatDateTime(detail.reportedAt, true)}</Descriptions.Item>
          </Descriptions>
        </section>
        {/* 首报 / 续报 / 终报 (issue #15): before the clocks, where 首报超时's 查看事件 lands */}
        {showsSituationReports(detail) && <SituationReportSection key={detail.id} detail={detail} />}
        {/* 联动摄像头 (issue #18): the nearest cameras while the event's linkage is open */}
        <LinkedCameras eventId={detail.id} />
        <section className="detail-section detail-split">
          <div className="clocks" data-testid="detail-clocks">
            <h3>{m.detail.clocks}</h3>
            {detail.clocks.map((c) => (
              <ClockLine
                key={c.kind}
                kind={c.kind}
                startedAt={c.startedAt}
                dueAt={c.dueAt}
                stoppedAt={c.stoppedAt}
                current={detail.dueKind === c.kind}
                settled={detail.dueKind === null}
                paused={detail.clockPausedAt !== null}
              />
            ))}
          </div>
          <div className="map-box">
            <h3>{m.detail.map}</h3>
            <Suspense fallback={<div style={{ height: 210 }} />}>
              <GridMap gridCode={detail.gridCode} location={detail.location} height={210} eventId={detail.id} />
            </Suspense>
          </div>
        </section>
        <section className="detail-section">
          <h3>{m.detail.assignments}</h3>
          <AssignmentTable assignments={detail.assignments} />
        </section>
        {pending.length > 0 && (
          <section className="detail-section">
            <h3>{m.detail.approvals}</h3>
            {pending.map((a) => (
              <ApprovalLine key={a.id} approval={a} />
            ))}
          </section>
        )}
        {/* 附件 (issue #15): thumbnails and files, 添加附件 */}
        <AttachmentsSection key={`attach-${detail.id}`} detail={detail} />
        <section className="detail-section">
          <h3>{m.detail.timeline}</h3>
          <EventTimeline entries={detail.timeline} openEvents={openEvents} />
        </section>
      </div>
    </aside>
  );
});

/**
 * `settled`: the core names no running clock for the event now (its state ended them): a clock that
 * was never stopped there was simply not recorded.
 */
function ClockLine({
  kind,
  startedAt,
  dueAt,
  stoppedAt,
  current,
  settled,
  paused,
}: {
  kind: string;
  startedAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  current: boolean;
  settled: boolean;
  /** The event's clock stands (held, or a return waiting for consent): a running clock says so. */
  paused: boolean;
}) {
  const m = useMessages();
  const { now } = useServerClock();
  let body: ReactNode;
  if (!dueAt) body = <span className="muted">{m.detail.clockNotStarted}</span>;
  else if (!stoppedAt && paused) body = <span className="muted">{m.life.clockPaused}</span>;
  else if (!stoppedAt && settled) body = <span className="muted">{m.detail.clockNotRecorded}</span>;
  else if (stoppedAt) {
    const late = Date.parse(stoppedAt) > Date.parse(dueAt);
    body = <span className={late ? 'danger' : 'ok-text'}>{fill(m.detail.clockStopped, { at: formatShort(stoppedAt) })}</span>;
  } else body = <SlaClock now={now} dueAt={dueAt} dueKind={kind} startedAt={startedAt} showKind={false} />;
  return (
    <div className={current ? 'clock-line current' : 'clock-line'} data-testid={`clock-${kind}`}>
      <span className="clock-name">{nameOf(m.clockKinds, kind)}</span>
      <span className="clock-due muted">{dueAt ? fill(m.detail.clockDue, { at: formatShort(dueAt) }) : ''}</span>
      <span className="clock-state">{body}</span>
    </div>
  );
}

function AssignmentTable({ assignments }: { assignments: readonly Assignment[] }) {
  const m = useMessages();
  if (assignments.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.detail.noAssignments} />;
  const sorted = [...assignments].sort((a, b) => Number(b.active) - Number(a.active) || (a.role === 'lead' ? -1 : 1));
  return (
    <Table<Assignment>
      size="small"
      pagination={false}
      rowKey={(a) => `${a.postId}-${a.dispatchedAt}`}
      dataSource={sorted}
      rowClassName={(a) => (a.active ? '' : 'inactive-row')}
      data-testid="detail-assignments"
      columns={[
        {
          title: m.detail.post,
          key: 'post',
          render: (_, a) => (
            <span>
              <Tag color={a.role === 'lead' ? 'blue' : 'default'}>{a.role === 'lead' ? m.detail.lead : m.detail.cooperating}</Tag>
              {a.postName}
              {!a.active && <span className="muted"> （{m.detail.inactive}）</span>}
            </span>
          ),
        },
        {
          title: m.detail.person,
          key: 'person',
          render: (_, a) =>
            a.personName ? (
              <span>
                {a.personName} {a.as && <Tag color={a.as === 'A' ? 'blue' : 'orange'}>{a.as}</Tag>}
                <span className="num muted">{a.personPhone}</span>
              </span>
            ) : (
              <span className="danger">{m.detail.noHolder}</span>
            ),
        },
        { title: m.detail.dispatchedAt, key: 'd', width: 96, render: (_, a) => <span className="num">{formatShort(a.dispatchedAt).slice(6)}</span> },
        { title: m.detail.acknowledgedAt, key: 'k', width: 96, render: (_, a) => <span className="num">{a.acknowledgedAt ? formatShort(a.acknowledgedAt).slice(6) : '—'}</span> },
        { title: m.detail.arrivedAt, key: 'r', width: 96, render: (_, a) => <span className="num">{a.arrivedAt ? formatShort(a.arrivedAt).slice(6) : '—'}</span> },
      ]}
    />
  );
}

function ApprovalLine({ approval }: { approval: Approval }) {
  const m = useMessages();
  const p = approval.payload;
  return (
    <div className="approval-line" data-testid="detail-approval">
      <Tag color="gold">{m.approvals.kind[approval.kind] ?? approval.kind}</Tag>
      <span>{fill(m.approvals.requestedBy, { name: approval.requestedByName, at: formatShort(approval.requestedAt) })}</span>
      {typeof p.until === 'string' && <span> · {fill(m.approvals.until, { at: formatDateTime(p.until) })}</span>}
      {typeof p.reason === 'string' && <div className="muted">{fill(m.approvals.reason, { reason: p.reason })}</div>}
      {typeof p.reviewBy === 'string' && <div className="muted">{`${m.life.reviewDate}：${p.reviewBy}`}</div>}
      <ApprovalActions approval={approval} compact />
    </div>
  );
}
