/**
 * Rosters as commands and views, behind one face (the IPC handlers and the tests call it): the
 * centre's shift templates and duty settings (roster-setup.ts), a month's roster generated fairly and
 * edited by hand (roster-months.ts, roster-views.ts), spreadsheets (roster-sheets.ts), absences
 * (roster-absences.ts) and swaps (roster-swaps.ts). Every change is one kernel command with its audit
 * row and the upsert ops of the records it touched; the in-memory duty index is then swapped for one
 * built inside that transaction, so dispatch and the acting-holder queries see exactly what was
 * committed. It also answers who acts for a post (the town's duty resolver, wired in app-core.ts).
 */
import type {
  Absence,
  AddAbsenceRequest,
  AssignRequest,
  Candidate,
  Clash,
  DutySettings,
  DutySetup,
  FileResponse,
  ImportResponse,
  RosterSummary,
  RosterView,
  SaveDutySetup,
  ShiftTemplate,
  Swap,
  SwapRequest,
} from '../../../preload/contract/roster-schemas';
import type { Sql } from '../db/db';
import type { ChangeFeed } from '../feed';
import type { Actor, Kernel } from '../kernel';
import { permit, type Permission } from '../kernel/permissions';
import { decideActing, type ActingDecision } from '../posts/acting-holder';
import type { DutyIndex } from './duty-index';
import { absenceSpan, RosterAbsences, type SyncedAbsence } from './roster-absences';
import { RosterContext, watchMessages, type RosterCalendar, type RosterTown, type RosterTownPost } from './roster-context';
import { RosterMonths } from './roster-months';
import { RosterRemote } from './roster-remote';
import { RosterSetup } from './roster-setup';
import { RosterSheets } from './roster-sheets';
import { RosterSwaps } from './roster-swaps';
import { RosterViews } from './roster-views';
import type { RosterRepository } from './roster.repository';

export type { RosterCalendar, RosterTown, WatchPart } from './roster-context';

export class RosterService {
  private readonly ctx: RosterContext;
  private readonly setupPart: RosterSetup;
  private readonly views: RosterViews;
  private readonly months: RosterMonths;
  private readonly sheets: RosterSheets;
  private readonly swapPart: RosterSwaps;
  private readonly absencePart: RosterAbsences;
  private readonly remote: RosterRemote;
  private offCalendar: (() => void) | null = null;
  /** A sync page took a roster or a shift: the index is reloaded once after it. */
  private remoteTaken = false;

  constructor(
    kernel: Kernel,
    town: RosterTown,
    calendar: RosterCalendar,
    private readonly feed: ChangeFeed,
  ) {
    this.ctx = new RosterContext(kernel, town, calendar);
    this.setupPart = new RosterSetup(this.ctx);
    this.views = new RosterViews(this.ctx);
    this.months = new RosterMonths(this.ctx);
    this.sheets = new RosterSheets(this.ctx);
    this.swapPart = new RosterSwaps(this.ctx);
    this.absencePart = new RosterAbsences(this.ctx);
    this.remote = new RosterRemote(this.ctx);
  }

  /** Seeds the default templates (day + night) and settings once, then loads the index. */
  async init(): Promise<void> {
    await this.setupPart.init();
    // A changed holiday calendar changes which days are working days.
    this.offCalendar = this.feed.subscribe((m) => {
      if (m.topic === 'calendar') this.ctx.reindex();
    });
  }

  dispose(): void {
    this.offCalendar?.();
  }

  get repo(): RosterRepository {
    return this.ctx.repo;
  }

  /** The roster as committed (replaced whole after every change). */
  get duty(): DutyIndex {
    return this.ctx.index;
  }

  settings(): DutySettings {
    return this.ctx.settings;
  }

  templates(): readonly ShiftTemplate[] {
    return this.ctx.templates;
  }

  permit(actor: Actor, permission: Permission): void {
    permit(actor, permission);
  }

  personName(id: string | null): string | null {
    return this.ctx.personName(id);
  }

  /** Who the generator picks from for each role key. */
  pools(templates: readonly ShiftTemplate[]): Map<string, string[]> {
    return this.ctx.pools(templates);
  }

  // ---- setup ---------------------------------------------------------------------------------

  setup(actor: Actor): DutySetup {
    return this.setupPart.setup(actor);
  }

  saveSetup(actor: Actor, input: SaveDutySetup): Promise<DutySetup> {
    return this.setupPart.saveSetup(actor, input);
  }

  // ---- months --------------------------------------------------------------------------------

  list(actor: Actor, year?: number): Promise<RosterSummary[]> {
    return this.views.list(actor, year);
  }

  get(actor: Actor, month: string): Promise<RosterView> {
    return this.views.get(actor, month);
  }

  clashes(actor: Actor, month: string): Promise<Clash[]> {
    return this.views.clashes(actor, month);
  }

  candidates(actor: Actor, shiftId: string, key: string): Promise<Candidate[]> {
    return this.views.candidates(actor, shiftId, key);
  }

  /** The roster view from the current index (for callers that already checked permissions). */
  viewOf(month: string): Promise<RosterView> {
    return this.views.viewOf(month);
  }

  async generate(actor: Actor, month: string, seed?: number): Promise<RosterView> {
    return this.views.viewById(await this.months.generate(actor, month, seed));
  }

  async assign(actor: Actor, req: AssignRequest): Promise<RosterView> {
    return this.views.viewOf(await this.months.assign(actor, req));
  }

  // ---- spreadsheets --------------------------------------------------------------------------

  exportXlsx(actor: Actor, month: string): Promise<FileResponse> {
    return this.sheets.exportXlsx(actor, month);
  }

  async importXlsx(actor: Actor, month: string, bytes: Buffer): Promise<ImportResponse> {
    const problems = await this.sheets.importXlsx(actor, month, bytes);
    if (problems.length > 0) return { imported: false, problems, roster: null };
    return { imported: true, problems: [], roster: await this.views.viewOf(month) };
  }

  // ---- swaps ---------------------------------------------------------------------------------

  requestSwap(actor: Actor, req: SwapRequest): Promise<Swap> {
    return this.swapPart.requestSwap(actor, req);
  }

  swaps(actor: Actor, month: string | undefined, pendingOnly: boolean): Promise<Swap[]> {
    return this.swapPart.swaps(actor, month, pendingOnly);
  }

  decideSwap(actor: Actor, swapId: string, approve: boolean, note?: string): Promise<Swap> {
    return this.swapPart.decideSwap(actor, swapId, approve, note);
  }

  // ---- absences ------------------------------------------------------------------------------

  /** A date is the whole Beijing day (`to` inclusive); a time is that instant. */
  static span(from: string, to: string): { start: Date; end: Date } {
    return absenceSpan(from, to);
  }

  addAbsence(actor: Actor, req: AddAbsenceRequest): Promise<{ absence: Absence; clashes: Clash[] }> {
    return this.absencePart.addAbsence(actor, req);
  }

  cancelAbsence(actor: Actor, absenceId: string): Promise<Absence> {
    return this.absencePart.cancelAbsence(actor, absenceId);
  }

  absences(actor: Actor, filter: { from?: string; to?: string; personId?: string; includeCancelled: boolean }): Promise<Absence[]> {
    return this.absencePart.absences(actor, filter);
  }

  /** The `absence` sink of the sync worker: runs inside its page's transaction. */
  applyRemoteAbsence(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | SyncedAbsence> {
    return this.absencePart.applyRemoteAbsence(sql, entityId, payload, hlc, at);
  }

  /** After a sync page that brought absences: the index (acting holders, clashes) follows, and the UI hears of it. */
  async absencesChanged(): Promise<void> {
    this.ctx.index = await this.ctx.kernel.read((sql) => this.ctx.loadIndex(sql));
    for (const message of watchMessages(['absences', 'roster'])) this.feed.emit(message);
  }

  /** The `roster` sink of the sync worker (a month's plan from another console or the district): in its page's transaction. */
  async applyRemoteRoster(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    const taken = await this.remote.applyRoster(sql, entityId, payload, hlc, at);
    this.remoteTaken ||= taken;
    return taken;
  }

  /** The `shift` sink of the sync worker: its fields by the shift's HLC, each cell by its own. */
  async applyRemoteShift(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    const taken = await this.remote.applyShift(sql, entityId, payload, hlc, at);
    this.remoteTaken ||= taken;
    return taken;
  }

  /** After a sync page that brought rosters or shifts: the index (acting holders, the board) follows, and the UI hears of it. */
  async rosterChanged(): Promise<void> {
    // Once per page, though both sinks (roster, shift) call it.
    if (!this.remoteTaken) return;
    this.remoteTaken = false;
    this.ctx.index = await this.ctx.kernel.read((sql) => this.ctx.loadIndex(sql));
    for (const message of watchMessages(['roster'])) this.feed.emit(message);
  }

  // ---- the acting holder ---------------------------------------------------------------------

  /** Who acts for the post at the instant, by the rule table, from the roster as committed. */
  decide(post: RosterTownPost, at: Date): ActingDecision {
    return decideActing(post, this.ctx.index.viewAt(at.getTime()));
  }

  /** Whether a person can take a task for the post at the instant (present and on duty). */
  canAct(personId: string, post: RosterTownPost, at: Date): boolean {
    const view = this.ctx.index.viewAt(at.getTime());
    return view.present(personId) && view.onDuty(personId, post);
  }
}
