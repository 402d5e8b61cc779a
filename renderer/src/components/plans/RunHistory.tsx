/** 历史与复盘: finished and ended runs (drills marked), newest first; each opens its review or its details. */
import { AuditOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, Tag } from 'antd';
import type { PlanRunSummary } from '../../../../preload/contract';
import { formatDateTime } from '../../lib/beijing-time';
import { nameOf, useMessages } from '../../locales';
import { DrillTag } from './DrillTag';
import { RUN_COLORS } from './plan-text';

export function RunHistory({ runs, onReview, onOpen }: { runs: readonly PlanRunSummary[] | null; onReview(runId: string): void; onOpen(runId: string): void }) {
  const m = useMessages();
  const h = m.plans.history;
  return (
    <Table<PlanRunSummary>
      rowKey="id"
      size="middle"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={runs ?? []}
      loading={runs === null}
      data-testid="plan-history"
      locale={{ emptyText: <Empty description={h.none} /> }}
      onRow={(r) => ({ 'data-testid': 'plan-history-row', 'data-run-id': r.id, 'data-drill': r.drill ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: m.plans.library.name,
          render: (_: unknown, r) => (
            <span>
              {r.drill && <DrillTag />}
              {r.name}
              {r.eventTitle && <div className="muted">{r.eventTitle}</div>}
            </span>
          ),
        },
        { title: h.status, width: 100, render: (_: unknown, r) => <Tag color={RUN_COLORS[r.status]}>{nameOf(m.plans.runStatus, r.status)}</Tag> },
        { title: h.startedAt, width: 170, render: (_: unknown, r) => <span className="num">{formatDateTime(r.startedAt)}</span> },
        { title: h.endedAt, width: 170, render: (_: unknown, r) => (r.endedAt ? <span className="num">{formatDateTime(r.endedAt)}</span> : '—') },
        {
          title: h.done,
          width: 100,
          align: 'right',
          render: (_: unknown, r) => (
            <span className="num">
              {r.done}/{r.total}
            </span>
          ),
        },
        { title: h.overdue, width: 100, align: 'right', render: (_: unknown, r) => <span className={`num ${r.overdue > 0 ? 'danger' : 'muted'}`}>{r.overdue}</span> },
        {
          title: m.plans.library.actions,
          width: 200,
          render: (_: unknown, r) => (
            <Space size={4}>
              <Button size="small" type="primary" icon={<AuditOutlined />} onClick={() => onReview(r.id)} data-testid="plan-history-review">
                {h.review}
              </Button>
              <Button size="small" onClick={() => onOpen(r.id)}>
                {h.view}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}
