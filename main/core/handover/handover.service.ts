/**
 * The shift handover, behind one face (the IPC handlers and the tests call it): at the boundary the
 * outgoing shift's checklist is generated from the live state (handover-draft.ts); each item is
 * confirmed or annotated (handover-items.ts); then both officers sign by re-entering their password
 * (handover-signing.ts). From the first signature the content is frozen; at the second the handover
 * is final, is synced as a signed `handover` upsert, and an online backup is taken. Reads and the PDF
 * are in handover-views.ts. Every write is one kernel command.
 */
import type { FileResponse, Handover, HandoverCurrent, HandoverStatus, HandoverSummary } from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import type { Actor, Kernel } from '../kernel';
import { HandoverContext, type ActivePlanSource, type HandoverBackup, type HandoverRoster, type HandoverTown, type ShiftLog, type SignerPasswords } from './handover-context';
import { HandoverDraft } from './handover-draft';
import { HandoverItems } from './handover-items';
import { HandoverRemote } from './handover-remote';
import { HandoverSigning, type SignRequest } from './handover-signing';
import { HandoverViews } from './handover-views';

export type { ActivePlan, ActivePlanSource, HandoverBackup, HandoverRoster, HandoverTown, ShiftLog, SignerPasswords } from './handover-context';

export class HandoverService {
  private readonly ctx: HandoverContext;
  private readonly draft: HandoverDraft;
  private readonly items: HandoverItems;
  private readonly signing: HandoverSigning;
  private readonly views: HandoverViews;
  private readonly remote: HandoverRemote;

  constructor(kernel: Kernel, town: HandoverTown, roster: HandoverRoster, dutyLog: ShiftLog, fontFile: string, backup: HandoverBackup | null, passwords: SignerPasswords) {
    this.ctx = new HandoverContext(kernel, town, roster, dutyLog);
    this.draft = new HandoverDraft(this.ctx);
    this.items = new HandoverItems(this.ctx);
    this.signing = new HandoverSigning(this.ctx, backup, passwords);
    this.views = new HandoverViews(this.ctx, fontFile);
    this.remote = new HandoverRemote(this.ctx.repo, kernel.hlc);
  }

  /** The plans module registers where active plans come from. */
  /** 挂账数 now as 考核评价 counts it (issue #15), for the handover's figures. */
  setHeldSource(source: (sql: Sql) => Promise<number>): void {
    this.ctx.heldSource = source;
  }

  setPlanSource(source: ActivePlanSource): void {
    this.ctx.planSource = source;
  }

  // ---- reads ---------------------------------------------------------------------------------

  get(actor: Actor, id: string): Promise<Handover> {
    return this.views.get(actor, id);
  }

  list(actor: Actor, month: string | undefined, limit: number): Promise<HandoverSummary[]> {
    return this.views.list(actor, month, limit);
  }

  /** 历史交接: signed handovers only, newest signature first (of one month's shifts, or the latest). */
  history(actor: Actor, month: string | undefined, limit: number): Promise<HandoverSummary[]> {
    return this.views.history(actor, month, limit);
  }

  current(actor: Actor): Promise<HandoverCurrent> {
    return this.views.current(actor);
  }

  /** Status of the handovers out of the given shifts (for the on-duty board and the watch). */
  statusOf(shiftIds: readonly string[]): Promise<Map<string, { id: string; status: HandoverStatus }>> {
    return this.views.statusOf(shiftIds);
  }

  /** Which of these shifts' handovers are signed, in the caller's transaction (their duty log is final). */
  signedShifts(sql: Sql, shiftIds: readonly (string | null)[]): Promise<Set<string>> {
    return this.ctx.repo.signedShifts(sql, shiftIds);
  }

  pdf(actor: Actor, handoverId: string): Promise<FileResponse> {
    return this.views.pdf(actor, handoverId);
  }

  /**
   * The `handover` sink of the sync worker: a handover made or signed on another console of the town,
   * in the page's transaction (signed is final, both signatures kept: handover-remote.ts).
   */
  applyRemote(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    return this.remote.apply(sql, entityId, payload, hlc, at);
  }

  // ---- commands ------------------------------------------------------------------------------

  /** Generates (or refreshes) the handover out of a shift (default: the current one) from the live state. */
  async generate(actor: Actor, shiftId?: string): Promise<Handover> {
    return this.views.get(actor, await this.draft.generate(actor, shiftId));
  }

  async confirm(actor: Actor, handoverId: string, itemIds: readonly string[], confirmed: boolean): Promise<Handover> {
    await this.items.confirm(actor, handoverId, itemIds, confirmed);
    return this.views.get(actor, handoverId);
  }

  async annotate(actor: Actor, handoverId: string, itemId: string, note: string): Promise<Handover> {
    await this.items.annotate(actor, handoverId, itemId, note);
    return this.views.get(actor, handoverId);
  }

  /** A note handed over by hand ("the caller of event X will ring back at 9"), counted as annotated. */
  async addItem(actor: Actor, handoverId: string, text: string): Promise<Handover> {
    await this.items.addItem(actor, handoverId, text);
    return this.views.get(actor, handoverId);
  }

  /**
   * One officer signs by re-entering their password (the handover and the signer's right are checked
   * first; a wrong password counts toward the account's lock); the second signature makes it final and
   * takes the backup.
   */
  async sign(actor: Actor, req: SignRequest): Promise<{ handover: Handover; backup: { name: string; bytes: number } | null; backupError: string | null }> {
    const { backup, backupError } = await this.signing.sign(actor, req);
    return { handover: await this.views.get(actor, req.handoverId), backup, backupError };
  }
}
