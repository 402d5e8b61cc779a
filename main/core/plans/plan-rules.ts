/**
 * The rules of plans, pure and on their own: whether a plan is well formed (every reason it is
 * not, with the step it concerns), whether an event matches a trigger, which steps are ready to be
 * released, and the planned schedule of a run had every step been on time.
 */
import type { PlanIssue, PlanStep, PlanTemplateBody, PlanTrigger, TaskStatus } from '../../../preload/contract/plan-schemas';
import type { Level } from '../../../preload/contract/schemas';

const LEVEL_ORDER: readonly Level[] = ['general', 'major', 'serious', 'especially_serious'];

export interface PlanWorld {
  hasPost(postId: string): boolean;
  hasCategory(code: string): boolean;
}

const issue = (code: PlanIssue['code'], path: string, stepId: string | null, message: string): PlanIssue => ({ code, path, stepId, message });

/**
 * Every reason the plan cannot be saved or run, in the order of the form: the name, the triggers,
 * then each step (id, title, post, limits, order), then cycles in the order.
 */
export function validatePlan(plan: PlanTemplateBody, world: PlanWorld): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (plan.name.trim() === '') issues.push(issue('empty_name', 'name', null, 'the plan has no name'));
  if (plan.triggers.length === 0) issues.push(issue('no_trigger', 'triggers', null, 'the plan has no trigger (add "manual" for a plan started by hand only)'));
  plan.triggers.forEach((t, i) => {
    if (t.kind === 'category' && t.categoryCodes.length === 0) issues.push(issue('empty_trigger', `triggers.${i}`, null, `trigger ${i + 1} names no category`));
    if (t.kind === 'sensor' && t.sensorType.trim() === '') issues.push(issue('empty_trigger', `triggers.${i}`, null, `trigger ${i + 1} names no sensor type`));
    const codes = t.kind === 'manual' ? [] : (t.categoryCodes ?? []);
    for (const code of codes) {
      if (!world.hasCategory(code)) issues.push(issue('unknown_category', `triggers.${i}`, null, `trigger ${i + 1}: no category ${code} in the catalogue`));
    }
  });
  if (plan.steps.length === 0) issues.push(issue('no_steps', 'steps', null, 'the plan has no steps'));
  const ids = new Set<string>();
  plan.steps.forEach((s, i) => {
    const at = `steps.${i}`;
    const label = s.id || `#${i + 1}`;
    if (s.id.trim() === '') issues.push(issue('empty_step_id', `${at}.id`, null, `step ${i + 1} has no id`));
    else if (ids.has(s.id)) issues.push(issue('duplicate_step', `${at}.id`, s.id, `two steps are called ${s.id}`));
    ids.add(s.id);
    if (s.title.trim() === '') issues.push(issue('empty_title', `${at}.title`, s.id || null, `step ${label} has no title`));
    if (s.postId.trim() === '') issues.push(issue('no_post', `${at}.postId`, s.id || null, `step ${label} has no post`));
    else if (!world.hasPost(s.postId)) issues.push(issue('unknown_post', `${at}.postId`, s.id || null, `step ${label}: no post ${s.postId} in the town`));
    if (s.limitMinutes <= 0) issues.push(issue('zero_limit', `${at}.limitMinutes`, s.id || null, `step ${label} has a time limit of zero`));
    else if (s.ackMinutes > s.limitMinutes)
      issues.push(issue('ack_after_limit', `${at}.ackMinutes`, s.id || null, `step ${label}: acknowledgement (${s.ackMinutes} min) after the limit (${s.limitMinutes} min)`));
  });
  plan.steps.forEach((s, i) => {
    for (const a of s.after) {
      if (a === s.id) issues.push(issue('self_after', `steps.${i}.after`, s.id, `step ${s.id} waits for itself`));
      else if (!ids.has(a)) issues.push(issue('unknown_after', `steps.${i}.after`, s.id || null, `step ${s.id || i + 1} waits for ${a}, which is not a step`));
    }
  });
  const cycle = findCycle(plan.steps);
  if (cycle) {
    const i = plan.steps.findIndex((s) => s.id === cycle[0]);
    issues.push(issue('cycle', `steps.${i}.after`, cycle[0]!, `the order has a cycle: ${[...cycle, cycle[0]].join(' → ')}`));
  }
  return issues;
}

/** One cycle of the `after` relation (step ids in order), or null. Self-loops and unknown ids are reported elsewhere. */
export function findCycle(steps: readonly Pick<PlanStep, 'id' | 'after'>[]): string[] | null {
  const after = new Map(steps.map((s) => [s.id, s.after.filter((a) => a !== s.id)]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    path.push(id);
    for (const next of after.get(id) ?? []) {
      if (!after.has(next)) continue;
      const s = state.get(next);
      if (s === 'open') return path.slice(path.indexOf(next));
      if (!s) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const s of steps) {
    if (!state.has(s.id)) {
      const found = visit(s.id);
      if (found) return found;
    }
  }
  return null;
}

// ---- triggers ------------------------------------------------------------------------------------

/** What a trigger looks at in an event. */
export interface TriggerFacts {
  readonly categoryCode: string;
  readonly level: Level;
  readonly source: string;
  readonly sensor: { readonly type: string; readonly value: number } | null;
}

/** The first trigger the event matches, or null. `manual` never matches an event. */
export function matchTrigger(triggers: readonly PlanTrigger[], facts: TriggerFacts): PlanTrigger | null {
  for (const t of triggers) {
    if (t.kind === 'category') {
      if (!t.categoryCodes.includes(facts.categoryCode)) continue;
      if (t.minLevel && LEVEL_ORDER.indexOf(facts.level) < LEVEL_ORDER.indexOf(t.minLevel)) continue;
      return t;
    }
    if (t.kind === 'sensor') {
      if (!facts.sensor || facts.sensor.type !== t.sensorType) continue;
      if (t.categoryCodes && t.categoryCodes.length > 0 && !t.categoryCodes.includes(facts.categoryCode)) continue;
      if (t.threshold !== undefined && !(facts.sensor.value >= t.threshold)) continue;
      return t;
    }
  }
  return null;
}

// ---- release -------------------------------------------------------------------------------------

/** A step's task as the release rule sees it. */
export interface TaskState {
  readonly stepId: string;
  readonly after: readonly string[];
  readonly status: TaskStatus;
}

/** A step waiting for others is released when every one of them is done or skipped. */
export const SETTLED: ReadonlySet<TaskStatus> = new Set(['done', 'skipped']);
/** Tasks still to be worked on (a run finishes when none is left). */
export const OPEN: ReadonlySet<TaskStatus> = new Set(['waiting', 'dispatched', 'acknowledged']);

/** The waiting steps whose predecessors are all settled (at the start: the steps with no `after`). */
export function readyToRelease(tasks: readonly TaskState[]): string[] {
  const status = new Map(tasks.map((t) => [t.stepId, t.status]));
  return tasks.filter((t) => t.status === 'waiting' && t.after.every((a) => SETTLED.has(status.get(a) ?? 'waiting'))).map((t) => t.stepId);
}

/** Whether nothing is left to do. */
export function runFinished(tasks: readonly TaskState[]): boolean {
  return tasks.every((t) => !OPEN.has(t.status));
}

/**
 * When each step would start and end had every step been done exactly at its limit (the critical
 * path): a step starts when the last of its predecessors ends. Steps must form no cycle.
 */
export function plannedSchedule(steps: readonly Pick<PlanStep, 'id' | 'after' | 'limitMinutes'>[], startMs: number): Map<string, { startMs: number; doneMs: number }> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const out = new Map<string, { startMs: number; doneMs: number }>();
  const resolve = (id: string, depth: number): { startMs: number; doneMs: number } => {
    const known = out.get(id);
    if (known) return known;
    const s = byId.get(id)!;
    if (depth > steps.length) throw new Error('plannedSchedule: the steps have a cycle');
    const begin = s.after.filter((a) => byId.has(a)).reduce((m, a) => Math.max(m, resolve(a, depth + 1).doneMs), startMs);
    const r = { startMs: begin, doneMs: begin + s.limitMinutes * 60_000 };
    out.set(id, r);
    return r;
  };
  for (const s of steps) resolve(s.id, 0);
  return out;
}

/** Steps in an order where each comes after the steps it waits for (ties keep the plan's order). */
export function dependencyOrder<T extends Pick<PlanStep, 'id' | 'after'>>(steps: readonly T[]): T[] {
  const done = new Set<string>();
  const out: T[] = [];
  const ids = new Set(steps.map((s) => s.id));
  let progress = true;
  while (out.length < steps.length && progress) {
    progress = false;
    for (const s of steps) {
      if (done.has(s.id)) continue;
      if (s.after.every((a) => done.has(a) || !ids.has(a))) {
        out.push(s);
        done.add(s.id);
        progress = true;
      }
    }
  }
  return out.length === steps.length ? out : [...out, ...steps.filter((s) => !done.has(s.id))];
}
