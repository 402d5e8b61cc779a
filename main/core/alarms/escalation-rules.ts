/**
 * 升级提醒's rules, pure: the built-in chain of each alarm kind (a town changes them in 系统设置 →
 * 升级提醒), what a chain must be to be kept, and when each step falls due.
 *
 * A step falls due `afterMinutes` after the alarm's clock ran out — the `dueAt` the alarm carries (an
 * acknowledgement or a plan task's limit), else when it was raised — so every console of the town,
 * deriving the steps from the same synced facts, takes each at the same instant and tells the same person.
 */
import { refuse } from '../errors';
import type { EscalationChain, EscalationKind, EscalationStep } from '../../../preload/contract/escalation-schemas';
import { ESCALATION_KINDS } from '../../../preload/contract/escalation-schemas';

/** What a town starts with: a task not taken passes to B at once, the duty leader after 5 minutes, the director after 15. */
export const DEFAULT_CHAINS: Readonly<Record<EscalationKind, EscalationChain>> = {
  ack_timeout: chain('ack_timeout', [
    ['b', 0],
    ['leader', 5],
    ['director', 15],
  ]),
  plan_task_overdue: chain('plan_task_overdue', [
    ['b', 0],
    ['leader', 5],
    ['director', 15],
  ]),
  overdue: chain('overdue', [
    ['leader', 0],
    ['director', 30],
  ]),
  new_serious: chain('new_serious', [
    ['leader', 5],
    ['director', 15],
  ]),
  district_dispatch: chain('district_dispatch', [['leader', 10]]),
  sensor_alert: chain('sensor_alert', [['leader', 5]]),
  // 首报超时 and 续报超时: the duty leader at once (reports are signed by the leader in charge, STANDARDS.md), the director after 15
  first_report_overdue: chain('first_report_overdue', [
    ['leader', 0],
    ['director', 15],
  ]),
  update_report_overdue: chain('update_report_overdue', [
    ['leader', 0],
    ['director', 15],
  ]),
};

function chain(kind: EscalationKind, steps: [EscalationStep['to'], number][]): EscalationChain {
  return { kind, enabled: true, steps: steps.map(([to, afterMinutes]) => ({ to, afterMinutes })) };
}

export function isEscalationKind(kind: string): kind is EscalationKind {
  return (ESCALATION_KINDS as readonly string[]).includes(kind);
}

/**
 * Refuses a chain a duty desk could not follow: steps must come later one after another (a step at
 * the same minute as the one before says nothing about the order), each person told once, and `b`
 * only first (B holds the post when A does not answer; after the leader it would be a step back).
 */
export function checkChain(c: EscalationChain): void {
  const targets = new Set<string>();
  c.steps.forEach((s, i) => {
    if (targets.has(s.to)) refuse('chain_repeated', `step ${i + 1} tells ${s.to} a second time`, { step: i + 1 });
    targets.add(s.to);
    if (s.to === 'b' && i > 0) refuse('chain_b_not_first', 'the B holder can only be the first step', { step: i + 1 });
    const before = c.steps[i - 1];
    if (before && s.afterMinutes <= before.afterMinutes) {
      refuse('chain_not_later', `step ${i + 1} (${s.afterMinutes} min) must come after step ${i} (${before.afterMinutes} min)`, {
        step: i + 1,
        previous: i,
        minutes: s.afterMinutes,
        previousMinutes: before.afterMinutes,
      });
    }
  });
}

/** When step `index` (0-based) of the chain falls due for an alarm whose clock ran out at `baseMs`. */
export function stepDueMs(c: EscalationChain, index: number, baseMs: number): number {
  return baseMs + c.steps[index].afterMinutes * 60_000;
}
