/**
 * Runs and their tasks, each change one kernel command:
 * - Starting writes the run, one task per step and the log in ONE transaction, and dispatches
 *   every ready step's task at once to the acting holder of its post (the roster's AB rules at that
 *   instant). Completing or skipping a task releases the steps waiting for it — to whoever acts for
 *   their posts THEN (a run that crosses a shift change reaches the incoming people). The run
 *   finishes when nothing is open.
 * - A repeated start (the same client command id: a double Enter) returns the first run; a start
 *   from a proposal someone already started is refused with who started it and when.
 * - The sweep (the SLA tick, as the system) raises one `plan_task_overdue` alarm per task and clock
 *   (acknowledgement, completion) and logs it.
 * - Each change of a run is synced as a `planRun` upsert of the whole run (plan-run-remote.ts); after
 *   runs came from another console of the town, `catchUp` releases what both consoles' work together
 *   made ready and finishes a run with nothing open.
 */
import type { PlanTemplateBody } from '../../../preload/contract/plan-schemas';
import { beijingDate } from '../beijing-time';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { Tx } from '../kernel/command-runner';
import { withCommandScope } from '../kernel/command-scope';
import { newId } from '../kernel/ids';
import { beijingHm, MINUTE, type PlanContext } from './plan-context';
import { proposalAlarmKey } from './plan-proposals';
import { runPayload } from './plan-run-remote';
import { dependencyOrder, OPEN, readyToRelease, runFinished } from './plan-rules';
import type { RunRow, TaskRow } from './plan.repository';

export interface StartRequest {
  templateId: string;
  eventId?: string;
  proposalId?: string;
  drill: boolean;
  scenario?: string;
}

export class PlanRuns {
  constructor(private readonly ctx: PlanContext) {}

  start(actor: Actor, req: StartRequest): Promise<{ runId: string }> {
    const runId = newId();
    return this.ctx.kernel.run({ name: 'plan.start', actor, permission: req.drill ? 'startDrill' : 'startPlan', audit: false }, async (tx) => {
      if (req.drill && (req.eventId || req.proposalId)) refuse('invalid', 'a drill runs on a simulated situation, not on a real event', { field: 'eventId' });
      const { repo } = this.ctx;
      const t = await this.ctx.loadTemplate(tx.sql, req.templateId);
      if (t.archived) refuse('invalid', 'this plan is archived', { field: 'templateId' });
      const body = JSON.parse(t.body) as PlanTemplateBody;
      const issues = this.ctx.validate(body);
      if (issues.length > 0) refuse('invalid_plan', `the plan has ${issues.length} problem(s): ${issues[0]!.message}`, { count: issues.length, first: issues[0]!.code });
      let eventId = req.eventId ?? null;
      if (req.proposalId) {
        const p = await repo.proposal(tx.sql, req.proposalId);
        if (!p) refuse('not_found', `no proposal ${req.proposalId}`, { id: req.proposalId });
        if (p.status === 'started') {
          // Lost the race (a second Enter, another leader): who started it, and when.
          const by = this.ctx.actorName(p.decided_by);
          const at = beijingHm(p.decided_at ?? tx.at);
          refuse('superseded', `this plan was already started from the proposal by ${by} at ${at}`, { by, at, action: 'plan_start' });
        }
        if (p.status !== 'pending') refuse('already_decided', 'this proposal is already decided');
        if (p.template_id !== t.id) refuse('invalid', 'the proposal is for another plan', { field: 'templateId' });
        if (eventId && eventId !== p.event_id) refuse('invalid', 'the proposal is for another event', { field: 'eventId' });
        eventId = p.event_id;
        await repo.decideProposal(tx.sql, req.proposalId, { status: 'started', by: actor.id, at: tx.at, runId });
        await tx.settleAlarm(proposalAlarmKey(p.event_id, t.id), 'started');
      }
      if (eventId && !(await repo.eventExists(tx.sql, eventId))) refuse('not_found', `no event ${eventId}`, { id: eventId });
      await repo.insertRun(tx.sql, {
        id: runId,
        template_id: t.id,
        template_version: t.version,
        name: body.name,
        kind: body.kind,
        drill: req.drill ? 1 : 0,
        scenario: req.drill ? (req.scenario ?? '') : null,
        event_id: eventId,
        started_at: tx.at,
        started_by: actor.id,
        contacts: JSON.stringify(body.contacts),
        hlc: tx.hlc.now(),
      });
      await repo.appendLog(tx.sql, {
        runId,
        at: tx.at,
        kind: 'started',
        taskId: null,
        actorId: actor.id,
        detail: { drill: req.drill ? '1' : '0', ...(req.proposalId ? { proposalId: req.proposalId } : {}) },
      });
      const tasks: TaskRow[] = dependencyOrder(body.steps).map((s, ord) => ({
        id: newId(),
        run_id: runId,
        ord,
        step_id: s.id,
        title: s.title,
        post_id: s.postId,
        after: JSON.stringify(s.after),
        checklist: JSON.stringify(s.checklist),
        instructions: s.instructions ?? null,
        ack_minutes: s.ackMinutes,
        limit_minutes: s.limitMinutes,
        status: 'waiting',
        holder_id: null,
        holder_rule: 'none',
        released_at: null,
        ack_due: null,
        due_at: null,
        acked_at: null,
        acked_by: null,
        done_at: null,
        done_by: null,
        note: null,
        ack_alarmed: 0,
        done_alarmed: 0,
      }));
      const alarmsRaised = await this.release(tx, runId, tasks, actor.id, { insert: true });
      await this.upsertRun(tx, runId);
      tx.emit(this.ctx.message(req.proposalId ? ['runs', 'proposals', 'templates'] : ['runs', 'templates'], [runId]));
      if (alarmsRaised || req.proposalId) tx.emit({ topic: 'alarms' });
      return { runId };
    });
  }

  /**
   * Dispatches every ready step of the run to its post's acting holder at the command's instant.
   * With `insert`, the tasks are new and are written in one multi-row INSERT (after their holders
   * are decided); otherwise the released ones are updated. Returns whether an alarm was raised.
   */
  private async release(tx: Tx, runId: string, tasks: TaskRow[], actorId: string | null, options: { insert?: boolean } = {}): Promise<boolean> {
    const now = new Date(tx.at);
    const ready = new Set(readyToRelease(tasks.map((t) => ({ stepId: t.step_id, after: JSON.parse(t.after) as string[], status: t.status }))));
    let alarmed = false;
    const released: TaskRow[] = [];
    for (const task of tasks) {
      if (!ready.has(task.step_id)) continue;
      const post = this.ctx.town.posts.get(task.post_id);
      const holder = post ? this.ctx.town.holderAt(post, now) : { personId: null, as: null };
      task.status = 'dispatched';
      task.holder_id = holder.personId;
      task.holder_rule = holder.personId === null ? 'none' : 'onCall' in holder && holder.onCall ? 'on_call' : (holder.as ?? 'none');
      task.released_at = tx.at;
      task.ack_due = new Date(now.getTime() + task.ack_minutes * MINUTE).toISOString();
      task.due_at = new Date(now.getTime() + task.limit_minutes * MINUTE).toISOString();
      released.push(task);
      if (post && 'rule' in holder && holder.rule === 'on_call_both_absent') {
        // A and B both absent: the on-call person has the task and the leader hears of it, once a
        // day per post — the same alarm, key and detail as the roster's own (roster-alarms.ts).
        alarmed =
          (await tx.raiseAlarm({
            key: `ab_uncovered:${post.id}:${beijingDate(now)}`,
            kind: 'ab_uncovered',
            eventId: null,
            detail: { postId: post.id, onCallId: holder.personId ?? '', rule: holder.rule, postName: `${post.name}（A、B岗均不在岗）`, rosterAlarm: 'ab_uncovered' },
            at: tx.at,
          })) || alarmed;
      }
      if (holder.personId === null) {
        alarmed =
          (await tx.raiseAlarm({
            key: `no_holder:plan:${task.id}`,
            kind: 'no_holder',
            eventId: null,
            detail: { postId: task.post_id, postName: this.ctx.postName(task.post_id), runId },
            at: tx.at,
          })) || alarmed;
      }
    }
    if (options.insert) await this.ctx.repo.insertTasks(tx.sql, tasks);
    else for (const t of released) await this.ctx.repo.markReleased(tx.sql, t);
    await this.ctx.repo.appendReleased(tx.sql, runId, tx.at, actorId, released);
    return alarmed;
  }

  /** The whole run as the district sees it (a `planRun` upsert), with a new version and HLC. */
  private async upsertRun(tx: Tx, runId: string): Promise<void> {
    const run = await this.ctx.loadRun(tx.sql, runId);
    const tasks = await this.ctx.repo.tasksOf(tx.sql, runId);
    const hlc = tx.hlc.now();
    const version = run.version + 1;
    await this.ctx.repo.setRunVersion(tx.sql, runId, version, hlc);
    const payload = runPayload({ ...run, version, hlc }, tasks);
    await tx.outbox({ entity: 'planRun', entityId: runId, kind: 'upsert', baseVersion: version - 1, payload, hlc, at: tx.at });
  }

  /**
   * 升级提醒's B step on a plan task (escalation.service.ts, inside its transaction): a task still
   * with A, not acknowledged, passes to B — the run's upsert carries it to the other consoles. False
   * when the task is not A's to pass (taken, passed already, or B is who holds it).
   */
  async passToB(tx: Tx, runId: string, taskId: string, personId: string): Promise<boolean> {
    const task = await this.ctx.repo.task(tx.sql, runId, taskId);
    if (!task || task.status !== 'dispatched' || task.holder_rule === 'B' || task.holder_id === personId) return false;
    await this.ctx.repo.putTaskState(tx.sql, { ...task, holder_id: personId, holder_rule: 'B' });
    await this.upsertRun(tx, runId);
    tx.emit(this.ctx.message(['runs'], [runId]));
    return true;
  }

  /** A step of 升级提醒 in the run's log. */
  async logEscalation(tx: Tx, runId: string, taskId: string, detail: Record<string, string>, actorId: string | null, at: string): Promise<void> {
    await this.ctx.repo.appendLog(tx.sql, { runId, at, kind: 'escalated', taskId, actorId, detail });
    tx.emit(this.ctx.message(['runs'], [runId]));
  }

  /** A task of a running run, for a person's action on it. */
  private async openTask(sql: Sql, actor: Actor, runId: string, taskId: string): Promise<{ run: RunRow; task: TaskRow }> {
    const run = await this.ctx.loadRun(sql, runId);
    if (run.status !== 'running') refuse('plan_not_running', 'this plan run has ended');
    const task = await this.ctx.repo.task(sql, runId, taskId);
    if (!task) refuse('not_found', `no task ${taskId} in this run`, { id: taskId });
    // Board staff act on their own tasks; the desk (officer, leader) on anyone's, e.g. on the phone.
    if (!actor.roles.includes('officer') && !actor.roles.includes('leader') && task.holder_id !== actor.id) {
      refuse('not_post_holder', 'this task is held by someone else', { postId: task.post_id });
    }
    return { run, task };
  }

  async ackTask(actor: Actor, runId: string, taskId: string, note?: string): Promise<void> {
    await this.ctx.kernel.run({ name: 'plan.ackTask', actor, permission: 'planTask', audit: false }, async (tx) => {
      const { task } = await this.openTask(tx.sql, actor, runId, taskId);
      if (task.status !== 'dispatched') refuse('task_not_open', `the task is ${task.status}`, { status: task.status });
      await this.ctx.repo.ackTask(tx.sql, taskId, tx.at, actor.id, note ?? null);
      await this.ctx.repo.appendLog(tx.sql, { runId, at: tx.at, kind: 'acknowledged', taskId, actorId: actor.id, detail: note ? { note } : {} });
      await this.upsertRun(tx, runId);
      tx.emit(this.ctx.message(['runs'], [runId]));
    });
  }

  async completeTask(actor: Actor, runId: string, taskId: string, note?: string): Promise<void> {
    await this.ctx.kernel.run({ name: 'plan.completeTask', actor, permission: 'planTask', audit: false }, (tx) => this.settle(tx, actor, runId, taskId, 'done', note ?? null));
  }

  async skipTask(actor: Actor, runId: string, taskId: string, reason: string): Promise<void> {
    await this.ctx.kernel.run({ name: 'plan.skipTask', actor, permission: 'skipTask', audit: false }, (tx) => this.settle(tx, actor, runId, taskId, 'skipped', reason));
  }

  /** Done or skipped: then the steps waiting for it are released, and the run finishes when nothing is open. */
  private async settle(tx: Tx, actor: Actor, runId: string, taskId: string, to: 'done' | 'skipped', note: string | null): Promise<void> {
    const { repo } = this.ctx;
    const { task } = await this.openTask(tx.sql, actor, runId, taskId);
    if (to === 'done' && task.status !== 'dispatched' && task.status !== 'acknowledged') refuse('task_not_open', `the task is ${task.status}`, { status: task.status });
    if (to === 'skipped' && !OPEN.has(task.status)) refuse('task_not_open', `the task is ${task.status}`, { status: task.status });
    if (to === 'done') {
      await repo.completeTask(tx.sql, taskId, tx.at, actor.id, note);
      await repo.appendLog(tx.sql, { runId, at: tx.at, kind: 'completed', taskId, actorId: actor.id, detail: note ? { note } : {} });
    } else {
      await repo.skipTask(tx.sql, taskId, tx.at, actor.id, note);
      await repo.appendLog(tx.sql, { runId, at: tx.at, kind: 'skipped', taskId, actorId: actor.id, detail: { reason: note ?? '' } });
    }
    const tasks = await repo.tasksOf(tx.sql, runId);
    const alarmed = await this.release(tx, runId, tasks, actor.id);
    if (runFinished(tasks.map((t) => ({ stepId: t.step_id, after: [], status: t.status })))) {
      await repo.finishRun(tx.sql, runId, tx.at, actor.id);
      await repo.appendLog(tx.sql, { runId, at: tx.at, kind: 'finished', taskId: null, actorId: actor.id, detail: {} });
    }
    await this.upsertRun(tx, runId);
    tx.emit(this.ctx.message(['runs', 'templates'], [runId]));
    if (alarmed) tx.emit({ topic: 'alarms' });
  }

  /** The leader ends a run early: every open task is cancelled. */
  async endRun(actor: Actor, runId: string, reason: string): Promise<void> {
    await this.ctx.kernel.run({ name: 'plan.end', actor, permission: 'endPlan', audit: false }, async (tx) => {
      const run = await this.ctx.loadRun(tx.sql, runId);
      if (run.status !== 'running') refuse('plan_not_running', 'this plan run has ended');
      await this.ctx.repo.cancelOpenTasks(tx.sql, runId);
      await this.ctx.repo.endRun(tx.sql, runId, tx.at, actor.id, reason);
      await this.ctx.repo.appendLog(tx.sql, { runId, at: tx.at, kind: 'ended', taskId: null, actorId: actor.id, detail: { reason } });
      await this.upsertRun(tx, runId);
      tx.emit(this.ctx.message(['runs', 'templates'], [runId]));
    });
  }

  /**
   * After runs came from another console of the town (the `planRun` sink): the steps whose waits ended
   * only by putting both consoles' work together are released, and a running run with nothing open
   * finishes — as the system, sent like any change of the run. Nothing to do: nothing written.
   */
  catchUp(runIds: readonly string[]): Promise<void> {
    if (runIds.length === 0) return Promise.resolve();
    return withCommandScope({}, () =>
      this.ctx.kernel.run({ name: 'plan.catchUp', actor: SYSTEM, audit: false }, async (tx) => {
        const { repo } = this.ctx;
        const touched: string[] = [];
        let alarmed = false;
        for (const runId of runIds) {
          const run = await repo.run(tx.sql, runId);
          if (run?.status !== 'running') continue;
          const tasks = await repo.tasksOf(tx.sql, runId);
          const view = () => tasks.map((t) => ({ stepId: t.step_id, after: JSON.parse(t.after) as string[], status: t.status }));
          if (readyToRelease(view()).length === 0 && !runFinished(view())) continue;
          alarmed = (await this.release(tx, runId, tasks, null)) || alarmed;
          if (runFinished(view())) {
            await repo.finishRun(tx.sql, runId, tx.at, SYSTEM.id);
            await repo.appendLog(tx.sql, { runId, at: tx.at, kind: 'finished', taskId: null, actorId: null, detail: {} });
          }
          await this.upsertRun(tx, runId);
          touched.push(runId);
        }
        if (touched.length > 0) tx.emit(this.ctx.message(['runs', 'templates'], touched));
        if (alarmed) tx.emit({ topic: 'alarms' });
      }),
    );
  }

  /** One alarm per task and clock that ran out (acknowledgement, completion), logged in the run. */
  sweep(): Promise<number> {
    // The system's own tick: never under a front door's command id (it would replay).
    return withCommandScope({}, () =>
      this.ctx.kernel.run({ name: 'plan.sweep', actor: SYSTEM, audit: false }, async (tx) => {
        const late = await this.ctx.repo.lateTasks(tx.sql, tx.at);
        const touched = new Set<string>();
        for (const t of late) {
          const due = t.clock === 'ack' ? t.ack_due! : t.due_at!;
          await this.ctx.repo.markAlarmed(tx.sql, t.id, t.clock);
          await tx.raiseAlarm({
            key: `plan_task_overdue:${t.id}:${t.clock}`,
            kind: 'plan_task_overdue',
            eventId: null,
            detail: {
              runId: t.run_id,
              taskId: t.id,
              clock: t.clock,
              dueAt: due,
              stepTitle: t.title,
              runName: t.drill === 1 ? `【演练】${t.run_name}` : t.run_name,
              holderName: this.ctx.name(t.holder_id) ?? '',
              postName: this.ctx.postName(t.post_id),
              ...(t.drill === 1 ? { drill: '1' } : {}),
            },
            at: tx.at,
          });
          await this.ctx.repo.appendLog(tx.sql, {
            runId: t.run_id,
            at: tx.at,
            kind: t.clock === 'ack' ? 'ack_overdue' : 'overdue',
            taskId: t.id,
            actorId: null,
            detail: { dueAt: due, holderId: t.holder_id ?? '' },
          });
          touched.add(t.run_id);
        }
        if (late.length > 0) {
          tx.emit(this.ctx.message(['runs'], [...touched]));
          tx.emit({ topic: 'alarms' });
        }
        return late.length;
      }),
    );
  }
}
