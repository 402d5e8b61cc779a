/**
 * The events feature's one face to the rest of the core (the API handlers, the sync worker, the
 * report hooks): a thin facade over its parts, which own the work —
 *   event-intake.ts     a new report, its possible duplicate;
 *   event-commands.ts   the lifecycle actions on one event;
 *   event-approvals.ts  return, extension and 挂账 requests, the leader's decisions;
 *   event-life.ts       reclassify, release, the 挂账 list;
 *   event-follow-up.ts  回访 (follow-up), the reopen, the list to call back;
 *   event-sweep.ts      the SLA sweep;
 *   event-remote.ts     ops from the district applied in the sync worker's transaction;
 *   event-queries.ts    the queue, the detail, what each person may do (allowedActions).
 * Every write is one kernel command (main/core/kernel); the SQL is event.repository.ts's.
 */
import type {
  Approval,
  DispatchProposal,
  EventDetail,
  FollowUpCandidate,
  FollowUpListRequest,
  FollowUpResult,
  HeldEvent,
  Level,
  QueueResponse,
} from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import type { ChangeFeed } from '../feed';
import type { Actor, Kernel, Tx } from '../kernel';
import type { Attached, AttachmentUploadRequest } from '../../../preload/contract/attachment-schemas';
import { EventApprovals } from './event-approvals';
import { EventAttach, type AttachmentKeeper } from './event-attach';
import { EventCommands } from './event-commands';
import { EventContext, type EventsCalendar, type EventsTown } from './event-context';
import { EventFollowUp } from './event-follow-up';
import { EventIntake } from './event-intake';
import { EventLife } from './event-life';
import type { Satisfaction, SituationStage } from './event-lifecycle';
import type { ReportLimits } from '../../../preload/contract/situation-report-schemas';
import { allowedActions, EventQueries, type ActionFacts } from './event-queries';
import { EventRemote } from './event-remote';
import { EventSituationReport } from './event-situation-report';
import { EventSweep } from './event-sweep';
import { transition } from './event-transition';
import type { DispatchRequest, QueueFilter, RemoteOp, ReportHook, ReportInput, ServerRecord } from './event-types';

export { allowedActions, type ActionFacts } from './event-queries';
export type { EventsCalendar, EventsTown } from './event-context';
export {
  DUPLICATE_WINDOW_MS,
  LEVEL_RANK,
  type DispatchRequest,
  type QueueFilter,
  type RemoteOp,
  type RemoteOrigin,
  type ReportedEvent,
  type ReportHook,
  type ReportInput,
  type ServerRecord,
} from './event-types';

export class EventService {
  private readonly ctx: EventContext;
  private readonly intake: EventIntake;
  private readonly commands: EventCommands;
  private readonly approvalsPart: EventApprovals;
  private readonly queries: EventQueries;
  private readonly remote: EventRemote;
  private readonly sweeper: EventSweep;
  private readonly life: EventLife;
  private readonly followUpPart: EventFollowUp;
  private readonly situationPart: EventSituationReport;
  private readonly attachPart: EventAttach;

  constructor(kernel: Kernel, town: EventsTown, calendar: EventsCalendar, feed: ChangeFeed) {
    this.ctx = new EventContext(kernel, town, calendar);
    this.intake = new EventIntake(this.ctx);
    this.commands = new EventCommands(this.ctx);
    this.approvalsPart = new EventApprovals(this.ctx, this.commands);
    this.queries = new EventQueries(this.ctx, this.approvalsPart);
    this.remote = new EventRemote(this.ctx, feed);
    this.sweeper = new EventSweep(this.ctx);
    this.life = new EventLife(this.ctx);
    this.followUpPart = new EventFollowUp(this.ctx);
    this.situationPart = new EventSituationReport(this.ctx);
    this.attachPart = new EventAttach(this.ctx);
  }

  /** Another module learns of every new event in the transaction that records it. */
  onReported(hook: ReportHook): void {
    this.ctx.onReported(hook);
  }

  // ---- commands ------------------------------------------------------------------------------

  report(actor: Actor, input: ReportInput): Promise<string> {
    return this.intake.report(actor, input);
  }

  accept(actor: Actor, eventId: string): Promise<void> {
    return this.commands.accept(actor, eventId);
  }

  dispatch(actor: Actor, req: DispatchRequest): Promise<void> {
    return this.commands.dispatch(actor, req);
  }

  acceptAndDispatch(actor: Actor, req: DispatchRequest): Promise<void> {
    return this.commands.acceptAndDispatch(actor, req);
  }

  acknowledge(actor: Actor, eventId: string, postId: string): Promise<void> {
    return this.commands.acknowledge(actor, eventId, postId);
  }

  arrive(actor: Actor, eventId: string, postId: string): Promise<void> {
    return this.commands.arrive(actor, eventId, postId);
  }

  reportBack(actor: Actor, eventId: string, result: string): Promise<void> {
    return this.commands.reportBack(actor, eventId, result);
  }

  verify(actor: Actor, eventId: string): Promise<void> {
    return this.commands.verify(actor, eventId);
  }

  reject(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.commands.reject(actor, eventId, reason);
  }

  close(actor: Actor, eventId: string, result: string): Promise<void> {
    return this.commands.close(actor, eventId, result);
  }

  escalate(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.commands.escalate(actor, eventId, reason);
  }

  markInvalid(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.commands.markInvalid(actor, eventId, reason);
  }

  note(actor: Actor, eventId: string, text: string, postId?: string): Promise<void> {
    return this.commands.note(actor, eventId, text, postId);
  }

  /** A note written inside another feature's transaction (升级提醒's step by hand): the timeline row and its op. */
  async noteIn(tx: Tx, actor: Actor, eventId: string, payload: Record<string, unknown>): Promise<void> {
    await transition(this.ctx, tx, actor, await this.ctx.load(tx.sql, eventId), 'note', payload, {}, tx.at);
  }

  /** Merge with a reason (event-merge.ts: its refusals, the reason in both timelines). */
  merge(actor: Actor, eventId: string, intoEventId: string, reason: string): Promise<void> {
    return this.commands.merge(actor, eventId, intoEventId, reason);
  }

  reclassify(actor: Actor, req: { eventId: string; categoryCode: string; level: Level; reason: string }): Promise<void> {
    return this.life.reclassify(actor, req);
  }

  release(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.life.release(actor, eventId, reason);
  }

  /** 回访: the call's result on a closed event (follow_up); unsatisfied does not reopen by itself. */
  followUp(actor: Actor, eventId: string, req: { satisfaction: Satisfaction; text: string }): Promise<void> {
    return this.followUpPart.followUp(actor, eventId, req);
  }

  /** 回访 as the desk records it: the three satisfactions travel (follow_up); 未接通 stays on this console. */
  recordFollowUp(actor: Actor, eventId: string, result: FollowUpResult, text: string): Promise<void> {
    if (result === 'unreachable') return this.followUpPart.unreachable(actor, eventId, text.trim() || '未接通');
    return this.followUpPart.followUp(actor, eventId, { satisfaction: result, text: text.trim() || '电话回访' });
  }

  /** Reopens a closed event: back to reported, open, its own clocks from the reopen. */
  reopen(actor: Actor, eventId: string, reason: string): Promise<void> {
    return this.followUpPart.reopen(actor, eventId, reason);
  }

  /** 首报 / 续报 / 终报 to the district (event-situation-report.ts). */
  situationReport(actor: Actor, req: { eventId: string; stage: SituationStage; text: string }): Promise<void> {
    return this.situationPart.file(actor, req);
  }

  /** The first report's limit per level (minutes from the acceptance). */
  reportLimits(actor: Actor): Promise<ReportLimits> {
    return this.situationPart.limits(actor);
  }

  saveReportLimits(actor: Actor, limits: ReportLimits): Promise<void> {
    return this.situationPart.saveLimits(actor, limits);
  }

  // ---- attachments (event-attach.ts) ------------------------------------------------------------

  /** Where attachments' bytes are kept (the console's blob store; app-core wires it). */
  keepAttachmentsIn(keeper: AttachmentKeeper): void {
    this.attachPart.keepIn(keeper);
  }

  /** A photo or file on the event: its type read from the bytes; refused (nothing changed) unless accepted. */
  attach(actor: Actor, req: { eventId: string; name: string; bytes: Uint8Array }): Promise<Attached> {
    return this.attachPart.attach(actor, req);
  }

  /** One chunk of a file to attach (the web console's messages are small); the last one reads its type. */
  attachUpload(actor: Actor, chunk: Omit<AttachmentUploadRequest, 'dataBase64'> & { data: Buffer }): Promise<{ receivedBytes: number; mime: string | null }> {
    return Promise.resolve().then(() => this.attachPart.upload(actor, chunk));
  }

  /** Attaches a file sent in chunks. */
  attachStaged(actor: Actor, req: { eventId: string; uploadId: string; name: string }): Promise<Attached> {
    return this.attachPart.attachUpload(actor, req);
  }

  // ---- approvals -----------------------------------------------------------------------------

  requestReturn(actor: Actor, eventId: string, reason: string): Promise<{ approvalId: string | null }> {
    return this.approvalsPart.requestReturn(actor, eventId, reason);
  }

  /** 挂账: the handler asks (the leader approves); the duty leader's own is approved at once. */
  requestHold(actor: Actor, req: { eventId: string; reason: string; reviewBy: string }): Promise<{ approvalId: string | null }> {
    return this.approvalsPart.requestHold(actor, req);
  }

  requestExtension(actor: Actor, req: { eventId: string; postId?: string; until: string; reason: string }): Promise<{ approvalId: string }> {
    return this.approvalsPart.requestExtension(actor, req);
  }

  decideApproval(actor: Actor, req: { approvalId: string; approve: boolean; note?: string }): Promise<void> {
    return this.approvalsPart.decideApproval(actor, req);
  }

  approvals(actor: Actor, onlyPending: boolean): Promise<Approval[]> {
    return this.approvalsPart.approvals(actor, onlyPending);
  }

  // ---- the SLA sweep -------------------------------------------------------------------------

  /** Raises an alarm for every clock that ran out, once per breach; returns the events touched. */
  sweep(): Promise<number> {
    return this.sweeper.sweep();
  }

  // ---- ops from the district (the sync worker, inside its own transaction) -------------------

  beginPage(sql: Sql, eventIds: readonly string[]): Promise<void> {
    return this.remote.beginPage(sql, eventIds);
  }

  flushPage(sql: Sql): Promise<void> {
    return this.remote.flushPage(sql);
  }

  endPage(sql: Sql, commit = true): Promise<void> {
    return this.remote.endPage(sql, commit);
  }

  applyRemoteIn(sql: Sql, op: RemoteOp): Promise<'applied' | 'diverged'> {
    return this.remote.applyRemoteIn(sql, op);
  }

  resetFromServerIn(sql: Sql, record: ServerRecord, at: string): Promise<void> {
    return this.remote.resetFromServerIn(sql, record, at);
  }

  /** Tells the UI that events changed after a sync step. */
  announce(ids: string[]): void {
    this.remote.announce(ids);
  }

  // ---- reads ---------------------------------------------------------------------------------

  queue(actor: Actor, filter: QueueFilter): Promise<QueueResponse> {
    return this.queries.queue(actor, filter);
  }

  detail(actor: Actor, eventId: string): Promise<EventDetail> {
    return this.queries.detail(actor, eventId);
  }

  /** 联动 on the wall (issue #18): open events with a place reported since `since` (the core's own read). */
  linkageCandidates(since: string): ReturnType<EventQueries['linkageCandidates']> {
    return this.queries.linkageCandidates(since);
  }

  /** The 挂账 list: held open events, the nearest review first. */
  holds(actor: Actor): Promise<HeldEvent[]> {
    return this.life.holds(actor);
  }

  /** The town's share of events below serious to call back (回访), percent. */
  followUpShare(actor: Actor): Promise<number> {
    return this.followUpPart.share(actor);
  }

  /** Sets the town's 回访 share (leader, administrator). */
  setFollowUpShare(actor: Actor, sharePercent: number): Promise<void> {
    return this.followUpPart.setShare(actor, sharePercent);
  }

  /** The closed events to call back (回访): serious and above, and a share of the rest. */
  followUps(actor: Actor, req: FollowUpListRequest): Promise<FollowUpCandidate[]> {
    return this.followUpPart.list(actor, req);
  }

  proposeDispatch(actor: Actor, eventId: string): Promise<DispatchProposal> {
    return this.queries.proposeDispatch(actor, eventId);
  }

  /** What this person may do to this event now (the read model's `allowedActions`). */
  allowedActions(actor: Actor, e: ActionFacts): string[] {
    return allowedActions(actor.roles, e);
  }
}
