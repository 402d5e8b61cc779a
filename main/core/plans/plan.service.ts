/**
 * Contingency plans (数字预案): templates, proposals, runs and their tasks, the review. This class
 * is the facade the API handlers and tests call; the work is done by its parts:
 * - plan-templates.ts: the library, saving and archiving, district templates, matching an event;
 * - plan-proposals.ts: the report hook that proposes plans, dismissing a proposal;
 * - plan-runs.ts: starting (one key), tasks, ending, the sweep;
 * - plan-queries.ts and plan-review.ts: reading runs, the after-action review;
 * - plan.repository.ts: the SQL of the plans' tables.
 * Every write is a kernel command (main/core/kernel): its audit, outbox op and alarms in the same
 * transaction, the feed after commit.
 *
 * Drills run the same way on a simulated situation, never on a real event; they are marked
 * everywhere and left out of real figures (the wall lists them after real runs, the update policy
 * and handover still see them). Each change of a run is synced as a `planRun` upsert of the whole
 * run, and the runs of the town's other consoles are folded in (plan-run-remote.ts); `planTemplate` upserts from the district become read-only templates (source `district`).
 */
import type {
  MyTask,
  PlanIssue,
  PlanProposal,
  PlanReview,
  PlanRun,
  PlanRunSummary,
  PlanTemplate,
  PlanTemplateBody,
  PlanTemplateSummary,
} from '../../../preload/contract/plan-schemas';
import type { Sql } from '../db/db';
import type { ChangeFeed } from '../feed';
import type { Actor } from '../kernel/actor';
import type { Kernel, Tx } from '../kernel/command-runner';
import { PlanContext, type PlanTown } from './plan-context';
import { PlanProposals, type NewEvent } from './plan-proposals';
import { PlanQueries } from './plan-queries';
import { PlanReviews } from './plan-review';
import { applyRemoteRun } from './plan-run-remote';
import { PlanRuns, type StartRequest } from './plan-runs';
import { PlanTemplates } from './plan-templates';

export type { StartRequest } from './plan-runs';
export type { PlanTown } from './plan-context';

export class PlanService {
  private readonly ctx: PlanContext;
  private readonly library: PlanTemplates;
  private readonly proposing: PlanProposals;
  private readonly running: PlanRuns;
  private readonly queries: PlanQueries;
  private readonly reviews: PlanReviews;
  /** Runs folded in from elsewhere since the last sync page was told. */
  private readonly remoteRuns = new Set<string>();

  constructor(kernel: Kernel, town: PlanTown, feed: ChangeFeed, resourcesDir: string, fontFile: string) {
    this.ctx = new PlanContext(kernel, town, feed, resourcesDir, fontFile);
    this.library = new PlanTemplates(this.ctx);
    this.proposing = new PlanProposals(this.ctx);
    this.running = new PlanRuns(this.ctx);
    this.queries = new PlanQueries(this.ctx);
    this.reviews = new PlanReviews(this.ctx, this.queries);
  }

  /** Seeds the demo town's plans once, then loads the triggers. */
  init(): Promise<void> {
    return this.library.init();
  }

  // ---- templates ---------------------------------------------------------------------------------

  validate(body: PlanTemplateBody): PlanIssue[] {
    return this.ctx.validate(body);
  }

  templates(actor: Actor): Promise<PlanTemplateSummary[]> {
    return this.library.templates(actor);
  }

  template(actor: Actor, id: string): Promise<PlanTemplate> {
    return this.library.template(actor, id);
  }

  saveTemplate(actor: Actor, req: { templateId?: string; template: PlanTemplateBody }): Promise<{ id: string; version: number }> {
    return this.library.saveTemplate(actor, req);
  }

  archiveTemplate(actor: Actor, id: string): Promise<void> {
    return this.library.archiveTemplate(actor, id);
  }

  /** A `planTemplate` upsert from the district, inside the sync page's transaction (the sync sink). */
  applyDistrictTemplate(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    return this.library.applyDistrictTemplate(sql, entityId, payload, hlc, at);
  }

  /** After a sync page that changed district templates. */
  templatesChanged(): Promise<void> {
    return this.library.templatesChanged();
  }

  matchEvent(actor: Actor, eventId: string): Promise<PlanTemplateSummary[]> {
    return this.library.matchEvent(actor, eventId);
  }

  // ---- proposals ---------------------------------------------------------------------------------

  /** The events' report hook (inside the event's report transaction). */
  readonly onReported = (sql: Sql, reported: readonly { readonly event: NewEvent; readonly at: string }[]): Promise<(() => void) | void> =>
    this.proposing.onReported(sql, reported);

  proposals(actor: Actor): Promise<PlanProposal[]> {
    return this.proposing.proposals(actor);
  }

  dismissProposal(actor: Actor, proposalId: string, reason: string | undefined): Promise<void> {
    return this.proposing.dismissProposal(actor, proposalId, reason);
  }

  // ---- runs --------------------------------------------------------------------------------------

  start(actor: Actor, req: StartRequest): Promise<{ runId: string }> {
    return this.running.start(actor, req);
  }

  ackTask(actor: Actor, runId: string, taskId: string, note?: string): Promise<void> {
    return this.running.ackTask(actor, runId, taskId, note);
  }

  completeTask(actor: Actor, runId: string, taskId: string, note?: string): Promise<void> {
    return this.running.completeTask(actor, runId, taskId, note);
  }

  skipTask(actor: Actor, runId: string, taskId: string, reason: string): Promise<void> {
    return this.running.skipTask(actor, runId, taskId, reason);
  }

  endRun(actor: Actor, runId: string, reason: string): Promise<void> {
    return this.running.endRun(actor, runId, reason);
  }

  /** A `planRun` upsert from another console of the town (or the district), inside the sync page's transaction (the sync sink). */
  async applyRemoteRun(sql: Sql, runId: string, payload: Record<string, unknown>, hlc: string): Promise<boolean> {
    const taken = await applyRemoteRun(this.ctx.repo, this.ctx.kernel.hlc, sql, runId, payload, hlc);
    if (taken) this.remoteRuns.add(runId);
    return taken;
  }

  /** After a sync page that changed runs: the pages told; what both consoles' work made ready released (`catchUp`). */
  async runsChanged(): Promise<void> {
    const ids = [...this.remoteRuns];
    this.remoteRuns.clear();
    this.ctx.feed.emit(this.ctx.message(['runs', 'proposals', 'templates'], ids));
    await this.running.catchUp(ids);
  }

  /** 升级提醒 on a plan task, inside the escalation's transaction (plan-runs.ts). */
  passTaskToB(tx: Tx, runId: string, taskId: string, personId: string): Promise<boolean> {
    return this.running.passToB(tx, runId, taskId, personId);
  }

  logEscalation(tx: Tx, runId: string, taskId: string, detail: Record<string, string>, actorId: string | null, at: string): Promise<void> {
    return this.running.logEscalation(tx, runId, taskId, detail, actorId, at);
  }

  sweep(): Promise<number> {
    return this.running.sweep();
  }

  // ---- reading -----------------------------------------------------------------------------------

  runs(actor: Actor, req: { activeOnly: boolean; includeDrills: boolean; limit?: number }): Promise<PlanRunSummary[]> {
    return this.queries.runs(actor, req);
  }

  wallPlans(actor: Actor): Promise<PlanRunSummary[]> {
    return this.queries.wallPlans(actor);
  }

  run(actor: Actor, runId: string): Promise<PlanRun> {
    return this.queries.run(actor, runId);
  }

  myTasks(actor: Actor): Promise<MyTask[]> {
    return this.queries.myTasks(actor);
  }

  /** Running plans for the handover checklist (inside its transaction). */
  activeForHandover(sql: Sql): Promise<{ id: string; title: string; detail: Record<string, string> }[]> {
    return this.queries.activeForHandover(sql);
  }

  runningCount(): Promise<number> {
    return this.queries.runningCount();
  }

  review(actor: Actor, runId: string): Promise<PlanReview> {
    return this.reviews.review(actor, runId);
  }

  reviewPdf(actor: Actor, runId: string): Promise<{ fileName: string; mimeType: string; dataBase64: string }> {
    return this.reviews.reviewPdf(actor, runId);
  }
}
