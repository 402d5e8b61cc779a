/**
 * Pending plan proposals at the top of the plans page: one card each (the event, the plan, the
 * trigger that matched). The first card takes the focus when the page opens, so the duty leader
 * starts the plan with ONE key (Enter) or the button; anyone at the desk may decline with a reason.
 */
import { ThunderboltFilled } from '@ant-design/icons';
import { App as AntApp, Button, Tag, Tooltip } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PlanProposal } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { newCommandId, useIntentIds } from '../../lib/command-id';
import { formatDateTime } from '../../lib/beijing-time';
import { fill, nameOf, useMessages } from '../../locales';
import { triggerText } from './plan-text';
import { ReasonDialog } from './ReasonDialog';
import { useCatalogueNames } from './use-catalogue';

export function ProposalCards({ proposals, onStarted, onChanged }: { proposals: readonly PlanProposal[]; onStarted(runId: string): void; onChanged(): void }) {
  const m = useMessages();
  const p = m.plans.proposals;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<{ proposal: PlanProposal; commandId: string } | null>(null);
  // Starting a proposal is one intent per card: a second Enter (or click) sends the same id, and
  // the core answers it with the run the first one started.
  const intents = useIntentIds();
  const first = useRef<HTMLDivElement>(null);
  const canStart = desk.can('startPlan');
  // Declining a proposal: the desk (officer, leader) — the same roles that may start a drill.
  const canDismiss = desk.can('dismissProposal');
  const firstId = proposals[0]?.id;
  const catalogue = useCatalogueNames();

  // A new first proposal takes the focus (unless the person is typing somewhere).
  useEffect(() => {
    if (!firstId) return;
    const active = document.activeElement;
    if (active && active !== document.body && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA')) return;
    first.current?.focus();
  }, [firstId]);

  if (proposals.length === 0) return null;

  const start = async (proposal: PlanProposal) => {
    if (!canStart) {
      void message.warning(p.leaderOnly);
      return;
    }
    if (busy) return;
    setBusy(proposal.id);
    const r = await api.plans.start({ templateId: proposal.templateId, eventId: proposal.eventId, proposalId: proposal.id, drill: false, commandId: intents.of(proposal.id) });
    setBusy(null);
    if (!r.ok) {
      desk.report(r.error, { subject: 'plan' });
      onChanged();
      return;
    }
    void message.success(fill(p.started, { plan: proposal.templateName }));
    onChanged();
    onStarted(r.data.runId);
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>, proposal: PlanProposal) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter' && !e.repeat) {
      e.preventDefault();
      e.stopPropagation();
      void start(proposal);
    }
  };

  return (
    <section className="plan-proposals" data-testid="plan-proposals">
      <h3 className="plan-proposals-title">
        <ThunderboltFilled /> {p.title}
        {!canStart && <span className="muted plan-proposal-hint">{p.leaderOnly}</span>}
      </h3>
      {proposals.map((proposal, i) => (
        <div
          key={proposal.id}
          ref={i === 0 ? first : undefined}
          className="plan-proposal-card"
          tabIndex={0}
          onKeyDown={(e) => onKey(e, proposal)}
          data-testid="plan-proposal"
          data-proposal-id={proposal.id}
          data-template-id={proposal.templateId}
        >
          <div className="plan-proposal-main">
            <div className="plan-proposal-plan">
              <Tag color="volcano">{nameOf(m.plans.kinds, proposal.kind)}</Tag>
              <strong data-testid="plan-proposal-name">{proposal.templateName}</strong>
              <span className="plan-proposal-event">
                <span className="muted">{p.event}：</span>
                <span data-testid="plan-proposal-event">{proposal.eventTitle}</span>
              </span>
            </div>
            <div className="muted">
              {p.matched}：{triggerText(m, proposal.trigger, catalogue.name)} · {p.at} <span className="num">{formatDateTime(proposal.createdAt)}</span>
            </div>
          </div>
          <div className="plan-proposal-actions">
            {canStart ? (
              <Button type="primary" danger size="large" loading={busy === proposal.id} onClick={() => void start(proposal)} data-testid="plan-proposal-start">
                {p.start} <kbd className="kbd-inline">Enter</kbd>
              </Button>
            ) : (
              <Tooltip title={p.leaderOnly}>
                <Button size="large" disabled data-testid="plan-proposal-start">
                  {p.start}
                </Button>
              </Tooltip>
            )}
            {canDismiss && (
              <Button onClick={() => setDismissing({ proposal, commandId: newCommandId() })} data-testid="plan-proposal-dismiss">
                {p.dismiss}
              </Button>
            )}
            {canStart && i === 0 && <span className="muted plan-proposal-hint">{p.enterHint}</span>}
          </div>
        </div>
      ))}
      {dismissing && (
        <ReasonDialog
          title={fill(p.dismissTitle, { plan: dismissing.proposal.templateName })}
          placeholder={p.dismissReason}
          okText={p.dismiss}
          testId="plan-dismiss"
          onClose={() => setDismissing(null)}
          onConfirm={async (reason) => {
            const r = await api.plans.dismissProposal({ proposalId: dismissing.proposal.id, ...(reason ? { reason } : {}), commandId: dismissing.commandId });
            if (!r.ok) {
              desk.report(r.error, { subject: 'plan' });
              return false;
            }
            void message.info(p.dismissed);
            onChanged();
          }}
        />
      )}
    </section>
  );
}
