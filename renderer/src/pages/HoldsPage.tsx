/**
 * 挂账 (held events): the open events the duty leader let stand past their limits, with the reason
 * and the review date, the nearest review first. Counted apart: none of them is in an overdue list
 * or figure while held; on its review date the desk gets a reminder. A row opens the event.
 */
import { Empty, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { HeldEvent } from '../../../preload/contract';
import { api } from '../api';
import { eventLevelColumn, eventTitleColumn } from '../components/event-columns';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatDateTime } from '../lib/beijing-time';
import { fill, useMessages } from '../locales';

export function HoldsPage({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const l = m.life;
  const desk = useDesk();
  const [rows, setRows] = useState<HeldEvent[] | null>(null);
  useFeedLoad(
    useCallback(() => api.events.holds({}), []),
    {
      apply: (r) => (r.ok ? setRows(r.data) : desk.report(r.error)),
      feed: { events: true, clock: true },
    },
  );
  const due = rows?.filter((r) => r.reviewDue).length ?? 0;
  return (
    <div className="page-pad" data-testid="holds-page">
      <h2 className="page-title">{l.listTitle}</h2>
      {rows && rows.length > 0 && (
        <p className="muted" data-testid="holds-count">
          {fill(l.count, { count: rows.length, due })}
        </p>
      )}
      {rows && rows.length === 0 && <Empty description={l.listEmpty} />}
      {rows && rows.length > 0 && (
        <Table<HeldEvent>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={rows}
          data-testid="holds-table"
          onRow={(r) => ({ 'data-testid': 'hold-row', 'data-event-id': r.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            eventTitleColumn(l.title, onOpenEvent),
            eventLevelColumn(l.level, m),
            { title: l.category, dataIndex: 'categoryName', key: 'category', width: 150 },
            { title: l.leadPost, key: 'lead', width: 140, render: (_, r) => r.leadPostName ?? '—' },
            { title: l.reason, dataIndex: 'reason', key: 'reason' },
            {
              title: l.reviewDate,
              key: 'reviewBy',
              width: 170,
              render: (_, r) => (
                <span className="num">
                  {r.reviewBy} {r.reviewDue && <Tag color="red">{l.reviewDue}</Tag>}
                </span>
              ),
            },
            { title: l.heldAt, key: 'heldAt', width: 150, render: (_, r) => <span className="num">{r.heldAt ? formatDateTime(r.heldAt) : '—'}</span> },
          ]}
        />
      )}
    </div>
  );
}
