/**
 * 告警记录 (the leader's view): the alarms of a range (今天 / 近24小时 / 近7天, Beijing time), one kind,
 * open or acknowledged, newest first: what, about which event, when, who acknowledged it, how long it
 * took (「2分05秒」) and the steps it took; above, how many were acknowledged, the median and the slowest.
 */
import { Button, Radio, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import type { AlarmHistory, AlarmHistoryRow } from '../../../../preload/contract/escalation-schemas';
import type { Alarm } from '../../../../preload/contract/schemas';
import { ALARM_KIND_WORDS } from '../../../../preload/contract/voice-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useServerClock } from '../../context/ServerClock';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../../lib/beijing-time';
import { alarmText, fill, useMessages } from '../../locales';
import { useVoiceMessages } from '../voice/voice-locales';
import { formatAckTime, useAlarmDeskMessages } from './alarm-desk-locales';
import { stepText } from './step-text';

type Range = 'today' | 'day' | 'week';
type Status = 'all' | 'open' | 'acked';

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;
const LIMIT = 500;

/** The range's start: Beijing midnight today, 24 hours or 7 days before now (the server's clock). */
function fromOf(range: Range, now: number): string {
  if (range === 'today') return new Date(Math.floor((now + BEIJING) / (24 * HOUR)) * 24 * HOUR - BEIJING).toISOString();
  return new Date(now - (range === 'day' ? 24 : 7 * 24) * HOUR).toISOString();
}

export function AlarmRecords({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const a = useAlarmDeskMessages();
  const m = useMessages();
  const v = useVoiceMessages();
  const desk = useDesk();
  const { now } = useServerClock();
  const [range, setRange] = useState<Range>('day');
  const [kind, setKind] = useState<Alarm['kind'] | 'all'>('all');
  const [status, setStatus] = useState<Status>('all');
  const [history, setHistory] = useState<AlarmHistory | null>(null);
  // The range is taken from the clock when the filter changes (and on each reload: `to` is left to the core's now).
  const [rangeFrom, setRangeFrom] = useState(() => fromOf('day', now));
  const load = useCallback(
    () => api.alarms.history({ from: rangeFrom, limit: LIMIT, ...(kind !== 'all' ? { kind } : {}), ...(status !== 'all' ? { status } : {}) }),
    [rangeFrom, kind, status],
  );
  useFeedLoad(load, {
    apply: (r) => (r.ok ? setHistory(r.data) : desk.report(r.error)),
    feed: { alarms: true },
  });

  const chooseRange = (next: Range): void => {
    setRange(next);
    setRangeFrom(fromOf(next, now));
  };

  const columns: ColumnsType<AlarmHistoryRow> = [
    {
      title: a.columns.alarm,
      key: 'alarm',
      render: (_, r) => (
        <span className="alarm-record-what">
          <strong>{v.kinds[r.kind] ?? v.otherKind}</strong>
          <span className="muted">{alarmText(m, r, formatShort)}</span>
        </span>
      ),
    },
    {
      title: a.columns.event,
      key: 'event',
      width: 180,
      render: (_, r) =>
        r.eventId ? (
          <Button type="link" size="small" className="alarm-record-event" onClick={() => onOpenEvent(r.eventId!)}>
            {r.eventTitle ?? m.alarms.unknownEvent}
          </Button>
        ) : (
          a.noEvent
        ),
    },
    { title: a.columns.raisedAt, key: 'raisedAt', width: 150, render: (_, r) => <span className="num">{formatDateTime(r.raisedAt, true)}</span> },
    {
      title: a.columns.ackedBy,
      key: 'ackedBy',
      width: 120,
      render: (_, r) =>
        r.ackedAt === null ? (
          <span className="alarm-record-open">{a.notAcked}</span>
        ) : (
          <span title={r.ackNote ?? undefined} data-testid="alarm-record-acker">
            {r.ackedByName ?? a.system}
          </span>
        ),
    },
    {
      title: a.columns.ackTime,
      key: 'ackTime',
      width: 110,
      render: (_, r) => (
        <span className="num" data-testid="alarm-record-ack-time">
          {r.ackSeconds === null ? '—' : formatAckTime(a, r.ackSeconds)}
        </span>
      ),
    },
    {
      title: a.columns.steps,
      key: 'steps',
      render: (_, r) =>
        r.steps.length === 0 ? (
          <span className="muted">{a.noSteps}</span>
        ) : (
          <ol className="alarm-record-steps" data-testid="alarm-record-steps">
            {r.steps.map((s) => (
              <li key={s.step}>{stepText(a, s)}</li>
            ))}
          </ol>
        ),
    },
  ];

  const kinds = Object.entries(ALARM_KIND_WORDS) as [Alarm['kind'], string][];
  return (
    <section className="alarm-records" data-testid="alarm-records" aria-label={a.tabs.history}>
      <div className="alarm-records-filters">
        <span className="alarm-records-filter">
          <span className="muted">{a.range}</span>
          <Radio.Group value={range} onChange={(e) => chooseRange(e.target.value as Range)} optionType="button" buttonStyle="solid" size="small" data-testid="alarm-records-range">
            {(['today', 'day', 'week'] as const).map((r) => (
              <Radio.Button key={r} value={r}>
                {a.ranges[r]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </span>
        <span className="alarm-records-filter">
          <span className="muted">{a.kind}</span>
          <Select
            size="small"
            value={kind}
            onChange={setKind}
            style={{ width: 150 }}
            aria-label={a.kind}
            data-testid="alarm-records-kind"
            options={[{ value: 'all', label: a.kindAll }, ...kinds.map(([k]) => ({ value: k, label: v.kinds[k] ?? k }))]}
          />
        </span>
        <span className="alarm-records-filter">
          <span className="muted">{a.status}</span>
          <Radio.Group value={status} onChange={(e) => setStatus(e.target.value as Status)} optionType="button" size="small" data-testid="alarm-records-status">
            <Radio.Button value="all">{a.statusAll}</Radio.Button>
            <Radio.Button value="open">{a.statusOpen}</Radio.Button>
            <Radio.Button value="acked">{a.statusAcked}</Radio.Button>
          </Radio.Group>
        </span>
      </div>
      {history && (
        <div className="alarm-records-summary" data-testid="alarm-records-summary">
          <span>
            {history.acked === 0
              ? a.summaryNone
              : fill(a.summary, { acked: history.acked, median: formatAckTime(a, history.medianAckSeconds ?? 0), max: formatAckTime(a, history.maxAckSeconds ?? 0) })}
          </span>
          <span className="muted">{history.rows.length >= LIMIT ? fill(a.capped, { count: LIMIT }) : fill(a.shown, { count: history.rows.length })}</span>
        </div>
      )}
      <Table<AlarmHistoryRow>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={history?.rows ?? []}
        loading={history === null}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: a.empty }}
        data-testid="alarm-records-table"
        onRow={(r) => ({ 'data-testid': 'alarm-record', 'data-kind': r.kind, 'data-acked': r.ackedAt !== null }) as HTMLAttributes<HTMLElement>}
      />
    </section>
  );
}
