/**
 * SQL of the plans' own tables: plan_template, plan_proposal, plan_run, plan_task, plan_log. The
 * only code that reads or writes them; the plan commands call it inside their transactions.
 *
 * Two reads reach the events' table (read only, never written here): the title of a run's event
 * (joined into the run lists) and the facts of an event that a trigger matches on.
 */
import type { PlanLogEntry, PlanTask, RunStatus, TaskStatus } from '../../../preload/contract/plan-schemas';
import type { Level } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import type { TriggerFacts } from './plan-rules';

export interface TemplateRow {
  id: string;
  name: string;
  kind: string;
  version: number;
  source: 'local' | 'district';
  body: string;
  archived: number;
  hlc: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ProposalRow {
  id: string;
  status: 'pending' | 'started' | 'dismissed';
  event_id: string;
  template_id: string;
  decided_by: string | null;
  decided_at: string | null;
  run_id: string | null;
}

export interface PendingProposalRow {
  id: string;
  event_id: string;
  title: string | null;
  template_id: string;
  name: string;
  kind: string;
  trigger: string;
  created_at: string;
  status: 'pending' | 'started' | 'dismissed';
  run_id: string | null;
}

export interface RunRow {
  id: string;
  template_id: string;
  template_version: number;
  name: string;
  kind: string;
  drill: number;
  status: RunStatus;
  scenario: string | null;
  event_id: string | null;
  started_at: string;
  started_by: string;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: string | null;
  contacts: string;
  version: number;
  hlc: string;
}

export type RunWithEventRow = RunRow & { event_title: string | null };

export interface TaskRow {
  id: string;
  run_id: string;
  ord: number;
  step_id: string;
  title: string;
  post_id: string;
  after: string;
  checklist: string;
  instructions: string | null;
  ack_minutes: number;
  limit_minutes: number;
  status: TaskStatus;
  holder_id: string | null;
  holder_rule: PlanTask['rule'];
  released_at: string | null;
  ack_due: string | null;
  due_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
  done_at: string | null;
  done_by: string | null;
  note: string | null;
  ack_alarmed: number;
  done_alarmed: number;
}

export type LateTaskRow = TaskRow & { run_name: string; drill: number; clock: 'ack' | 'done' };

export interface LogRow {
  seq: number;
  run_id: string;
  at: string;
  kind: PlanLogEntry['kind'];
  task_id: string | null;
  actor_id: string | null;
  detail: string;
}

const TASK_COLUMNS = [
  'id',
  'run_id',
  'ord',
  'step_id',
  'title',
  'post_id',
  'after',
  'checklist',
  'instructions',
  'ack_minutes',
  'limit_minutes',
  'status',
  'holder_id',
  'holder_rule',
  'released_at',
  'ack_due',
  'due_at',
] as const;

export class PlanRepository {
  // ---- templates ---------------------------------------------------------------------------------

  activeTemplates(sql: Sql): Promise<TemplateRow[]> {
    return sql.all<TemplateRow>(`SELECT * FROM plan_template WHERE archived = 0 ORDER BY name`);
  }

  template(sql: Sql, id: string): Promise<TemplateRow | undefined> {
    return sql.get<TemplateRow>(`SELECT * FROM plan_template WHERE id = ?`, [id]);
  }

  templatesWithRunning(sql: Sql): Promise<(TemplateRow & { running: number })[]> {
    return sql.all(
      `SELECT t.*, (SELECT COUNT(*) FROM plan_run r WHERE r.template_id = t.id AND r.status = 'running') AS running
         FROM plan_template t ORDER BY t.archived, t.name`,
    );
  }

  /** Inserts the template, or replaces it (un-archived) with this body and version. */
  putTemplate(
    sql: Sql,
    t: { id: string; name: string; kind: string; version: number; source: 'local' | 'district'; body: string; hlc: string; at: string; by: string | null },
  ): Promise<void> {
    return sql.run(
      `INSERT INTO plan_template (id, name, kind, version, source, body, archived, hlc, updated_at, updated_by) VALUES (?,?,?,?,?,?,0,?,?,?)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, version = excluded.version, source = excluded.source,
          body = excluded.body, archived = 0, hlc = excluded.hlc, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [t.id, t.name, t.kind, t.version, t.source, t.body, t.hlc, t.at, t.by],
    );
  }

  archiveTemplate(sql: Sql, id: string, at: string, by: string): Promise<void> {
    return sql.run(`UPDATE plan_template SET archived = 1, updated_at = ?, updated_by = ? WHERE id = ?`, [at, by, id]);
  }

  archiveDistrictTemplate(sql: Sql, id: string, hlc: string, at: string): Promise<void> {
    return sql.run(`UPDATE plan_template SET archived = 1, hlc = ?, updated_at = ? WHERE id = ? AND source = 'district'`, [hlc, at, id]);
  }

  // ---- proposals ---------------------------------------------------------------------------------

  /** Which of these (event, template) pairs already have a proposal, as `eventId:templateId`. */
  async proposalsOf(sql: Sql, pairs: readonly { eventId: string; templateId: string }[]): Promise<Set<string>> {
    const rows = await sql.all<{ event_id: string; template_id: string }>(
      `SELECT p.event_id, p.template_id FROM json_each(?) AS k JOIN plan_proposal AS p ON p.event_id = k.value ->> 0 AND p.template_id = k.value ->> 1`,
      [JSON.stringify(pairs.map((p) => [p.eventId, p.templateId]))],
    );
    return new Set(rows.map((r) => `${r.event_id}:${r.template_id}`));
  }

  /** New proposals, in order, in one statement. */
  async insertProposals(sql: Sql, rows: readonly { id: string; eventId: string; templateId: string; trigger: string; at: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await sql.run(
      `INSERT INTO plan_proposal (id, event_id, template_id, trigger, created_at, status)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, 'pending' FROM jsonb_each(?) ORDER BY key`,
      [JSON.stringify(rows.map((p) => [p.id, p.eventId, p.templateId, p.trigger, p.at]))],
    );
  }

  proposal(sql: Sql, id: string): Promise<ProposalRow | undefined> {
    return sql.get<ProposalRow>(`SELECT id, status, event_id, template_id, decided_by, decided_at, run_id FROM plan_proposal WHERE id = ?`, [id]);
  }

  decideProposal(sql: Sql, id: string, d: { status: 'started' | 'dismissed'; by: string; at: string; reason?: string | null; runId?: string }): Promise<void> {
    return d.status === 'started'
      ? sql.run(`UPDATE plan_proposal SET status = 'started', decided_by = ?, decided_at = ?, run_id = ? WHERE id = ?`, [d.by, d.at, d.runId ?? null, id])
      : sql.run(`UPDATE plan_proposal SET status = 'dismissed', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`, [d.by, d.at, d.reason ?? null, id]);
  }

  /** The pending proposal of this event and plan, started by a run made on another console of the town. */
  startProposalOf(sql: Sql, p: { eventId: string; templateId: string; by: string; at: string; runId: string }): Promise<void> {
    return sql.run(`UPDATE plan_proposal SET status = 'started', decided_by = ?, decided_at = ?, run_id = ? WHERE event_id = ? AND template_id = ? AND status = 'pending'`, [
      p.by,
      p.at,
      p.runId,
      p.eventId,
      p.templateId,
    ]);
  }

  pendingProposals(sql: Sql, limit: number): Promise<PendingProposalRow[]> {
    return sql.all<PendingProposalRow>(
      `SELECT p.id, p.event_id, e.title, p.template_id, t.name, t.kind, p.trigger, p.created_at, p.status, p.run_id
         FROM plan_proposal p JOIN plan_template t ON t.id = p.template_id LEFT JOIN event e ON e.id = p.event_id
        WHERE p.status = 'pending' ORDER BY p.created_at DESC LIMIT ?`,
      [limit],
    );
  }

  // ---- runs --------------------------------------------------------------------------------------

  insertRun(
    sql: Sql,
    r: Pick<RunRow, 'id' | 'template_id' | 'template_version' | 'name' | 'kind' | 'drill' | 'scenario' | 'event_id' | 'started_at' | 'started_by' | 'contacts' | 'hlc'>,
  ): Promise<void> {
    return sql.run(
      `INSERT INTO plan_run (id, template_id, template_version, name, kind, drill, status, scenario, event_id, started_at, started_by, contacts, version, hlc)
       VALUES (?,?,?,?,?,?, 'running', ?,?,?,?,?, 1, ?)`,
      [r.id, r.template_id, r.template_version, r.name, r.kind, r.drill, r.scenario, r.event_id, r.started_at, r.started_by, r.contacts, r.hlc],
    );
  }

  run(sql: Sql, id: string): Promise<RunRow | undefined> {
    return sql.get<RunRow>(`SELECT * FROM plan_run WHERE id = ?`, [id]);
  }

  runWithEvent(sql: Sql, id: string): Promise<RunWithEventRow | undefined> {
    return sql.get<RunWithEventRow>(`SELECT r.*, e.title AS event_title FROM plan_run r LEFT JOIN event e ON e.id = r.event_id WHERE r.id = ?`, [id]);
  }

  /** Runs (running first, real before drills, newest first) with their event's title. */
  runsWithEvent(sql: Sql, filter: { runningOnly: boolean; includeDrills: boolean }, limit: number): Promise<RunWithEventRow[]> {
    const where = [filter.runningOnly ? `r.status = 'running'` : '1 = 1', filter.includeDrills ? '1 = 1' : 'r.drill = 0'].join(' AND ');
    return sql.all<RunWithEventRow>(
      `SELECT r.*, e.title AS event_title FROM plan_run r LEFT JOIN event e ON e.id = r.event_id WHERE ${where}
        ORDER BY r.status = 'running' DESC, r.drill, r.started_at DESC LIMIT ?`,
      [limit],
    );
  }

  async runningCount(sql: Sql): Promise<number> {
    return (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM plan_run WHERE status = 'running'`))!.n;
  }

  setRunVersion(sql: Sql, id: string, version: number, hlc: string): Promise<void> {
    return sql.run(`UPDATE plan_run SET version = ?, hlc = ? WHERE id = ?`, [version, hlc, id]);
  }

  /** A run's ending as another console of the town had it (plan-run-remote.ts). */
  setRunEnd(sql: Sql, id: string, e: Pick<RunRow, 'status' | 'ended_at' | 'ended_by' | 'end_reason'>): Promise<void> {
    return sql.run(`UPDATE plan_run SET status = ?, ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?`, [e.status, e.ended_at, e.ended_by, e.end_reason, id]);
  }

  finishRun(sql: Sql, id: string, at: string, by: string): Promise<void> {
    return sql.run(`UPDATE plan_run SET status = 'finished', ended_at = ?, ended_by = ? WHERE id = ?`, [at, by, id]);
  }

  endRun(sql: Sql, id: string, at: string, by: string, reason: string): Promise<void> {
    return sql.run(`UPDATE plan_run SET status = 'ended', ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?`, [at, by, reason, id]);
  }

  // ---- tasks -------------------------------------------------------------------------------------

  /** New tasks in multi-row INSERTs (400 rows a statement, under SQLite's parameter limit). */
  async insertTasks(sql: Sql, tasks: readonly TaskRow[]): Promise<void> {
    for (let i = 0; i < tasks.length; i += 400) {
      const chunk = tasks.slice(i, i + 400);
      await sql.run(
        `INSERT INTO plan_task (${TASK_COLUMNS.join(', ')}) VALUES ${chunk.map(() => `(${TASK_COLUMNS.map(() => '?').join(',')})`).join(',')}`,
        chunk.flatMap((t) => TASK_COLUMNS.map((c) => t[c])),
      );
    }
  }

  tasksOf(sql: Sql, runId: string): Promise<TaskRow[]> {
    return sql.all<TaskRow>(`SELECT * FROM plan_task WHERE run_id = ? ORDER BY ord`, [runId]);
  }

  tasksOfRuns(sql: Sql, runIds: readonly string[]): Promise<TaskRow[]> {
    return sql.all<TaskRow>(`SELECT * FROM plan_task WHERE run_id IN (${runIds.map(() => '?').join(',')}) ORDER BY run_id, ord`, [...runIds]);
  }

  task(sql: Sql, runId: string, taskId: string): Promise<TaskRow | undefined> {
    return sql.get<TaskRow>(`SELECT * FROM plan_task WHERE id = ? AND run_id = ?`, [taskId, runId]);
  }

  /** A task's state as another console of the town had it (plan-run-remote.ts). */
  putTaskState(sql: Sql, t: TaskRow): Promise<void> {
    const cols = ['status', 'holder_id', 'holder_rule', 'released_at', 'ack_due', 'due_at', 'acked_at', 'acked_by', 'done_at', 'done_by', 'note'] as const;
    return sql.run(`UPDATE plan_task SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...cols.map((c) => t[c]), t.id]);
  }

  markReleased(sql: Sql, t: TaskRow): Promise<void> {
    return sql.run(`UPDATE plan_task SET status = 'dispatched', holder_id = ?, holder_rule = ?, released_at = ?, ack_due = ?, due_at = ? WHERE id = ?`, [
      t.holder_id,
      t.holder_rule,
      t.released_at,
      t.ack_due,
      t.due_at,
      t.id,
    ]);
  }

  ackTask(sql: Sql, id: string, at: string, by: string, note: string | null): Promise<void> {
    return sql.run(`UPDATE plan_task SET status = 'acknowledged', acked_at = ?, acked_by = ?, note = COALESCE(?, note) WHERE id = ?`, [at, by, note, id]);
  }

  completeTask(sql: Sql, id: string, at: string, by: string, note: string | null): Promise<void> {
    return sql.run(
      `UPDATE plan_task SET status = 'done', done_at = ?, done_by = ?, acked_at = COALESCE(acked_at, ?), acked_by = COALESCE(acked_by, ?), note = COALESCE(?, note) WHERE id = ?`,
      [at, by, at, by, note, id],
    );
  }

  skipTask(sql: Sql, id: string, at: string, by: string, note: string | null): Promise<void> {
    return sql.run(`UPDATE plan_task SET status = 'skipped', done_at = ?, done_by = ?, note = ? WHERE id = ?`, [at, by, note, id]);
  }

  cancelOpenTasks(sql: Sql, runId: string): Promise<void> {
    return sql.run(`UPDATE plan_task SET status = 'cancelled' WHERE run_id = ? AND status IN ('waiting', 'dispatched', 'acknowledged')`, [runId]);
  }

  /** Open tasks of running runs whose acknowledgement or completion clock ran out and has not alarmed yet. */
  lateTasks(sql: Sql, at: string): Promise<LateTaskRow[]> {
    return sql.all<LateTaskRow>(
      `SELECT t.*, r.name AS run_name, r.drill, 'ack' AS clock FROM plan_task t JOIN plan_run r ON r.id = t.run_id
        WHERE t.status = 'dispatched' AND t.ack_alarmed = 0 AND t.ack_due <= ? AND r.status = 'running'
       UNION ALL
       SELECT t.*, r.name AS run_name, r.drill, 'done' AS clock FROM plan_task t JOIN plan_run r ON r.id = t.run_id
        WHERE t.status IN ('dispatched', 'acknowledged') AND t.done_alarmed = 0 AND t.due_at <= ? AND r.status = 'running'`,
      [at, at],
    );
  }

  markAlarmed(sql: Sql, id: string, clock: 'ack' | 'done'): Promise<void> {
    return sql.run(`UPDATE plan_task SET ${clock === 'ack' ? 'ack_alarmed' : 'done_alarmed'} = 1 WHERE id = ?`, [id]);
  }

  openTasksHeldBy(sql: Sql, personId: string): Promise<(TaskRow & { run_name: string; drill: number })[]> {
    return sql.all(
      `SELECT t.*, r.name AS run_name, r.drill FROM plan_task t JOIN plan_run r ON r.id = t.run_id
        WHERE t.holder_id = ? AND t.status IN ('dispatched', 'acknowledged') AND r.status = 'running' ORDER BY t.due_at`,
      [personId],
    );
  }

  // ---- the run's log -----------------------------------------------------------------------------

  appendLog(sql: Sql, e: { runId: string; at: string; kind: PlanLogEntry['kind']; taskId: string | null; actorId: string | null; detail: Record<string, string> }): Promise<void> {
    return sql.run(`INSERT INTO plan_log (run_id, at, kind, task_id, actor_id, detail) VALUES (?,?,?,?,?,?)`, [
      e.runId,
      e.at,
      e.kind,
      e.taskId,
      e.actorId,
      JSON.stringify(e.detail),
    ]);
  }

  /** The log of a release, one row per task, in one statement. */
  async appendReleased(sql: Sql, runId: string, at: string, actorId: string | null, tasks: readonly TaskRow[]): Promise<void> {
    if (tasks.length === 0) return;
    await sql.run(
      `INSERT INTO plan_log (run_id, at, kind, task_id, actor_id, detail) VALUES ${tasks.map(() => `(?,?,'released',?,?,?)`).join(',')}`,
      tasks.flatMap((t) => [runId, at, t.id, actorId, JSON.stringify({ holderId: t.holder_id ?? '', rule: t.holder_rule, postId: t.post_id })]),
    );
  }

  logOf(sql: Sql, runId: string): Promise<LogRow[]> {
    return sql.all<LogRow>(`SELECT * FROM plan_log WHERE run_id = ? ORDER BY seq`, [runId]);
  }

  // ---- the events' table (read only) -------------------------------------------------------------

  async eventExists(sql: Sql, eventId: string): Promise<boolean> {
    return !!(await sql.get(`SELECT id FROM event WHERE id = ?`, [eventId]));
  }

  /** What a trigger matches on, read from the event (and its sensor reading). */
  async eventFacts(sql: Sql, eventId: string): Promise<TriggerFacts | null> {
    const e = await sql.get<{ category_code: string; level: string; source: string }>(`SELECT category_code, level, source FROM event WHERE id = ?`, [eventId]);
    if (!e) return null;
    const s = await sql.get<{ type: string; value: number }>(`SELECT type, value FROM event_sensor WHERE event_id = ?`, [eventId]);
    return { categoryCode: e.category_code, level: e.level as Level, source: e.source, sensor: s ?? null };
  }
}
