/**
 * Plans in words: a trigger as a sentence, a validator issue as a sentence naming its step, the
 * colours of holders' rules and task states. Pure functions of the message table.
 */
import type { PlanIssue, PlanTrigger, PlanTemplateBody, TaskStatus } from '../../../../preload/contract/plan-schemas';
import { fill, nameOf, type Messages } from '../../locales';

/** `categories[code]` → its name when the page knows it (from the catalogue), else the code. */
export type CategoryName = (code: string) => string;

export function triggerText(m: Messages, trigger: PlanTrigger, categoryName: CategoryName = (c) => c): string {
  const t = m.plans.triggers;
  const codes = (list: readonly string[] | undefined) => (list ?? []).map(categoryName).join('、');
  switch (trigger.kind) {
    case 'category':
      return trigger.minLevel
        ? fill(t.categoryLevel, { codes: codes(trigger.categoryCodes), level: nameOf(m.levels, trigger.minLevel) })
        : fill(t.category, { codes: codes(trigger.categoryCodes) });
    case 'sensor': {
      const type = nameOf(m.plans.sensorTypes, trigger.sensorType);
      const base = trigger.threshold !== undefined ? fill(t.sensorThreshold, { type, threshold: trigger.threshold }) : fill(t.sensor, { type });
      return trigger.categoryCodes && trigger.categoryCodes.length > 0 ? base + fill(t.sensorCategories, { codes: codes(trigger.categoryCodes) }) : base;
    }
    case 'manual':
      return t.manual;
  }
}

export function triggersText(m: Messages, triggers: readonly PlanTrigger[], categoryName?: CategoryName): string {
  if (triggers.length === 0) return m.plans.triggers.none;
  return triggers.map((x) => triggerText(m, x, categoryName)).join('；');
}

/** The 1-based index of `steps[3]` / `triggers[0]` in an issue's path. */
function indexIn(path: string, list: 'steps' | 'triggers'): number | null {
  const match = new RegExp(`${list}\\[(\\d+)\\]`).exec(path) ?? new RegExp(`${list}\\.(\\d+)`).exec(path);
  return match ? Number(match[1]) + 1 : null;
}

/** One validator issue in the desk's words, naming the step by its title (or id). */
export function issueText(m: Messages, issue: PlanIssue, body?: PlanTemplateBody): string {
  const template = m.plans.issues[issue.code] ?? issue.message;
  const stepIndex = indexIn(issue.path, 'steps');
  const byId = issue.stepId ? body?.steps.find((s) => s.id === issue.stepId) : undefined;
  const byIndex = stepIndex !== null ? body?.steps[stepIndex - 1] : undefined;
  const step = byId ?? byIndex;
  const stepName = step ? (step.title.trim() ? `${step.id} ${step.title.trim()}` : step.id) : (issue.stepId ?? String(stepIndex ?? ''));
  const n = issue.code === 'empty_trigger' || issue.code === 'unknown_category' ? indexIn(issue.path, 'triggers') : stepIndex;
  // The cycle's chain of step ids (`a → b → a`) when the validator gave it, else the step it names.
  const chain = /([^\s:：]+(?:\s*→\s*[^\s→]+)+)/.exec(issue.message)?.[1] ?? stepName;
  return fill(template, { step: stepName, n: n ?? '', chain });
}

export const RULE_COLORS: Readonly<Record<string, string>> = { A: 'blue', B: 'orange', on_call: 'purple', none: 'red' };

export const TASK_COLORS: Readonly<Record<TaskStatus, string>> = {
  waiting: 'default',
  dispatched: 'processing',
  acknowledged: 'cyan',
  done: 'success',
  skipped: 'default',
  cancelled: 'default',
};

export const RUN_COLORS: Readonly<Record<string, string>> = { running: 'processing', finished: 'success', ended: 'default' };

/** The drill mark: one colour everywhere (console and wall). */
export const DRILL_COLOR = '#7c3aed';
