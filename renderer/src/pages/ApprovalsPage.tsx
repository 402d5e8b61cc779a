/** Pending return, extension and 挂账 requests; a duty leader approves or refuses each. */
import { Button, Card, Empty, Tag } from 'antd';
import type { Approval } from '../../../preload/contract';
import { ApprovalActions } from '../components/ApprovalActions';
import { formatDateTime } from '../lib/beijing-time';
import { fill, useMessages } from '../locales';

export function ApprovalsPage({ approvals, onOpenEvent }: { approvals: readonly Approval[]; onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const pending = approvals.filter((a) => a.status === 'pending');
  return (
    <div className="page-pad" data-testid="approvals-page">
      <h2 className="page-title">{m.approvals.title}</h2>
      {pending.length === 0 && <Empty description={m.approvals.empty} />}
      <div className="approval-list">
        {pending.map((a) => (
          <ApprovalCard key={a.id} approval={a} onOpenEvent={onOpenEvent} />
        ))}
      </div>
    </div>
  );
}

function ApprovalCard({ approval, onOpenEvent }: { approval: Approval; onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const p = approval.payload;
  return (
    <Card size="small" className="approval-card" data-testid="approval-card">
      <div className="approval-card-head">
        <Tag color={approval.kind === 'return' ? 'volcano' : 'gold'}>{m.approvals.kind[approval.kind] ?? approval.kind}</Tag>
        <Button type="link" className="approval-event" onClick={() => onOpenEvent(approval.eventId)}>
          {approval.eventTitle}
        </Button>
        <span className="muted">{fill(m.approvals.requestedBy, { name: approval.requestedByName, at: formatDateTime(approval.requestedAt) })}</span>
      </div>
      {typeof p.until === 'string' && <div>{fill(m.approvals.until, { at: formatDateTime(p.until) })}</div>}
      {typeof p.reason === 'string' && <div>{fill(m.approvals.reason, { reason: p.reason })}</div>}
      {typeof p.reviewBy === 'string' && <div>{`${m.life.reviewDate}：${p.reviewBy}`}</div>}
      <div className="approval-card-actions">
        <ApprovalActions approval={approval} />
      </div>
    </Card>
  );
}
