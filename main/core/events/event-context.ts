/**
 * What every part of the events feature shares: its narrow view of the town and the calendar, the
 * kernel, the repository, loading a command's target event (and refusing a command on an event that
 * changed since the person saw it), the row of a new event, the report hooks, and the cache of the
 * sync page being applied.
 */
import type { Level, Person, PostInfo, Source } from '../../../preload/contract/schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { currentScope, SYSTEM, type Actor, type Kernel, type Tx } from '../kernel';
import type { Clock } from '../kernel/clock';
import type { HybridLogicalClock } from '../kernel/hlc';
import type { Permission } from '../kernel/permissions';
import type { deadline } from '../sla/sla';
import type { CatalogueRecord, HolderAt, PostRecord } from '../town/town.service';
import { EVENT_ACTIONS } from './event-lifecycle';
import { EventRepository, type AssignmentRecord, type EventRecord } from './event.repository';
import type { EventPage } from './event-page';
import { LEVEL_RANK, sensorOf, type ReportedEvent, type ReportHook, type ReportInput } from './event-types';

/** The working calendar the SLA deadlines are counted on. */
/**
 * An event's round not yet begun: reported and open, nothing since, only its accept clock running
 * (from `acceptDue`). A new event's row, and a reopened event's (PROTOCOL.md v1.1 `reopen`).
 */
export function freshRound(acceptDue: string | null) {
  return {
    state: 'reported',
    is_open: 1,
    accepted_at: null,
    dispatched_at: null,
    acknowledged_at: null,
    arrived_at: null,
    resolved_at: null,
    closed_at: null,
    accept_due: acceptDue,
    ack_due: null,
    on_scene_due: null,
    resolve_due: null,
    due_at: acceptDue,
    due_kind: acceptDue ? 'accept' : null,
    lead_post_id: null,
    coop_post_ids: '[]',
    handler_id: null,
    carried_over: 0,
    carry_over_note: null,
    hold_review_by: null,
    clock_paused_at: null,
  } satisfies Partial<EventRecord>;
}

export type DeadlineCalendar = Parameters<typeof deadline>[0];

/** What events need of the town (satisfied by TownService, wired in app-core.ts). */
export interface EventsTown {
  readonly town: { readonly townCode: string };
  readonly catalogue: ReadonlyMap<string, CatalogueRecord>;
  readonly grids: ReadonlyMap<string, { readonly name: string }>;
  readonly posts: ReadonlyMap<string, PostRecord>;
  person(id: string | null | undefined): Person | null;
  holdsPost(personId: string, postId: string): boolean;
  postInfo(post: PostRecord, at?: Date): PostInfo;
  /** Who acts for the post at the instant (the roster's rule table). */
  holderAt(post: PostRecord, at?: Date): HolderAt;
  canActAt(personId: string, post: PostRecord, at?: Date): boolean;
}

/** What events need of the calendar (satisfied by CalendarService). */
export interface EventsCalendar {
  current(): DeadlineCalendar;
}

/**
 * Where an event write puts what goes beside it: the kernel's transaction for a local command, or
 * a stand-in over the sync page's transaction for an op from the district (no outbox there, and no
 * emit: announce tells the desk).
 */
export type EventWrite = Pick<Tx, 'sql' | 'outbox' | 'raiseAlarm' | 'afterCommit'> & Partial<Pick<Tx, 'emit'>>;

export type TimelineRow = Parameters<EventRepository['appendTimeline']>[1];

/** Timeline actions that change an event's version (what a superseded command is told about). */
const VERSION_ACTIONS: readonly string[] = [...EVENT_ACTIONS, 'sync_reset'];

export class EventContext {
  readonly repo = new EventRepository();
  readonly reportHooks: ReportHook[] = [];
  /**
   * While the sync worker applies a page of ops (one transaction): the page's events and tasks read
   * once, kept as each op writes them, and written set-based at the end (event-page.ts).
   */
  page: EventPage | null = null;

  constructor(
    readonly kernel: Kernel,
    readonly town: EventsTown,
    readonly calendar: EventsCalendar,
  ) {}

  get clock(): Clock {
    return this.kernel.clock;
  }

  get hlc(): HybridLogicalClock {
    return this.kernel.hlc;
  }

  /** One event command through the kernel. No audit row: the event's timeline is its trail. */
  run<T>(name: string, actor: Actor, permission: Permission | readonly Permission[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.kernel.run({ name: `events.${name}`, actor, permission, audit: false }, fn);
  }

  /** Board staff act only for posts they hold; officers and leaders act for any (e.g. on the phone). */
  permitPost(actor: Actor, postId: string): void {
    if (actor === SYSTEM || actor.roles.includes('officer') || actor.roles.includes('leader')) return;
    if (!this.town.holdsPost(actor.id, postId)) refuse('not_post_holder', `you do not hold post ${postId}`, { postId });
  }

  item(code: string): CatalogueRecord {
    const item = this.town.catalogue.get(code);
    if (!item) refuse('unknown_category', `unknown catalogue item ${code}`, { code });
    return item;
  }

  routeOf(event: EventRecord): { lead: string; cooperating: string[] } {
    const item = this.item(event.category_code);
    return { lead: item.leadPostId, cooperating: [...item.cooperatingPostIds] };
  }

  async load(sql: Sql, eventId: string): Promise<EventRecord> {
    const event = await this.repo.get(sql, eventId);
    if (!event) refuse('not_found', `no event ${eventId}`, { id: eventId });
    return event;
  }

  /**
   * The one place a command loads the event it acts on. When the person acted on a version of it
   * that is no longer the current one (the door's `expectedVersion`), the command lost a race and is
   * refused with who won and when.
   */
  async loadTarget(sql: Sql, eventId: string): Promise<EventRecord> {
    const event = await this.load(sql, eventId);
    const expected = currentScope().expected;
    if (expected && expected.entityId === eventId && expected.version !== event.version) {
      const last = await this.repo.lastChange(sql, eventId, VERSION_ACTIONS);
      const by = this.actorName(last?.actor_id ?? null);
      const at = beijingHm(last?.at ?? event.updated_at);
      const action = last?.action ?? 'update';
      refuse('superseded', `event changed since you saw it: ${action} by ${by} at ${at}`, { by, at, action });
    }
    return event;
  }

  /** The name a person reads for who did something: a person's name, 系统, or 区级 for the district. */
  actorName(actorId: string | null): string {
    if (!actorId || actorId === SYSTEM.id) return '系统';
    if (actorId.startsWith('node:')) return '区级';
    return this.town.person(actorId)?.name ?? actorId;
  }

  // ---- the event writes: straight to SQLite, or into the sync page's cache ----------------------

  async getEvent(sql: Sql, id: string): Promise<EventRecord | undefined> {
    if (this.page?.has(id)) return this.page.get(id);
    return this.repo.get(sql, id);
  }

  remember(e: EventRecord): void {
    this.page?.remember(e);
  }

  /** A new event's row (in a page: inserted as it stands after the page). */
  async insertEvent(sql: Sql, e: EventRecord): Promise<void> {
    if (this.page) this.page.remember(e);
    else await this.repo.insert(sql, e);
  }

  /** An event's changed columns (in a page: kept with the event, written by the page). */
  async updateEvent(sql: Sql, next: EventRecord, diff: Partial<EventRecord>): Promise<void> {
    if (this.page) this.page.remember(next);
    else await this.repo.update(sql, next.id, diff);
  }

  appendTimeline(sql: Sql, entry: TimelineRow): Promise<void> {
    if (this.page) {
      this.page.appendTimeline(entry);
      return Promise.resolve();
    }
    return this.repo.appendTimeline(sql, entry);
  }

  async deactivateAssignments(sql: Sql, eventId: string): Promise<void> {
    if (this.page) this.page.deactivateAssignments(eventId);
    else await this.repo.deactivateAssignments(sql, eventId);
  }

  async insertAssignments(sql: Sql, rows: readonly Omit<AssignmentRecord, 'id'>[]): Promise<void> {
    if (this.page) this.page.insertAssignments(rows);
    else await this.repo.insertAssignments(sql, rows);
  }

  /** Marks the active task of a post on an event (acknowledged, arrived). */
  async markAssignment(sql: Sql, eventId: string, postId: string, changes: Partial<AssignmentRecord>): Promise<void> {
    if (this.page) return this.page.markAssignment(eventId, postId, changes);
    const mine = (await this.repo.assignments(sql, eventId)).find((a) => a.active === 1 && a.post_id === postId);
    if (mine) await this.repo.updateAssignment(sql, mine.id, changes);
  }

  // ---- a new event ---------------------------------------------------------------------------

  /** Another module learns of every new event in the transaction that records it. */
  onReported(hook: ReportHook): void {
    this.reportHooks.push(hook);
  }

  /**
   * The sensor reading beside a new event, then the report hooks (what they return runs after
   * commit); in a sync page the hooks run once for the page's new events, when the page is written.
   */
  async recorded(w: EventWrite, e: ReportedEvent, at: string): Promise<void> {
    if (e.sensor) await this.repo.putSensor(w.sql, e.id, e.sensor);
    if (this.page) this.page.reported.push({ event: e, at });
    else await this.runReportHooks(w, [{ event: e, at }]);
  }

  async runReportHooks(w: EventWrite, reported: readonly { event: ReportedEvent; at: string }[]): Promise<void> {
    if (reported.length === 0) return;
    for (const hook of this.reportHooks) {
      const after = await hook(w.sql, reported);
      if (after) w.afterCommit(after);
    }
  }

  /** The row of a newly reported event (locally, or arriving from the district). */
  newRecord(id: string, input: ReportInput & { reportedAt: string }, item: CatalogueRecord, acceptDue: string, duplicateOf: string | null, hlc: string, at: string): EventRecord {
    return {
      id,
      town_code: this.town.town.townCode,
      title: input.title,
      description: input.description ?? null,
      category_code: input.categoryCode,
      board_code: item.boardCode,
      level: input.level,
      level_rank: LEVEL_RANK[input.level],
      source: input.source,
      grid_code: input.gridCode ?? null,
      lng: input.location?.lng ?? null,
      lat: input.location?.lat ?? null,
      caller_name: input.callerName ?? null,
      caller_phone: input.callerPhone ?? null,
      reported_at: input.reportedAt,
      ...freshRound(acceptDue),
      possible_duplicate_of: duplicateOf,
      merged_into: null,
      version: 1,
      hlc,
      updated_at: at,
    };
  }

  /** A report's fields from a district payload (a grid this town does not know is dropped). */
  reportInput(p: Record<string, unknown>): ReportInput & { reportedAt: string } {
    const location = p.location as { lng: number; lat: number } | undefined;
    return {
      title: String(p.title),
      categoryCode: String(p.categoryCode),
      level: p.level as Level,
      source: p.source as Source,
      reportedAt: new Date(String(p.reportedAt)).toISOString(),
      gridCode: typeof p.gridCode === 'string' && this.town.grids.has(p.gridCode) ? p.gridCode : undefined,
      description: typeof p.description === 'string' ? p.description : undefined,
      location,
      sensor: sensorOf(p.sensor),
    };
  }
}

/** HH:mm in Beijing time of an ISO instant. */
function beijingHm(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}
