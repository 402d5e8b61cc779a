/**
 * The console-wide prompt for a pending plan proposal (an event matched a plan's trigger): an amber
 * bar under the alarm banner on every page but the plans page, whose button opens the plans page
 * with the proposal card focused (Enter there starts the plan).
 */
import { ThunderboltFilled } from '@ant-design/icons';
import { Button } from 'antd';
import { useDesk } from '../../context/Desk';
import { fill, useMessages } from '../../locales';
import { useProposals } from './use-plans';
import './plans.css';

export function PlanProposalBanner({ onOpen }: { onOpen(): void }) {
  const m = useMessages();
  const desk = useDesk();
  const { proposals } = useProposals(desk.can('readPlans'));
  const first = proposals[0];
  if (!first) return null;
  return (
    <div className="plan-proposal-banner" role="status" data-testid="plan-proposal-banner">
      <ThunderboltFilled className="plan-proposal-icon" />
      <span className="plan-proposal-text">{fill(m.plans.proposals.banner, { title: first.eventTitle, plan: first.templateName })}</span>
      {proposals.length > 1 && <span className="plan-proposal-more">{fill(m.plans.proposals.more, { count: proposals.length - 1 })}</span>}
      <Button size="small" type="primary" onClick={onOpen} data-testid="plan-proposal-open">
        {m.plans.proposals.open}
      </Button>
    </div>
  );
}
