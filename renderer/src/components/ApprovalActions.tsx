/** Approve / refuse one pending request (duty leaders only), with an optional note. */
import { App as AntApp, Button, Input, Space } from 'antd';
import { useState } from 'react';
import type { Approval } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useIntentIds } from '../lib/command-id';
import { useMessages } from '../locales';

export function ApprovalActions({ approval, compact = false }: { approval: Approval; compact?: boolean }) {
  const m = useMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'approve' | 'refuse' | null>(null);
  // Deciding is one intent per choice: a double click sends the same id (the core decides once).
  const intents = useIntentIds();
  if (approval.status !== 'pending') return null;
  if (!desk.can('decideApproval')) return compact ? null : <span className="muted">{m.approvals.onlyLeader}</span>;

  const decide = async (approve: boolean): Promise<void> => {
    setBusy(approve ? 'approve' : 'refuse');
    const result = await api.approvals.decide({ approvalId: approval.id, approve, note: note.trim() || undefined, commandId: intents.of(approve ? 'approve' : 'refuse') });
    setBusy(null);
    if (result.ok) void message.success(approve ? m.approvals.approved : m.approvals.refused);
    else desk.report(result.error);
  };

  return (
    <Space className="approval-actions" wrap>
      {!compact && <Input size="small" placeholder={m.approvals.note} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} style={{ width: 260 }} />}
      <Button size="small" type="primary" loading={busy === 'approve'} onClick={() => void decide(true)} data-testid="approval-approve">
        {m.approvals.approve}
      </Button>
      <Button size="small" danger loading={busy === 'refuse'} onClick={() => void decide(false)} data-testid="approval-refuse">
        {m.approvals.refuse}
      </Button>
    </Space>
  );
}
