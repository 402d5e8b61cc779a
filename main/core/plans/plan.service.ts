/**
 * Contingency plans (数字预案): templates, proposals, runs and their tasks.
 *
 * - A new event that matches a template's trigger (main/core/plans/plan-rules.ts) gets a proposal
 *   and a `plan_proposed` alarm in the transaction that records the event; the duty leader starts
 *   it with one key (or dismisses it).
 * - Starting writes the run, one task per step and the log in ONE transaction, and dispatches
 *   every ready step's task at once to the acting holder of its post (the roster's AB rules at that
 *   instant, main/core/posts/acting-holder.ts). Completing or skipping a task releases the steps
 *   waiting for it — to whoever acts for their posts THEN (a run that crosses a shift change
 *   reaches the incoming people). The run finishes when nothing is open.
 * - The sweep (the SLA tick) raises one `plan_task_overdue` alarm per task and clock
 *   (acknowledgement, completion) and logs it.
 * - Drills run the same way on a simulated situation, never on a real event; they are marked
 *   everywhere and left out of real figures (the wall lists them after real runs, the update
 *   policy and handover still see them).
 * - Each change of a run is synced as a `planRun` upsert of the whole run; `planTemplate` upserts
 *   from the district become read-only templates (source `district`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  MyTask,
  PlanContact,
  PlanIssue,
  PlanLogEntry,
  PlanProposal,
  PlanReview,
  PlanRun,
  PlanRunSummary,
  PlanTask,
  PlanTemplate,
  PlanTemplateBody,
  PlanTemplateSummary,
  PlanTrigger,
  ReviewDelay,
  ReviewStep,
  RunStatus,
  TaskStatus,
} from '../../../preload/contract/plan-schemas';
import { PlanTemplateBody as PlanTemplateBodySchema } from '../../../preload/contract/plan-schemas';
import type { AlarmService } from '../alarms/alarm.service';
import { permit, type Permission } from '../kernel/permissions';
import { beijingDate } from '../beijing-time';
import type { Clock } from '../kernel/clock';
import type { Db, Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { ReportedEvent } from '../events/event.service';
import type { ChangeFeed } from '../feed';
import { ROSTER_ALARM_LABEL, raiseRosterAlarm } from '../roster/roster-alarms';
import type { HybridLogicalClock } from '../kernel/hlc';
import { appendOutbox } from '../kernel/outbox.repository';
import type { TownService } from '../town/town.service';
import { dependencyOrder, matchTrigger, OPEN, plannedSchedule, readyToRelease, runFinished, validatePlan } from './plan-rules';
import { renderReviewPdf } from './review-pdf';

interface TemplateRow {
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

interface RunRow {
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

interface TaskRow {
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

interface LogRow {
  seq: number;
  run_id: string;
  at: string;
  kind: PlanLogEntry['kind'];
  task_id: string | null;
  actor_id: string | null;
  detail: string;
}

interface ActiveTemplate {
  readonly id: string;
  readonly name: string;
  readonly triggers: readonly PlanTrigger[];
}

const TASK_COLUMNS = [
  'id', 'run_id', 'ord', 'step_id', 'title', 'post_id', 'after', 'checklist', 'instructions', 'ack_minutes', 'limit_minutes',
  'status', 'holder_id', 'holder_rule', 'released_at', 'ack_due', 'due_at',
] as const;

const MINUTE = 60_000;

export interface StartRequest {
  templateId: string;
  eventId?: string;
  proposalId?: string;
  drill: boolean;
  scenario?: string;
}

export class PlanService {
  /** Templates that can be proposed (not archived), with their triggers: matched on every new event. */
  private active: ActiveTemplate[] = [];

  constructor(
    private readonly db: Db,
    private readonly town: TownService,
    private readonly alarms: AlarmService,
    private readonly clock: Clock,
    private readonly hlc: HybridLogicalClock,
    private readonly feed: ChangeFeed,
    private readonly resourcesDir: string,
    private readonly fontFile: string,
  ) {}

  // ---- set-up ------------------------------------------------------------------------------------

  /** Seeds the demo town's plans once (resources/demo-town/plans.json), then loads the triggers. */
  async init(): Promise<void> {
    const seeded = await this.db.read((sql) => sql.get(`SELECT value FROM meta WHERE key = 'plans_seeded'`));
    if (!seeded) {
      const file = path.join(this.resourcesDir, 'demo-town', 'plans.json');
      const plans = existsSync(file) ? this.demoPlans(file) : [];
      const at = this.clock.now().toISOString();
      await this.db.write(async (sql) => {
        for (const body of plans) await this.insertTemplate(sql, randomUUID(), body, 1, 'local', null, at);
        await sql.run(`INSERT INTO meta (key, value) VALUES ('plans_seeded', ?)`, [at]);
      });
    }
    await this.reloadActive();
  }

  /** The demo plans with post codes turned into the town's post ids; a plan that does not validate stops the start. */
  private demoPlans(file: string): PlanTemplateBody[] {
    const byCode = new Map([...this.town.posts.values()].map((p) => [p.code, p.id]));
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { plans: (Omit<PlanTemplateBody, 'steps'> & { steps: (Omit<PlanTemplateBody['steps'][number], 'postId'> & { postCode: string })[] })[] };
    return raw.plans.map((p) => {
      const body = PlanTemplateBodySchema.parse({ ...p, steps: p.steps.map(({ postCode, ...s }) => ({ ...s, postId: byCode.get(postCode) ?? '' })) });
      const issues = this.validate(body);
      if (issues.length > 0) throw new Error(`demo plan ${p.name}: ${issues.map((i) => i.message).join('; ')}`);
      return body;
    });
  }

  private async reloadActive(): Promise<void> {
    const rows = await this.db.read((sql) => sql.all<TemplateRow>(`SELECT * FROM plan_template WHERE archived = 0 ORDER BY name`));
    this.active = rows.map((r) => ({ id: r.id, name: r.name, triggers: (JSON.parse(r.body) as PlanTemplateBody).triggers }));
  }

  private async insertTemplate(sql: Sql, id: string, body: PlanTemplateBody, version: number, source: 'local' | 'district', actorId: string | null, at: string, hlc?: string): Promise<void> {
    await sql.run(
      `INSERT INTO plan_template (id, name, kind, version, source, body, archived, hlc, updated_at, updated_by) VALUES (?,?,?,?,?,?,0,?,?,?)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, version = excluded.version, source = excluded.source,
          body = excluded.body, archived = 0, hlc = excluded.hlc, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [id, body.name, body.kind, version, source, JSON.stringify(body), hlc ?? this.hlc.now(), at, actorId],
    );
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private permit(actor: Actor, permission: Permission): void {
    permit(actor, permission);
  }

  private name(id: string | null): string | null {
    if (!id) return null;
    if (id.startsWith('node:')) return null;
    return this.town.people.get(id)?.name ?? id;
  }

  private postName(id: string): string {
    return this.town.posts.get(id)?.name ?? id;
  }

  private emit(parts: ('templates' | 'proposals' | 'runs')[], runIds?: string[]): void {
    this.feed.emit({ topic: 'plans', parts, ...(runIds ? { runIds } : {}) });
  }

  private async log(sql: Sql, runId: string, at: string, kind: PlanLogEntry['kind'], taskId: string | null, actorId: string | null, detail: Record<string, string> = {}): Promise<void> {
    await sql.run(`INSERT INTO plan_log (run_id, at, kind, task_id, actor_id, detail) VALUES (?,?,?,?,?,?)`, [runId, at, kind, taskId, actorId, JSON.stringify(detail)]);
  }

  private async loadTemplate(sql: Sql, id: string): Promise<TemplateRow> {
    const row = await sql.get<TemplateRow>(`SELECT * FROM plan_template WHERE id = ?`, [id]);
    if (!row) refuse('not_found', `no plan template ${id}`, { id });
    return row;
  }

  private async loadRun(sql: Sql, id: string): Promise<RunRow> {
    const row = await sql.get<RunRow>(`SELECT * FROM plan_run WHERE id = ?`, [id]);
    if (!row) refuse('not_found', `no plan run ${id}`, { id });
    return row;
  }

  private tasksOf(sql: Sql, runId: string): Promise<TaskRow[]> {
    return sql.all<TaskRow>(`SELECT * FROM plan_task WHERE run_id = ? ORDER BY ord`, [runId]);
  }

  private templateView(r: TemplateRow): PlanTemplate {
    const body = JSON.parse(r.body) as PlanTemplateBody;
    return { ...body, id: r.id, version: r.version, source: r.source, updatedAt: r.updated_at, updatedBy: this.name(r.updated_by), archived: r.archived === 1 };
  }

  // ---- templates ---------------------------------------------------------------------------------

  validate(body: PlanTemplateBody): PlanIssue[] {
    return validatePlan(body, { hasPost: (id) => this.town.posts.has(id), hasCategory: (code) => this.town.catalogue.has(code) });
  }

  async templates(actor: Actor): Promise<PlanTemplateSummary[]> {
    this.permit(actor, 'readPlans');
    return this.db.read(async (sql) => {
      const rows = await sql.all<TemplateRow & { running: number }>(
        `SELECT t.*, (SELECT COUNT(*) FROM plan_run r WHERE r.template_id = t.id AND r.status = 'running') AS running
           FROM plan_template t ORDER BY t.archived, t.name`,
      );
      return rows.map((r) => {
        const body = JSON.parse(r.body) as PlanTemplateBody;
        return { id: r.id, name: r.name, kind: body.kind, version: r.version, source: r.source, steps: body.steps.length, triggers: body.triggers, archived: r.archived === 1, running: r.running };
      });
    });
  }

  async template(actor: Actor, id: string): Promise<PlanTemplate> {
    this.permit(actor, 'readPlans');
    return this.templateView(await this.db.read((sql) => this.loadTemplate(sql, id)));
  }

  async saveTemplate(actor: Actor, req: { templateId?: string; template: PlanTemplateBody }): Promise<{ id: string; version: number }> {
    this.permit(actor, 'editPlans');
    const issues = this.validate(req.template);
    if (issues.length > 0) {
      refuse('invalid_plan', `the plan has ${issues.length} problem(s): ${issues.map((i) => i.message).join('; ')}`, { count: issues.length, first: issues[0]!.code });
    }
    const at = this.clock.now().toISOString();
    const result = await this.db.write(async (sql) => {
      const id = req.templateId ?? randomUUID();
      let version = 1;
      if (req.templateId) {
        const existing = await this.loadTemplate(sql, req.templateId);
        if (existing.source === 'district') refuse('plan_read_only', 'a plan from the district cannot be changed here; save it as a new plan');
        version = existing.version + 1;
      }
      await this.insertTemplate(sql, id, req.template, version, 'local', actor.id, at);
      await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
        at, actor.id, 'plan.save', 'planTemplate', id, JSON.stringify({ version, name: req.template.name }),
      ]);
      return { id, version };
    });
    await this.reloadActive();
    this.emit(['templates']);
    return result;
  }

  async archiveTemplate(actor: Actor, id: string): Promise<void> {
    this.permit(actor, 'editPlans');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const t = await this.loadTemplate(sql, id);
      if (t.source === 'district') refuse('plan_read_only', 'a plan from the district cannot be archived here');
      await sql.run(`UPDATE plan_template SET archived = 1, updated_at = ?, updated_by = ? WHERE id = ?`, [at, actor.id, id]);
      await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [at, actor.id, 'plan.archive', 'planTemplate', id, '{}']);
    });
    await this.reloadActive();
    this.emit(['templates']);
  }

  /**
   * A `planTemplate` upsert from the district (inside the sync transaction): a valid template
   * becomes (or replaces) a read-only district plan; `archived: true` retires it. An invalid one is
   * kept in the sync record only and changes nothing here.
   */
  async applyDistrictTemplate(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    const { archived, ...rest } = payload;
    if (archived === true) {
      await sql.run(`UPDATE plan_template SET archived = 1, hlc = ?, updated_at = ? WHERE id = ? AND source = 'district'`, [hlc, at, entityId]);
      return true;
    }
    const parsed = PlanTemplateBodySchema.safeParse(rest);
    if (!parsed.success || this.validate(parsed.data).length > 0) return false;
    const existing = await sql.get<{ version: number; source: string }>(`SELECT version, source FROM plan_template WHERE id = ?`, [entityId]);
    if (existing && existing.source !== 'district') return false;
    await this.insertTemplate(sql, entityId, parsed.data, (existing?.version ?? 0) + 1, 'district', null, at, hlc);
    return true;
  }

  /** After a sync page that changed district templates. */
  async templatesChanged(): Promise<void> {
    await this.reloadActive();
    this.emit(['templates']);
  }

  // ---- proposals ---------------------------------------------------------------------------------

  /** The report hook: every template whose trigger the new event matches gets a proposal and an alarm to the leader. */
  readonly onReported = async (sql: Sql, e: ReportedEvent, at: string): Promise<(() => void) | void> => {
    let proposed = false;
    for (const t of this.active) {
      const trigger = matchTrigger(t.triggers, { categoryCode: e.categoryCode, level: e.level, source: e.source, sensor: e.sensor });
      if (!trigger) continue;
      if (await sql.get(`SELECT id FROM plan_proposal WHERE event_id = ? AND template_id = ?`, [e.id, t.id])) continue;
      await sql.run(`INSERT INTO plan_proposal (id, event_id, template_id, trigger, created_at, status) VALUES (?,?,?,?,?, 'pending')`, [
        randomUUID(), e.id, t.id, JSON.stringify(trigger), at,
      ]);
      await this.alarms.raise(sql, { key: `plan_proposed:${e.id}:${t.id}`, kind: 'plan_proposed', eventId: e.id, detail: { templateId: t.id, templateName: t.name }, at });
      proposed = true;
    }
    if (proposed) {
      return () => {
        this.emit(['proposals']);
        this.feed.emit({ topic: 'alarms' });
      };
    }
  };

  async proposals(actor: Actor): Promise<PlanProposal[]> {
    this.permit(actor, 'readPlans');
    return this.db.read(async (sql) => {
      const rows = await sql.all<{ id: string; event_id: string; title: string | null; template_id: string; name: string; kind: string; trigger: string; created_at: string; status: PlanProposal['status']; run_id: string | null }>(
        `SELECT p.id, p.event_id, e.title, p.template_id, t.name, t.kind, p.trigger, p.created_at, p.status, p.run_id
           FROM plan_proposal p JOIN plan_template t ON t.id = p.template_id LEFT JOIN event e ON e.id = p.event_id
          WHERE p.status = 'pending' ORDER BY p.created_at DESC LIMIT 50`,
      );
      return rows.map((r) => ({
        id: r.id, eventId: r.event_id, eventTitle: r.title ?? '', templateId: r.template_id, templateName: r.name, kind: r.kind as PlanProposal['kind'],
        trigger: JSON.parse(r.trigger) as PlanTrigger, createdAt: r.created_at, status: r.status, runId: r.run_id,
      }));
    });
  }

  /** The proposal's alarm has served its purpose once someone decided. */
  private async settleProposalAlarm(sql: Sql, eventId: string, templateId: string, actorId: string, at: string, note: string): Promise<void> {
    await sql.run(`UPDATE alarm SET acked_at = ?, acked_by = ?, ack_note = ? WHERE key = ? AND acked_at IS NULL`, [at, actorId, note, `plan_proposed:${eventId}:${templateId}`]);
  }

  async dismissProposal(actor: Actor, proposalId: string, reason: string | undefined): Promise<void> {
    this.permit(actor, 'dismissProposal');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const p = await sql.get<{ status: string; event_id: string; template_id: string }>(`SELECT status, event_id, template_id FROM plan_proposal WHERE id = ?`, [proposalId]);
      if (!p) refuse('not_found', `no proposal ${proposalId}`, { id: proposalId });
      if (p.status !== 'pending') refuse('already_decided', 'this proposal is already decided');
      await sql.run(`UPDATE plan_proposal SET status = 'dismissed', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?`, [actor.id, at, reason ?? null, proposalId]);
      await this.settleProposalAlarm(sql, p.event_id, p.template_id, actor.id, at, reason ?? 'dismissed');
      await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
        at, actor.id, 'plan.dismiss', 'planProposal', proposalId, JSON.stringify({ reason: reason ?? null }),
      ]);
    });
    this.emit(['proposals']);
    this.feed.emit({ topic: 'alarms' });
  }

  /** Templates whose triggers the event matches (what the event's detail offers to start). */
  async matchEvent(actor: Actor, eventId: string): Promise<PlanTemplateSummary[]> {
    this.permit(actor, 'readPlans');
    const facts = await this.db.read(async (sql) => {
      const e = await sql.get<{ category_code: string; level: string; source: string }>(`SELECT category_code, level, source FROM event WHERE id = ?`, [eventId]);
      if (!e) refuse('not_found', `no event ${eventId}`, { id: eventId });
      const s = await sql.get<{ type: string; value: number }>(`SELECT type, value FROM event_sensor WHERE event_id = ?`, [eventId]);
      return { categoryCode: e.category_code, level: e.level as ReportedEvent['level'], source: e.source, sensor: s ?? null };
    });
    const matching = new Set(this.active.filter((t) => matchTrigger(t.triggers, facts)).map((t) => t.id));
    return (await this.templates(actor)).filter((t) => matching.has(t.id));
  }

  // ---- runs --------------------------------------------------------------------------------------

  async start(actor: Actor, req: StartRequest): Promise<{ runId: string }> {
    this.permit(actor, req.drill ? 'startDrill' : 'startPlan');
    if (req.drill && (req.eventId || req.proposalId)) refuse('invalid', 'a drill runs on a simulated situation, not on a real event', { field: 'eventId' });
    const now = this.clock.now();
    const at = now.toISOString();
    const runId = randomUUID();
    const alarmsRaised = await this.db.write(async (sql) => {
      const t = await this.loadTemplate(sql, req.templateId);
      if (t.archived) refuse('invalid', 'this plan is archived', { field: 'templateId' });
      const body = JSON.parse(t.body) as PlanTemplateBody;
      const issues = this.validate(body);
      if (issues.length > 0) refuse('invalid_plan', `the plan has ${issues.length} problem(s): ${issues[0]!.message}`, { count: issues.length, first: issues[0]!.code });
      let eventId = req.eventId ?? null;
      if (req.proposalId) {
        const p = await sql.get<{ status: string; event_id: string; template_id: string }>(`SELECT status, event_id, template_id FROM plan_proposal WHERE id = ?`, [req.proposalId]);
        if (!p) refuse('not_found', `no proposal ${req.proposalId}`, { id: req.proposalId });
        if (p.status !== 'pending') refuse('already_decided', 'this proposal is already decided');
        if (p.template_id !== t.id) refuse('invalid', 'the proposal is for another plan', { field: 'templateId' });
        if (eventId && eventId !== p.event_id) refuse('invalid', 'the proposal is for another event', { field: 'eventId' });
        eventId = p.event_id;
        await sql.run(`UPDATE plan_proposal SET status = 'started', decided_by = ?, decided_at = ?, run_id = ? WHERE id = ?`, [actor.id, at, runId, req.proposalId]);
        await this.settleProposalAlarm(sql, p.event_id, t.id, actor.id, at, 'started');
      }
      if (eventId && !(await sql.get(`SELECT id FROM event WHERE id = ?`, [eventId]))) refuse('not_found', `no event ${eventId}`, { id: eventId });
      const hlc = this.hlc.now();
      await sql.run(
        `INSERT INTO plan_run (id, template_id, template_version, name, kind, drill, status, scenario, event_id, started_at, started_by, contacts, version, hlc)
         VALUES (?,?,?,?,?,?, 'running', ?,?,?,?,?, 1, ?)`,
        [runId, t.id, t.version, body.name, body.kind, req.drill ? 1 : 0, req.drill ? (req.scenario ?? '') : null, eventId, at, actor.id, JSON.stringify(body.contacts), hlc],
      );
      await this.log(sql, runId, at, 'started', null, actor.id, { drill: req.drill ? '1' : '0', ...(req.proposalId ? { proposalId: req.proposalId } : {}) });
      const ordered = dependencyOrder(body.steps);
      const tasks: TaskRow[] = ordered.map((s, ord) => ({
        id: randomUUID(), run_id: runId, ord, step_id: s.id, title: s.title, post_id: s.postId, after: JSON.stringify(s.after), checklist: JSON.stringify(s.checklist),
        instructions: s.instructions ?? null, ack_minutes: s.ackMinutes, limit_minutes: s.limitMinutes, status: 'waiting', holder_id: null, holder_rule: 'none',
        released_at: null, ack_due: null, due_at: null, acked_at: null, acked_by: null, done_at: null, done_by: null, note: null, ack_alarmed: 0, done_alarmed: 0,
      }));
      const raised = await this.release(sql, runId, tasks, now, actor.id, { insert: true });
      await this.upsertRun(sql, runId, at);
      return raised;
    });
    this.emit(req.proposalId ? ['runs', 'proposals', 'templates'] : ['runs', 'templates'], [runId]);
    if (alarmsRaised || req.proposalId) this.feed.emit({ topic: 'alarms' });
    return { runId };
  }

  /**
   * Dispatches every ready step of the run to its post's acting holder at `now`. With `insert`,
   * the tasks are new and are written in one multi-row INSERT (after their holders are decided);
   * otherwise the released ones are updated. Returns whether an alarm was raised.
   */
  private async release(sql: Sql, runId: string, tasks: TaskRow[], now: Date, actorId: string | null, options: { insert?: boolean } = {}): Promise<boolean> {
    const at = now.toISOString();
    const ready = new Set(readyToRelease(tasks.map((t) => ({ stepId: t.step_id, after: JSON.parse(t.after) as string[], status: t.status }))));
    let alarmed = false;
    const released: TaskRow[] = [];
    for (const task of tasks) {
      if (!ready.has(task.step_id)) continue;
      const post = this.town.posts.get(task.post_id);
      const holder = post ? this.town.holderAt(post, now) : { personId: null, as: null };
      task.status = 'dispatched';
      task.holder_id = holder.personId;
      task.holder_rule = holder.personId === null ? 'none' : 'onCall' in holder && holder.onCall ? 'on_call' : (holder.as ?? 'none');
      task.released_at = at;
      task.ack_due = new Date(now.getTime() + task.ack_minutes * MINUTE).toISOString();
      task.due_at = new Date(now.getTime() + task.limit_minutes * MINUTE).toISOString();
      released.push(task);
      if (post && 'rule' in holder && holder.rule === 'on_call_both_absent') {
        alarmed = (await raiseRosterAlarm(this.alarms, sql, 'ab_uncovered', `${post.id}:${beijingDate(now)}`, {
          postId: post.id, onCallId: holder.personId ?? '', rule: holder.rule, postName: ROSTER_ALARM_LABEL.ab_uncovered(post.name),
        }, at)) || alarmed;
      }
      if (holder.personId === null) {
        alarmed = (await this.alarms.raise(sql, { key: `no_holder:plan:${task.id}`, kind: 'no_holder', eventId: null, detail: { postId: task.post_id, postName: this.postName(task.post_id), runId }, at })) || alarmed;
      }
    }
    if (options.insert) {
      for (let i = 0; i < tasks.length; i += 400) {
        const chunk = tasks.slice(i, i + 400);
        await sql.run(
          `INSERT INTO plan_task (${TASK_COLUMNS.join(', ')}) VALUES ${chunk.map(() => `(${TASK_COLUMNS.map(() => '?').join(',')})`).join(',')}`,
          chunk.flatMap((t) => TASK_COLUMNS.map((c) => t[c])),
        );
      }
    } else {
      for (const t of released) {
        await sql.run(`UPDATE plan_task SET status = 'dispatched', holder_id = ?, holder_rule = ?, released_at = ?, ack_due = ?, due_at = ? WHERE id = ?`, [
          t.holder_id, t.holder_rule, t.released_at, t.ack_due, t.due_at, t.id,
        ]);
      }
    }
    if (released.length > 0) {
      // The log of the release, one row per task, in one statement.
      await sql.run(
        `INSERT INTO plan_log (run_id, at, kind, task_id, actor_id, detail) VALUES ${released.map(() => `(?,?,'released',?,?,?)`).join(',')}`,
        released.flatMap((t) => [runId, at, t.id, actorId, JSON.stringify({ holderId: t.holder_id ?? '', rule: t.holder_rule, postId: t.post_id })]),
      );
    }
    return alarmed;
  }

  /** The whole run as the district sees it (a `planRun` upsert), with a new version and HLC. */
  private async upsertRun(sql: Sql, runId: string, at: string): Promise<void> {
    const run = await this.loadRun(sql, runId);
    const tasks = await this.tasksOf(sql, runId);
    const hlc = this.hlc.now();
    const version = run.version + 1;
    await sql.run(`UPDATE plan_run SET version = ?, hlc = ? WHERE id = ?`, [version, hlc, runId]);
    const payload = {
      templateId: run.template_id, templateVersion: run.template_version, name: run.name, kind: run.kind, drill: run.drill === 1, status: run.status,
      scenario: run.scenario, eventId: run.event_id, startedAt: run.started_at, startedBy: run.started_by, endedAt: run.ended_at, endedBy: run.ended_by,
      endReason: run.end_reason,
      tasks: tasks.map((t) => ({
        id: t.id, stepId: t.step_id, title: t.title, postId: t.post_id, status: t.status, holderId: t.holder_id, rule: t.holder_rule,
        releasedAt: t.released_at, ackDueAt: t.ack_due, dueAt: t.due_at, ackedAt: t.acked_at, ackedBy: t.acked_by, doneAt: t.done_at, doneBy: t.done_by, note: t.note,
      })),
    };
    await appendOutbox(sql, { entity: 'planRun', entityId: runId, kind: 'upsert', baseVersion: version - 1, payload, hlc, at });
  }

  /** A task of a running run, for a person's action on it. */
  private async openTask(sql: Sql, actor: Actor, runId: string, taskId: string): Promise<{ run: RunRow; task: TaskRow }> {
    const run = await this.loadRun(sql, runId);
    if (run.status !== 'running') refuse('plan_not_running', 'this plan run has ended');
    const task = await sql.get<TaskRow>(`SELECT * FROM plan_task WHERE id = ? AND run_id = ?`, [taskId, runId]);
    if (!task) refuse('not_found', `no task ${taskId} in this run`, { id: taskId });
    // Board staff act on their own tasks; the desk (officer, leader) on anyone's, e.g. on the phone.
    if (!actor.roles.includes('officer') && !actor.roles.includes('leader') && task.holder_id !== actor.id) {
      refuse('not_post_holder', 'this task is held by someone else', { postId: task.post_id });
    }
    return { run, task };
  }

  async ackTask(actor: Actor, runId: string, taskId: string, note?: string): Promise<void> {
    this.permit(actor, 'planTask');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const { task } = await this.openTask(sql, actor, runId, taskId);
      if (task.status !== 'dispatched') refuse('task_not_open', `the task is ${task.status}`, { status: task.status });
      await sql.run(`UPDATE plan_task SET status = 'acknowledged', acked_at = ?, acked_by = ?, note = COALESCE(?, note) WHERE id = ?`, [at, actor.id, note ?? null, taskId]);
      await this.log(sql, runId, at, 'acknowledged', taskId, actor.id, note ? { note } : {});
      await this.upsertRun(sql, runId, at);
    });
    this.emit(['runs'], [runId]);
  }

  async completeTask(actor: Actor, runId: string, taskId: string, note?: string): Promise<void> {
    this.permit(actor, 'planTask');
    await this.settle(actor, runId, taskId, 'done', note ?? null);
  }

  async skipTask(actor: Actor, runId: string, taskId: string, reason: string): Promise<void> {
    this.permit(actor, 'skipTask');
    await this.settle(actor, runId, taskId, 'skipped', reason);
  }

  /** Done or skipped: then the steps waiting for it are released, and the run finishes when nothing is open. */
  private async settle(actor: Actor, runId: string, taskId: string, to: 'done' | 'skipped', note: string | null): Promise<void> {
    const now = this.clock.now();
    const at = now.toISOString();
    const alarmed = await this.db.write(async (sql) => {
      const { task } = await this.openTask(sql, actor, runId, taskId);
      if (to === 'done' && task.status !== 'dispatched' && task.status !== 'acknowledged') refuse('task_not_open', `the task is ${task.status}`, { status: task.status });
      if (to === 'skipped' && !OPEN.has(task.status)) refuse('task_not_open', `the task is ${task.status}`, { status: task.status });
      if (to === 'done') {
        await sql.run(`UPDATE plan_task SET status = 'done', done_at = ?, done_by = ?, acked_at = COALESCE(acked_at, ?), acked_by = COALESCE(acked_by, ?), note = COALESCE(?, note) WHERE id = ?`, [
          at, actor.id, at, actor.id, note, taskId,
        ]);
        await this.log(sql, runId, at, 'completed', taskId, actor.id, note ? { note } : {});
      } else {
        await sql.run(`UPDATE plan_task SET status = 'skipped', done_at = ?, done_by = ?, note = ? WHERE id = ?`, [at, actor.id, note, taskId]);
        await this.log(sql, runId, at, 'skipped', taskId, actor.id, { reason: note ?? '' });
      }
      const tasks = await this.tasksOf(sql, runId);
      const raised = await this.release(sql, runId, tasks, now, actor.id);
      if (runFinished(tasks.map((t) => ({ stepId: t.step_id, after: [], status: t.status })))) {
        await sql.run(`UPDATE plan_run SET status = 'finished', ended_at = ?, ended_by = ? WHERE id = ?`, [at, actor.id, runId]);
        await this.log(sql, runId, at, 'finished', null, actor.id);
      }
      await this.upsertRun(sql, runId, at);
      return raised;
    });
    this.emit(['runs', 'templates'], [runId]);
    if (alarmed) this.feed.emit({ topic: 'alarms' });
  }

  /** The leader ends a run early: every open task is cancelled. */
  async endRun(actor: Actor, runId: string, reason: string): Promise<void> {
    this.permit(actor, 'endPlan');
    const at = this.clock.now().toISOString();
    await this.db.write(async (sql) => {
      const run = await this.loadRun(sql, runId);
      if (run.status !== 'running') refuse('plan_not_running', 'this plan run has ended');
      await sql.run(`UPDATE plan_task SET status = 'cancelled' WHERE run_id = ? AND status IN ('waiting', 'dispatched', 'acknowledged')`, [runId]);
      await sql.run(`UPDATE plan_run SET status = 'ended', ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?`, [at, actor.id, reason, runId]);
      await this.log(sql, runId, at, 'ended', null, actor.id, { reason });
      await this.upsertRun(sql, runId, at);
    });
    this.emit(['runs', 'templates'], [runId]);
  }

  // ---- the sweep ---------------------------------------------------------------------------------

  /** One alarm per task and clock that ran out (acknowledgement, completion), logged in the run. */
  async sweep(): Promise<number> {
    const at = this.clock.now().toISOString();
    const { count, runIds } = await this.db.write(async (sql) => {
      const late = await sql.all<TaskRow & { run_name: string; drill: number; clock: 'ack' | 'done' }>(
        `SELECT t.*, r.name AS run_name, r.drill, 'ack' AS clock FROM plan_task t JOIN plan_run r ON r.id = t.run_id
          WHERE t.status = 'dispatched' AND t.ack_alarmed = 0 AND t.ack_due <= ? AND r.status = 'running'
         UNION ALL
         SELECT t.*, r.name AS run_name, r.drill, 'done' AS clock FROM plan_task t JOIN plan_run r ON r.id = t.run_id
          WHERE t.status IN ('dispatched', 'acknowledged') AND t.done_alarmed = 0 AND t.due_at <= ? AND r.status = 'running'`,
        [at, at],
      );
      const touched = new Set<string>();
      for (const t of late) {
        const due = t.clock === 'ack' ? t.ack_due! : t.due_at!;
        await sql.run(`UPDATE plan_task SET ${t.clock === 'ack' ? 'ack_alarmed' : 'done_alarmed'} = 1 WHERE id = ?`, [t.id]);
        await this.alarms.raise(sql, {
          key: `plan_task_overdue:${t.id}:${t.clock}`,
          kind: 'plan_task_overdue',
          eventId: null,
          detail: {
            runId: t.run_id, taskId: t.id, clock: t.clock, dueAt: due, stepTitle: t.title,
            runName: t.drill === 1 ? `【演练】${t.run_name}` : t.run_name, holderName: this.name(t.holder_id) ?? '', postName: this.postName(t.post_id),
            ...(t.drill === 1 ? { drill: '1' } : {}),
          },
          at,
        });
        await this.log(sql, t.run_id, at, t.clock === 'ack' ? 'ack_overdue' : 'overdue', t.id, null, { dueAt: due, holderId: t.holder_id ?? '' });
        touched.add(t.run_id);
      }
      return { count: late.length, runIds: [...touched] };
    });
    if (count > 0) {
      this.emit(['runs'], runIds);
      this.feed.emit({ topic: 'alarms' });
    }
    return count;
  }

  // ---- reading -----------------------------------------------------------------------------------

  private taskView(t: TaskRow, nowMs: number): PlanTask {
    const holder = t.holder_id ? this.town.people.get(t.holder_id) : undefined;
    const lateBy = (due: string | null, doneAt: string | null): boolean => due !== null && (doneAt ? doneAt > due : nowMs > Date.parse(due) && OPEN.has(t.status));
    return {
      id: t.id, stepId: t.step_id, title: t.title, postId: t.post_id, postName: this.postName(t.post_id),
      holderId: t.holder_id, holderName: holder?.name ?? this.name(t.holder_id), holderPhone: holder?.phone ?? null, rule: t.holder_rule, status: t.status,
      after: JSON.parse(t.after) as string[], checklist: JSON.parse(t.checklist) as string[], instructions: t.instructions,
      ackMinutes: t.ack_minutes, limitMinutes: t.limit_minutes, releasedAt: t.released_at, ackDueAt: t.ack_due, dueAt: t.due_at,
      ackedAt: t.acked_at, ackedBy: this.name(t.acked_by), doneAt: t.done_at, doneBy: this.name(t.done_by), note: t.note,
      ackLate: t.status !== 'skipped' && t.status !== 'cancelled' && lateBy(t.ack_due, t.acked_at),
      late: t.status !== 'skipped' && t.status !== 'cancelled' && lateBy(t.due_at, t.status === 'done' ? t.done_at : null),
    };
  }

  private summaryOf(r: RunRow & { event_title: string | null }, tasks: readonly PlanTask[]): PlanRunSummary {
    return {
      id: r.id, templateId: r.template_id, name: r.name, kind: r.kind as PlanRunSummary['kind'], drill: r.drill === 1, status: r.status,
      startedAt: r.started_at, endedAt: r.ended_at, eventId: r.event_id, eventTitle: r.event_title,
      done: tasks.filter((t) => t.status === 'done' || t.status === 'skipped').length, total: tasks.length,
      overdue: tasks.filter((t) => OPEN.has(t.status) && (t.late || t.ackLate)).length,
    };
  }

  private async summaries(sql: Sql, where: string, params: unknown[], limit: number): Promise<PlanRunSummary[]> {
    const runs = await sql.all<RunRow & { event_title: string | null }>(
      `SELECT r.*, e.title AS event_title FROM plan_run r LEFT JOIN event e ON e.id = r.event_id WHERE ${where}
        ORDER BY r.status = 'running' DESC, r.drill, r.started_at DESC LIMIT ?`,
      [...params, limit],
    );
    if (runs.length === 0) return [];
    const nowMs = this.clock.now().getTime();
    const tasks = await sql.all<TaskRow>(`SELECT * FROM plan_task WHERE run_id IN (${runs.map(() => '?').join(',')}) ORDER BY run_id, ord`, runs.map((r) => r.id));
    const byRun = new Map<string, PlanTask[]>();
    for (const t of tasks) byRun.set(t.run_id, [...(byRun.get(t.run_id) ?? []), this.taskView(t, nowMs)]);
    return runs.map((r) => this.summaryOf(r, byRun.get(r.id) ?? []));
  }

  async runs(actor: Actor, req: { activeOnly: boolean; includeDrills: boolean; limit?: number }): Promise<PlanRunSummary[]> {
    this.permit(actor, 'readPlans');
    const where = [req.activeOnly ? `r.status = 'running'` : '1 = 1', req.includeDrills ? '1 = 1' : 'r.drill = 0'].join(' AND ');
    return this.db.read((sql) => this.summaries(sql, where, [], req.limit ?? 100));
  }

  /** The wall's active-plans panel: running real plans first, then drills. */
  async wallPlans(actor: Actor): Promise<PlanRunSummary[]> {
    this.permit(actor, 'readWall');
    return this.db.read((sql) => this.summaries(sql, `r.status = 'running'`, [], 20));
  }

  async run(actor: Actor, runId: string): Promise<PlanRun> {
    this.permit(actor, 'readPlans');
    return this.db.read(async (sql) => {
      const r = await sql.get<RunRow & { event_title: string | null }>(`SELECT r.*, e.title AS event_title FROM plan_run r LEFT JOIN event e ON e.id = r.event_id WHERE r.id = ?`, [runId]);
      if (!r) refuse('not_found', `no plan run ${runId}`, { id: runId });
      const nowMs = this.clock.now().getTime();
      const tasks = (await this.tasksOf(sql, runId)).map((t) => this.taskView(t, nowMs));
      const log = await this.logOf(sql, runId, tasks);
      return {
        ...this.summaryOf(r, tasks),
        templateVersion: r.template_version, startedBy: r.started_by, startedByName: this.name(r.started_by) ?? r.started_by, scenario: r.scenario,
        endedBy: this.name(r.ended_by), endReason: r.end_reason, contacts: JSON.parse(r.contacts) as PlanContact[], tasks, log,
      };
    });
  }

  private async logOf(sql: Sql, runId: string, tasks: readonly PlanTask[]): Promise<PlanLogEntry[]> {
    const titles = new Map(tasks.map((t) => [t.id, t.title]));
    const rows = await sql.all<LogRow>(`SELECT * FROM plan_log WHERE run_id = ? ORDER BY seq`, [runId]);
    return rows.map((l) => {
      const detail = JSON.parse(l.detail) as Record<string, string>;
      if (detail.holderId) detail.holderName = this.name(detail.holderId) ?? '';
      if (detail.postId) detail.postName = this.postName(detail.postId);
      return { at: l.at, kind: l.kind, taskId: l.task_id, stepTitle: l.task_id ? (titles.get(l.task_id) ?? null) : null, actorId: l.actor_id, actorName: this.name(l.actor_id), detail };
    });
  }

  /** The tasks a person holds that are still to do (board staff see theirs; so does anyone). */
  async myTasks(actor: Actor): Promise<MyTask[]> {
    this.permit(actor, 'readPlans');
    return this.db.read(async (sql) => {
      const rows = await sql.all<TaskRow & { run_name: string; drill: number }>(
        `SELECT t.*, r.name AS run_name, r.drill FROM plan_task t JOIN plan_run r ON r.id = t.run_id
          WHERE t.holder_id = ? AND t.status IN ('dispatched', 'acknowledged') AND r.status = 'running' ORDER BY t.due_at`,
        [actor.id],
      );
      const nowMs = this.clock.now().getTime();
      return rows.map((t) => ({ ...this.taskView(t, nowMs), runId: t.run_id, runName: t.run_name, drill: t.drill === 1 }));
    });
  }

  /** Running plans for the handover checklist (inside its transaction). */
  async activeForHandover(sql: Sql): Promise<{ id: string; title: string; detail: Record<string, string> }[]> {
    const runs = await this.summaries(sql, `r.status = 'running'`, [], 50);
    return runs.map((r) => ({
      id: r.id,
      title: `${r.drill ? '【演练】' : ''}《${r.name}》进行中：已完成 ${r.done}/${r.total} 项${r.overdue > 0 ? `，超时 ${r.overdue} 项` : ''}`,
      detail: { runId: r.id, done: String(r.done), total: String(r.total), overdue: String(r.overdue), drill: r.drill ? '1' : '0', startedAt: r.startedAt },
    }));
  }

  /** For the update policy: never restart while a plan runs. */
  runningCount(): Promise<number> {
    return this.db.read(async (sql) => (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM plan_run WHERE status = 'running'`))!.n);
  }

  // ---- the review --------------------------------------------------------------------------------

  async review(actor: Actor, runId: string): Promise<PlanReview> {
    const run = await this.run(actor, runId);
    const startMs = Date.parse(run.startedAt);
    const endMs = run.endedAt ? Date.parse(run.endedAt) : this.clock.now().getTime();
    const planned = plannedSchedule(run.tasks.map((t) => ({ id: t.stepId, after: t.after, limitMinutes: t.limitMinutes })), startMs);
    const minutesLate = (due: string | null, actual: string | null, open: boolean): number | null => {
      if (!due) return null;
      const at = actual ? Date.parse(actual) : open ? endMs : null;
      if (at === null) return null;
      return Math.max(0, Math.round((at - Date.parse(due)) / MINUTE));
    };
    const steps: ReviewStep[] = run.tasks.map((t) => {
      const p = planned.get(t.stepId)!;
      const open = OPEN.has(t.status) || t.status === 'cancelled';
      return {
        stepId: t.stepId, title: t.title, postName: t.postName, holderName: t.holderName, rule: t.rule, status: t.status,
        plannedStartAt: new Date(p.startMs).toISOString(), plannedDoneAt: new Date(p.doneMs).toISOString(),
        releasedAt: t.releasedAt, ackDueAt: t.ackDueAt, ackedAt: t.ackedAt, dueAt: t.dueAt, doneAt: t.status === 'done' ? t.doneAt : null,
        ackLateMinutes: t.status === 'skipped' ? null : minutesLate(t.ackDueAt, t.ackedAt, open),
        doneLateMinutes: t.status === 'skipped' ? null : minutesLate(t.dueAt, t.status === 'done' ? t.doneAt : null, open),
      };
    });
    const delays: ReviewDelay[] = [];
    for (const s of steps) {
      if ((s.ackLateMinutes ?? 0) > 0) delays.push({ stepId: s.stepId, title: s.title, kind: 'ack', minutes: s.ackLateMinutes!, holderName: s.holderName, postName: s.postName });
      if ((s.doneLateMinutes ?? 0) > 0) delays.push({ stepId: s.stepId, title: s.title, kind: 'done', minutes: s.doneLateMinutes!, holderName: s.holderName, postName: s.postName });
    }
    delays.sort((a, b) => b.minutes - a.minutes);
    const lastDone = run.tasks.reduce((m, t) => (t.doneAt ? Math.max(m, Date.parse(t.doneAt)) : m), startMs);
    const plannedEnd = [...planned.values()].reduce((m, p) => Math.max(m, p.doneMs), startMs);
    return {
      run: { ...this.plainSummary(run), scenario: run.scenario, startedByName: run.startedByName, endReason: run.endReason },
      centreName: this.town.town.centreName,
      durationMinutes: Math.round(((run.status === 'ended' ? endMs : Math.max(lastDone, run.endedAt ? endMs : lastDone)) - startMs) / MINUTE),
      plannedMinutes: Math.round((plannedEnd - startMs) / MINUTE),
      steps,
      delays,
      timeline: run.log,
    };
  }

  private plainSummary(run: PlanRun): PlanRunSummary {
    const { id, templateId, name, kind, drill, status, startedAt, endedAt, eventId, eventTitle, done, total, overdue } = run;
    return { id, templateId, name, kind, drill, status, startedAt, endedAt, eventId, eventTitle, done, total, overdue };
  }

  async reviewPdf(actor: Actor, runId: string): Promise<{ fileName: string; mimeType: string; dataBase64: string }> {
    const review = await this.review(actor, runId);
    const pdf = await renderReviewPdf(review, { fontFile: this.fontFile, printedAt: this.clock.now().toISOString() });
    const day = beijingDate(new Date(review.run.startedAt));
    return { fileName: `复盘-${review.run.drill ? '演练-' : ''}${review.run.name}-${day}.pdf`, mimeType: 'application/pdf', dataBase64: pdf.toString('base64') };
  }
}
