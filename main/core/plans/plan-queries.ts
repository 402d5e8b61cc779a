/**
 * Reading runs: the lists (console, wall, handover), one run with its tasks and log, a person's
 * open tasks, what each person may do with each task and run (`allowedActions`, so the renderer
 * keeps no copy of the task statuses or the role table), and the count the update policy asks for.
 * Queries never write.
 */
import type {
  MyTask,
  PlanContact,
  PlanLogEntry,
  PlanRun,
  PlanRunAction,
  PlanRunSummary,
  PlanTask,
  PlanTaskAction,
  RunStatus,
  TaskStatus,
} from '../../../preload/contract/plan-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import { allows, permit } from '../kernel/permissions';
import type { PlanContext } from './plan-context';
import { OPEN } from './plan-rules';
import type { RunWithEventRow, TaskRow } from './plan.repository';

/** What taskActions reads of a task. */
export interface TaskFacts {
  readonly status: TaskStatus;
  readonly holderId: string | null;
}

/**
 * What this person may do to this task now — the same conditions the commands check (plan-runs.ts):
 * only in a running run; board staff only on the tasks they hold, the desk (officer, leader) on
 * anyone's; 签收 a dispatched task, 完成 a dispatched or acknowledged one (permission planTask);
 * 跳过 any open one, a waiting step too (permission skipTask, the leader's).
 */
export function taskActions(actor: Actor, runStatus: RunStatus, t: TaskFacts): PlanTaskAction[] {
  if (runStatus !== 'running') return [];
  const desk = actor.roles.includes('officer') || actor.roles.includes('leader');
  if (!desk && t.holderId !== actor.id) return [];
  const out: PlanTaskAction[] = [];
  if (allows(actor.roles, 'planTask')) {
    if (t.status === 'dispatched') out.push('ack');
    if (t.status === 'dispatched' || t.status === 'acknowledged') out.push('complete');
  }
  if (allows(actor.roles, 'skipTask') && OPEN.has(t.status)) out.push('skip');
  return out;
}

/** What this person may do to this run now: 结束 a running one (permission endPlan). */
export function runActions(actor: Actor, runStatus: RunStatus): PlanRunAction[] {
  return runStatus === 'running' && allows(actor.roles, 'endPlan') ? ['end'] : [];
}

export class PlanQueries {
  constructor(private readonly ctx: PlanContext) {}

  /** One task as shown; `who` is the person reading it in its run (none in run lists: no actions). */
  private taskView(t: TaskRow, nowMs: number, who: { actor: Actor; runStatus: RunStatus } | null = null): PlanTask {
    const holder = t.holder_id ? this.ctx.town.people.get(t.holder_id) : undefined;
    const lateBy = (due: string | null, doneAt: string | null): boolean => due !== null && (doneAt ? doneAt > due : nowMs > Date.parse(due) && OPEN.has(t.status));
    return {
      id: t.id,
      stepId: t.step_id,
      title: t.title,
      postId: t.post_id,
      postName: this.ctx.postName(t.post_id),
      holderId: t.holder_id,
      holderName: holder?.name ?? this.ctx.name(t.holder_id),
      holderPhone: holder?.phone ?? null,
      rule: t.holder_rule,
      status: t.status,
      after: JSON.parse(t.after) as string[],
      checklist: JSON.parse(t.checklist) as string[],
      instructions: t.instructions,
      ackMinutes: t.ack_minutes,
      limitMinutes: t.limit_minutes,
      releasedAt: t.released_at,
      ackDueAt: t.ack_due,
      dueAt: t.due_at,
      ackedAt: t.acked_at,
      ackedBy: this.ctx.name(t.acked_by),
      doneAt: t.done_at,
      doneBy: this.ctx.name(t.done_by),
      note: t.note,
      ackLate: t.status !== 'skipped' && t.status !== 'cancelled' && lateBy(t.ack_due, t.acked_at),
      late: t.status !== 'skipped' && t.status !== 'cancelled' && lateBy(t.due_at, t.status === 'done' ? t.done_at : null),
      allowedActions: who ? taskActions(who.actor, who.runStatus, { status: t.status, holderId: t.holder_id }) : [],
    };
  }

  private summaryOf(r: RunWithEventRow, tasks: readonly PlanTask[]): PlanRunSummary {
    return {
      id: r.id,
      templateId: r.template_id,
      name: r.name,
      kind: r.kind as PlanRunSummary['kind'],
      drill: r.drill === 1,
      status: r.status,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      eventId: r.event_id,
      eventTitle: r.event_title,
      done: tasks.filter((t) => t.status === 'done' || t.status === 'skipped').length,
      total: tasks.length,
      overdue: tasks.filter((t) => OPEN.has(t.status) && (t.late || t.ackLate)).length,
    };
  }

  private async summaries(sql: Sql, filter: { runningOnly: boolean; includeDrills: boolean }, limit: number): Promise<PlanRunSummary[]> {
    const runs = await this.ctx.repo.runsWithEvent(sql, filter, limit);
    if (runs.length === 0) return [];
    const nowMs = this.ctx.now().getTime();
    const tasks = await this.ctx.repo.tasksOfRuns(
      sql,
      runs.map((r) => r.id),
    );
    const byRun = new Map<string, PlanTask[]>();
    for (const t of tasks) byRun.set(t.run_id, [...(byRun.get(t.run_id) ?? []), this.taskView(t, nowMs)]);
    return runs.map((r) => this.summaryOf(r, byRun.get(r.id) ?? []));
  }

  async runs(actor: Actor, req: { activeOnly: boolean; includeDrills: boolean; limit?: number }): Promise<PlanRunSummary[]> {
    permit(actor, 'readPlans');
    return this.ctx.kernel.read((sql) => this.summaries(sql, { runningOnly: req.activeOnly, includeDrills: req.includeDrills }, req.limit ?? 100));
  }

  /** The wall's active-plans panel: running real plans first, then drills. */
  async wallPlans(actor: Actor): Promise<PlanRunSummary[]> {
    permit(actor, 'readWall');
    return this.ctx.kernel.read((sql) => this.summaries(sql, { runningOnly: true, includeDrills: true }, 20));
  }

  async run(actor: Actor, runId: string): Promise<PlanRun> {
    permit(actor, 'readPlans');
    return this.ctx.kernel.read(async (sql) => {
      const r = await this.ctx.repo.runWithEvent(sql, runId);
      if (!r) refuse('not_found', `no plan run ${runId}`, { id: runId });
      const nowMs = this.ctx.now().getTime();
      const who = { actor, runStatus: r.status };
      const tasks = (await this.ctx.repo.tasksOf(sql, runId)).map((t) => this.taskView(t, nowMs, who));
      const log = await this.logOf(sql, runId, tasks);
      return {
        ...this.summaryOf(r, tasks),
        templateVersion: r.template_version,
        startedBy: r.started_by,
        startedByName: this.ctx.name(r.started_by) ?? r.started_by,
        scenario: r.scenario,
        endedBy: this.ctx.name(r.ended_by),
        endReason: r.end_reason,
        contacts: JSON.parse(r.contacts) as PlanContact[],
        tasks,
        log,
        allowedActions: runActions(actor, r.status),
      };
    });
  }

  private async logOf(sql: Sql, runId: string, tasks: readonly PlanTask[]): Promise<PlanLogEntry[]> {
    const titles = new Map(tasks.map((t) => [t.id, t.title]));
    const rows = await this.ctx.repo.logOf(sql, runId);
    return rows.map((l) => {
      const detail = JSON.parse(l.detail) as Record<string, string>;
      if (detail.holderId) detail.holderName = this.ctx.name(detail.holderId) ?? '';
      if (detail.postId) detail.postName = this.ctx.postName(detail.postId);
      return {
        at: l.at,
        kind: l.kind,
        taskId: l.task_id,
        stepTitle: l.task_id ? (titles.get(l.task_id) ?? null) : null,
        actorId: l.actor_id,
        actorName: this.ctx.name(l.actor_id),
        detail,
      };
    });
  }

  /** The tasks a person holds that are still to do (board staff see theirs; so does anyone). */
  async myTasks(actor: Actor): Promise<MyTask[]> {
    permit(actor, 'readPlans');
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.openTasksHeldBy(sql, actor.id));
    const nowMs = this.ctx.now().getTime();
    // Only tasks of running runs are listed (openTasksHeldBy).
    return rows.map((t) => ({ ...this.taskView(t, nowMs, { actor, runStatus: 'running' }), runId: t.run_id, runName: t.run_name, drill: t.drill === 1 }));
  }

  /** Running plans for the handover checklist (inside its transaction). */
  async activeForHandover(sql: Sql): Promise<{ id: string; title: string; detail: Record<string, string> }[]> {
    const runs = await this.summaries(sql, { runningOnly: true, includeDrills: true }, 50);
    return runs.map((r) => ({
      id: r.id,
      title: `${r.drill ? '【演练】' : ''}《${r.name}》进行中：已完成 ${r.done}/${r.total} 项${r.overdue > 0 ? `，超时 ${r.overdue} 项` : ''}`,
      detail: { runId: r.id, done: String(r.done), total: String(r.total), overdue: String(r.overdue), drill: r.drill ? '1' : '0', startedAt: r.startedAt },
    }));
  }

  /** For the update policy: never restart while a plan runs. */
  runningCount(): Promise<number> {
    return this.ctx.kernel.read((sql) => this.ctx.repo.runningCount(sql));
  }
}
