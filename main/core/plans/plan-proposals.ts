/**
 * Proposals: a new event that matches an active template's trigger gets a proposal and a
 * `plan_proposed` alarm to the leader, in the transaction that records the event (the events'
 * report hook); the leader starts it (plan-runs.ts) or dismisses it.
 */
import type { PlanProposal, PlanTrigger } from '../../../preload/contract/plan-schemas';
import type { Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import { raiseAlarms } from '../kernel/alarm.repository';
import { newId } from '../kernel/ids';
import { permit } from '../kernel/permissions';
import type { PlanContext } from './plan-context';
import { matchTrigger } from './plan-rules';

type ProposalRow = { id: string; eventId: string; templateId: string; templateName: string; trigger: string; at: string };

/** A newly reported event as plans see it (the events' report hook hands them over). */
export interface NewEvent {
  readonly id: string;
  readonly categoryCode: string;
  readonly level: Level;
  readonly source: string;
  readonly sensor: { readonly type: string; readonly value: number } | null;
}

/** The key of a proposal's alarm: settled once someone decided. */
export const proposalAlarmKey = (eventId: string, templateId: string): string => `plan_proposed:${eventId}:${templateId}`;

export class PlanProposals {
  constructor(private readonly ctx: PlanContext) {}

  /**
   * The report hook (inside the transaction that records the new events: one reported here, or a
   * sync page's): every template whose trigger a new event matches gets a proposal and an alarm to
   * the leader, unless it has one. Set-based: one read, one write of proposals, one of alarms.
   * What it returns runs after commit.
   */
  readonly onReported = async (sql: Sql, reported: readonly { readonly event: NewEvent; readonly at: string }[]): Promise<(() => void) | void> => {
    const wanted: ProposalRow[] = [];
    for (const { event: e, at } of reported) {
      for (const t of this.ctx.active) {
        const trigger = matchTrigger(t.triggers, { categoryCode: e.categoryCode, level: e.level, source: e.source, sensor: e.sensor });
        if (trigger) wanted.push({ id: newId(), eventId: e.id, templateId: t.id, templateName: t.name, trigger: JSON.stringify(trigger), at });
      }
    }
    if (wanted.length === 0) return;
    const had = await this.ctx.repo.proposalsOf(sql, wanted);
    const fresh = wanted.filter((p) => !had.has(`${p.eventId}:${p.templateId}`));
    await this.ctx.repo.insertProposals(sql, fresh);
    await raiseAlarms(
      sql,
      fresh.map((p) => ({
        key: proposalAlarmKey(p.eventId, p.templateId),
        kind: 'plan_proposed',
        eventId: p.eventId,
        detail: { templateId: p.templateId, templateName: p.templateName },
        at: p.at,
      })),
    );
    if (fresh.length > 0) {
      return () => {
        this.ctx.feed.emit(this.ctx.message(['proposals']));
        this.ctx.feed.emit({ topic: 'alarms' });
      };
    }
  };

  async proposals(actor: Actor): Promise<PlanProposal[]> {
    permit(actor, 'readPlans');
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.pendingProposals(sql, 50));
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventTitle: r.title ?? '',
      templateId: r.template_id,
      templateName: r.name,
      kind: r.kind as PlanProposal['kind'],
      trigger: JSON.parse(r.trigger) as PlanTrigger,
      createdAt: r.created_at,
      status: r.status,
      runId: r.run_id,
    }));
  }

  async dismissProposal(actor: Actor, proposalId: string, reason: string | undefined): Promise<void> {
    await this.ctx.kernel.run({ name: 'plan.dismiss', actor, permission: 'dismissProposal', audit: false }, async (tx) => {
      const p = await this.ctx.repo.proposal(tx.sql, proposalId);
      if (!p) refuse('not_found', `no proposal ${proposalId}`, { id: proposalId });
      if (p.status !== 'pending') refuse('already_decided', 'this proposal is already decided');
      await this.ctx.repo.decideProposal(tx.sql, proposalId, { status: 'dismissed', by: actor.id, at: tx.at, reason: reason ?? null });
      // The proposal's alarm has served its purpose once someone decided.
      await tx.settleAlarm(proposalAlarmKey(p.event_id, p.template_id), reason ?? 'dismissed');
      await tx.audit('plan.dismiss', 'planProposal', proposalId, { reason: reason ?? null });
      tx.emit(this.ctx.message(['proposals']));
      tx.emit({ topic: 'alarms' });
    });
  }
}
