/**
 * Plan runs as they cross the wire (`planRun` upserts, the whole run) and the ones started or worked
 * on another console of the town (or by the district), folded into plan_run, plan_task and plan_log
 * inside the sync page's transaction (the sync sink `planRun`; the rule in docs/protocol-decisions.md,
 * "Every record both ways"):
 * - A run new here is created as it was started there: its header (plan, version, name, kind, drill,
 *   scenario, event, contacts, who started it and when) and every task with its order, waits,
 *   checklist, instructions and time limits. The header never changes after: **a drill stays a drill**
 *   (and never names a real event).
 * - **Each task on its own, the further state wins**: waiting < dispatched < acknowledged < cancelled
 *   < skipped < done, so a task done on one console is never undone by an older acknowledgement on
 *   the other; at the same state the first to act wins (release, acknowledgement or completion time),
 *   then the record's text, so every console picks the same.
 * - **An ended run is final**: running gives way to finished or ended; between two endings the earlier
 *   one stands. Tasks still open in a run that ended elsewhere are cancelled here.
 * - The run's log here gets the steps taken there (started, released, acknowledged, completed,
 *   skipped, finished, ended) at their own times; the proposal here for the same event and plan is
 *   marked started by that run (no second start of it from this console).
 * Nothing here is sent back. Steps that became ready only by putting both consoles' work together are
 * released (and a run with nothing open finished) by `PlanRuns.catchUp`, a command of its own.
 */
import { z } from 'zod';
import { HolderRule, PlanContact, PlanKind, RunStatus, TaskStatus } from '../../../preload/contract/plan-schemas';
import type { Sql } from '../db/db';
import type { HybridLogicalClock } from '../kernel/hlc';
import { OPEN } from './plan-rules';
import type { PlanRepository, RunRow, TaskRow } from './plan.repository';

/** The whole run as the district sees it (the `planRun` payload). */
export function runPayload(run: RunRow, tasks: readonly TaskRow[]): Record<string, unknown> {
  return {
    templateId: run.template_id,
    templateVersion: run.template_version,
    name: run.name,
    kind: run.kind,
    drill: run.drill === 1,
    status: run.status,
    scenario: run.scenario,
    eventId: run.event_id,
    startedAt: run.started_at,
    startedBy: run.started_by,
    endedAt: run.ended_at,
    endedBy: run.ended_by,
    endReason: run.end_reason,
    contacts: JSON.parse(run.contacts) as unknown,
    tasks: tasks.map((t) => ({
      id: t.id,
      ord: t.ord,
      stepId: t.step_id,
      title: t.title,
      postId: t.post_id,
      after: JSON.parse(t.after) as unknown,
      checklist: JSON.parse(t.checklist) as unknown,
      instructions: t.instructions,
      ackMinutes: t.ack_minutes,
      limitMinutes: t.limit_minutes,
      status: t.status,
      holderId: t.holder_id,
      rule: t.holder_rule,
      releasedAt: t.released_at,
      ackDueAt: t.ack_due,
      dueAt: t.due_at,
      ackedAt: t.acked_at,
      ackedBy: t.acked_by,
      doneAt: t.done_at,
      doneBy: t.done_by,
      note: t.note,
    })),
  };
}

const text = z.string().nullish();
const TaskPayload = z.object({
  id: z.string().min(1),
  stepId: z.string().min(1),
  status: TaskStatus,
  ord: z.number().int().optional(),
  title: z.string().optional(),
  postId: z.string().min(1).optional(),
  after: z.array(z.string()).optional(),
  checklist: z.array(z.string()).optional(),
  instructions: text,
  ackMinutes: z.number().int().nonnegative().optional(),
  limitMinutes: z.number().int().nonnegative().optional(),
  holderId: text,
  rule: HolderRule.nullish(),
  releasedAt: text,
  ackDueAt: text,
  dueAt: text,
  ackedAt: text,
  ackedBy: text,
  doneAt: text,
  doneBy: text,
  note: text,
});
const RunPayload = z.object({
  templateId: z.string().min(1).optional(),
  templateVersion: z.number().int().optional(),
  name: z.string().optional(),
  kind: PlanKind.optional(),
  drill: z.boolean().optional(),
  status: RunStatus,
  scenario: text,
  eventId: text,
  startedAt: z.string().optional(),
  startedBy: z.string().optional(),
  endedAt: text,
  endedBy: text,
  endReason: text,
  contacts: z.array(PlanContact.loose()).optional(),
  tasks: z.array(TaskPayload),
});
type TaskPayload = z.infer<typeof TaskPayload>;

/** waiting < dispatched < acknowledged < cancelled < skipped < done: a task only moves on. */
const RANK: Record<TaskStatus, number> = { waiting: 0, dispatched: 1, acknowledged: 2, cancelled: 3, skipped: 4, done: 5 };
const STATE = ['status', 'holder_id', 'holder_rule', 'released_at', 'ack_due', 'due_at', 'acked_at', 'acked_by', 'done_at', 'done_by', 'note'] as const;
type TaskState = Pick<TaskRow, (typeof STATE)[number]>;

/** When the task reached its state (the first to act wins a tie). */
const reached = (t: TaskState): string => (t.status === 'dispatched' ? t.released_at : t.status === 'acknowledged' ? t.acked_at : t.done_at) ?? '';
const canon = (t: TaskState): string => JSON.stringify(STATE.map((k) => t[k]));

/** Whether the remote state of a task replaces the one here (a total order: every console picks the same). */
export function taskWins(remote: TaskState, local: TaskState): boolean {
  const rank = RANK[remote.status] - RANK[local.status];
  if (rank !== 0) return rank > 0;
  const [a, b] = [reached(remote), reached(local)];
  if (a !== b) return a < b;
  return canon(remote) < canon(local);
}

type RunEnd = Pick<RunRow, 'status' | 'ended_at' | 'ended_by' | 'end_reason'>;

/** Whether the remote ending replaces the state here: running gives way; between two endings the earlier stands. */
export function endWins(remote: RunEnd, local: RunEnd): boolean {
  if (remote.status === 'running') return false;
  if (local.status === 'running') return true;
  const key = (r: RunEnd): string => JSON.stringify([r.ended_at ?? '', r.status, r.ended_by ?? '', r.end_reason ?? '']);
  return key(remote) < key(local);
}

const stateOf = (t: TaskPayload): TaskState => ({
  status: t.status,
  holder_id: t.holderId ?? null,
  holder_rule: t.rule ?? 'none',
  released_at: t.releasedAt ?? null,
  ack_due: t.ackDueAt ?? null,
  due_at: t.dueAt ?? null,
  acked_at: t.ackedAt ?? null,
  acked_by: t.ackedBy ?? null,
  done_at: t.doneAt ?? null,
  done_by: t.doneBy ?? null,
  note: t.note ?? null,
});

/** A task new here: its definition must be in the payload (a console before this version sent only states). */
function newTask(runId: string, t: TaskPayload): TaskRow {
  if (t.ord === undefined || t.title === undefined || !t.postId || !t.after || !t.checklist || t.ackMinutes === undefined || t.limitMinutes === undefined) {
    throw new Error(`planRun ${runId}: task ${t.id} has no order, title, post, waits, checklist or time limits`);
  }
  return {
    id: t.id,
    run_id: runId,
    ord: t.ord,
    step_id: t.stepId,
    title: t.title,
    post_id: t.postId,
    after: JSON.stringify(t.after),
    checklist: JSON.stringify(t.checklist),
    instructions: t.instructions ?? null,
    ack_minutes: t.ackMinutes,
    limit_minutes: t.limitMinutes,
    ...stateOf(t),
    ack_alarmed: 0,
    done_alarmed: 0,
  };
}

type LogEntry = Parameters<PlanRepository['appendLog']>[1];

/** The log of a task's move from `before` (none: new here) to `after`, at the times it happened there. */
function movesOf(runId: string, before: TaskState | null, after: TaskRow): LogEntry[] {
  const out: LogEntry[] = [];
  const at = (v: string | null): string => v ?? '';
  if (after.released_at && !before?.released_at) {
    out.push({
      runId,
      at: after.released_at,
      kind: 'released',
      taskId: after.id,
      actorId: null,
      detail: { holderId: after.holder_id ?? '', rule: after.holder_rule, postId: after.post_id },
    });
  }
  if (after.status === 'acknowledged')
    out.push({ runId, at: at(after.acked_at), kind: 'acknowledged', taskId: after.id, actorId: after.acked_by, detail: after.note ? { note: after.note } : {} });
  if (after.status === 'done')
    out.push({ runId, at: at(after.done_at), kind: 'completed', taskId: after.id, actorId: after.done_by, detail: after.note ? { note: after.note } : {} });
  if (after.status === 'skipped') out.push({ runId, at: at(after.done_at), kind: 'skipped', taskId: after.id, actorId: after.done_by, detail: { reason: after.note ?? '' } });
  return out.filter((e) => e.at !== '');
}

/** Folds one `planRun` upsert; true when it changed the run here. Throws on a payload it cannot read (kept in 同步问题). */
export async function applyRemoteRun(repo: PlanRepository, hlcClock: HybridLogicalClock, sql: Sql, id: string, raw: Record<string, unknown>, hlc: string): Promise<boolean> {
  const parsed = RunPayload.safeParse(raw);
  if (!parsed.success) throw new Error(`planRun ${id}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const p = parsed.data;
  hlcClock.receive(hlc);
  let run = await repo.run(sql, id);
  const log: LogEntry[] = [];
  let changed = false;
  if (!run) {
    if (!p.templateId || p.templateVersion === undefined || p.name === undefined || !p.kind || p.drill === undefined || !p.startedAt || !p.startedBy) {
      throw new Error(`planRun ${id}: the plan, name, kind, drill or start is missing`);
    }
    const drill = p.drill;
    await repo.insertRun(sql, {
      id,
      template_id: p.templateId,
      template_version: p.templateVersion,
      name: p.name,
      kind: p.kind,
      drill: drill ? 1 : 0,
      scenario: drill ? (p.scenario ?? '') : null,
      // A drill runs on a simulated situation: it never names a real event.
      event_id: drill ? null : (p.eventId ?? null),
      started_at: p.startedAt,
      started_by: p.startedBy,
      contacts: JSON.stringify(p.contacts ?? []),
      hlc: '',
    });
    log.push({ runId: id, at: p.startedAt, kind: 'started', taskId: null, actorId: p.startedBy, detail: { drill: drill ? '1' : '0' } });
    if (!drill && p.eventId) await repo.startProposalOf(sql, { eventId: p.eventId, templateId: p.templateId, by: p.startedBy, at: p.startedAt, runId: id });
    run = (await repo.run(sql, id))!;
    changed = true;
  }
  const local = new Map((await repo.tasksOf(sql, id)).map((t) => [t.id, t]));
  const added: TaskRow[] = [];
  for (const t of p.tasks) {
    const here = local.get(t.id);
    if (!here) {
      const task = newTask(id, t);
      added.push(task);
      log.push(...movesOf(id, null, task));
      continue;
    }
    const state = stateOf(t);
    if (!taskWins(state, here)) continue;
    const next = { ...here, ...state };
    await repo.putTaskState(sql, next);
    log.push(...movesOf(id, here, next));
    changed = true;
  }
  if (added.length > 0) {
    await repo.insertTasks(sql, added);
    // insertTasks writes the release; the rest of each state goes on after.
    for (const t of added) if (t.acked_at || t.done_at || t.note || RANK[t.status] > RANK.dispatched) await repo.putTaskState(sql, t);
    changed = true;
  }
  const end: RunEnd = { status: p.status, ended_at: p.endedAt ?? null, ended_by: p.endedBy ?? null, end_reason: p.endReason ?? null };
  const endTaken = endWins(end, run);
  if (endTaken) {
    await repo.setRunEnd(sql, id, end);
    if (end.status !== 'running')
      log.push({
        runId: id,
        at: end.ended_at ?? p.startedAt ?? run.started_at,
        kind: end.status,
        taskId: null,
        actorId: end.ended_by,
        detail: end.end_reason ? { reason: end.end_reason } : {},
      });
    changed = true;
  }
  // An ended run is final: nothing of it stays open here.
  const ended = endTaken ? end.status !== 'running' : run.status !== 'running';
  if (ended && [...local.values(), ...added].some((t) => OPEN.has(t.status))) await repo.cancelOpenTasks(sql, id);
  if (!changed) return false;
  for (const e of log.sort((a, b) => a.at.localeCompare(b.at))) await repo.appendLog(sql, e);
  await repo.setRunVersion(sql, id, run.version + 1, hlc > run.hlc ? hlc : run.hlc);
  return true;
}
