/**
 * The watch as it runs: the on-duty board (now and next, with phones), who acts for each AB post at
 * an instant and over a range (the timeline: "who had it at 03:10 last Tuesday?"), each person's
 * shift notices, and the tick the core's sweep calls — reminders before a shift, notices when it
 * starts, alarms to the leader (a role empty at the start, the previous handover unsigned after the
 * grace, a post with A and B both absent), and the handover draft generated before a shift ends.
 */
import type { ActingAt, ActingSegment, ActingTimeline, DutyBoard, HandoverStatus, Notice, PostActing, ShiftDuty } from '../../../preload/contract/roster-schemas';
import { beijingDate } from '../beijing-time';
import { refuse } from '../errors';
import type { ChangeFeed } from '../feed';
import { SYSTEM, type Actor, type Kernel, type Tx, newId } from '../kernel';
import type { Clock } from '../kernel/clock';
import { permit } from '../kernel/permissions';
import { AB_RULES, decideActing, type DutyView } from '../posts/acting-holder';
import type { IndexedShift } from './duty-index';
import { NoticeRepository } from './notice.repository';
import { ROSTER_ALARM_LABEL, raiseRosterAlarm } from './roster-alarms';
import type { RosterTown, RosterTownPost } from './roster-context';
import type { RosterService } from './roster.service';
import { DAY_MS, roleKey } from './shift-templates';

const MAX_TIMELINE_MS = 62 * DAY_MS;

/** What the watch needs of the handover (HandoverService satisfies it; wired in app-core.ts). */
export interface HandoverDesk {
  /** Status of the handovers out of the given shifts. */
  statusOf(shiftIds: readonly string[]): Promise<Map<string, { id: string; status: HandoverStatus }>>;
  /** Generates the handover out of the shift from the live state (the draft before a shift ends). */
  generate(actor: Actor, shiftId?: string): Promise<unknown>;
}

export class DutyService {
  /** Keys already handled by the tick (notices and alarms are deduplicated in the database too). */
  private readonly seen = new Set<string>();
  private readonly noticeRepo = new NoticeRepository();
  private ticking = false;
  /** What decided the acting holders at the last tick: when it changes, the UI re-reads them. */
  private lastDutyState = '';

  constructor(
    private readonly kernel: Kernel,
    private readonly town: RosterTown,
    private readonly roster: RosterService,
    private readonly handovers: HandoverDesk,
    private readonly feed: ChangeFeed,
  ) {}

  private get clock(): Clock {
    return this.kernel.clock;
  }

  private person(id: string) {
    const p = this.town.people.get(id);
    return { personId: id, name: p?.name ?? id, phone: p?.phone ?? '' };
  }

  private shiftDuty(s: IndexedShift, view: DutyView): ShiftDuty {
    return {
      shiftId: s.id,
      month: s.month,
      date: s.date,
      name: s.name,
      startsAt: new Date(s.startMs).toISOString(),
      endsAt: new Date(s.endMs).toISOString(),
      roles: s.roles.map((r) => {
        const key = roleKey(r);
        const ids = (s.slots.get(key) ?? []).filter((x): x is string => x !== null);
        return {
          key,
          kind: r.kind,
          boardCode: r.boardCode,
          label: r.label,
          people: ids.map((id) => ({ ...this.person(id), absent: !view.present(id) })),
          empty: ids.length < r.count,
        };
      }),
    };
  }

  // ---- reads ---------------------------------------------------------------------------------

  async board(actor: Actor): Promise<DutyBoard> {
    permit(actor, 'readRoster');
    const now = this.clock.now().getTime();
    const index = this.roster.duty;
    const current = index.shiftAt(now);
    const next = current ? (index.nextOf(current) ?? index.nextShiftAfter(now)) : index.nextShiftAfter(now);
    const previous = current ? index.previousOf(current) : null;
    const status = await this.handovers.statusOf([current?.id, previous?.id].filter((x): x is string => !!x));
    const absentNow = index
      .allAbsences()
      .filter((a) => a.startMs <= now && now < a.endMs)
      .sort((a, b) => a.endMs - b.endMs)
      .map((a) => ({ personId: a.personId, name: this.person(a.personId).name, kind: a.kind, until: new Date(a.endMs).toISOString() }));
    return {
      now: new Date(now).toISOString(),
      current: current ? this.shiftDuty(current, index.viewAt(now)) : null,
      next: next ? this.shiftDuty(next, index.viewAt(next.startMs)) : null,
      handover: current ? (status.get(current.id) ?? null) : null,
      previousHandover: previous ? (status.get(previous.id) ?? null) : null,
      absentNow,
    };
  }

  private postActing(post: RosterTownPost, ms: number): PostActing {
    const index = this.roster.duty;
    const view = index.viewAt(ms);
    const d = decideActing(post, view);
    const holder = (id: string | null) => {
      if (!id) return null;
      const present = view.present(id);
      return {
        ...this.person(id),
        status: !present ? ('absent' as const) : view.onDuty(id, post) ? ('on_duty' as const) : ('off_shift' as const),
        absenceKind: present ? null : (index.absenceAt(id, ms)?.kind ?? null),
      };
    };
    const onCall = view.onCall(post.boardCode);
    const acting = d.personId ? this.person(d.personId) : null;
    return {
      postId: post.id,
      postCode: post.code,
      postName: post.name,
      boardCode: post.boardCode,
      kind: post.kind,
      acting: { personId: d.personId, name: acting?.name ?? null, phone: acting?.phone ?? null, as: d.as },
      rule: d.rule,
      alarmLeader: d.alarmLeader,
      a: holder(post.aPersonId),
      b: holder(post.bPersonId),
      onCall: onCall ? this.person(onCall) : null,
    };
  }

  actingAt(actor: Actor, req: { at?: string; postIds?: string[] }): ActingAt {
    permit(actor, 'readRoster');
    const ms = req.at ? Date.parse(req.at) : this.clock.now().getTime();
    const posts = req.postIds ? req.postIds.map((id) => this.post(id)) : [...this.town.posts.values()];
    const shift = this.roster.duty.shiftAt(ms);
    return {
      at: new Date(ms).toISOString(),
      shift: shift ? { id: shift.id, name: shift.name, date: shift.date } : null,
      posts: posts.map((p) => this.postActing(p, ms)),
    };
  }

  private post(id: string): RosterTownPost {
    const p = this.town.posts.get(id);
    if (!p) refuse('unknown_post', `unknown post ${id}`, { id });
    return p;
  }

  /** Who acted for the post over [from, to), as segments: the holder changes only at a boundary. */
  actingTimeline(actor: Actor, req: { postId: string; from: string; to: string }): ActingTimeline {
    permit(actor, 'readRoster');
    const post = this.post(req.postId);
    const from = Date.parse(req.from);
    const to = Date.parse(req.to);
    if (!(to > from)) refuse('invalid', 'the range must end after it starts', { field: 'to' });
    if (to - from > MAX_TIMELINE_MS) refuse('invalid', 'at most 62 days at a time', { field: 'to' });
    const index = this.roster.duty;
    const onCallPeople = new Set<string>();
    for (const s of index.shiftsBetween(from, to)) {
      const id = s.onCall.get(post.boardCode);
      if (id) onCallPeople.add(id);
    }
    const people = [post.aPersonId, post.bPersonId, ...onCallPeople].filter((x): x is string => x !== null);
    const points = index.boundaries(from, to, people);
    const segments: ActingSegment[] = [];
    for (let i = 0; i < points.length; i++) {
      const at = points[i]!;
      const end = points[i + 1] ?? to;
      const d = decideActing(post, index.viewAt(at));
      const last = segments[segments.length - 1];
      if (last && last.personId === d.personId && last.as === d.as && last.rule === d.rule) {
        last.to = new Date(end).toISOString();
        continue;
      }
      const p = d.personId ? this.person(d.personId) : null;
      segments.push({
        from: new Date(at).toISOString(),
        to: new Date(end).toISOString(),
        personId: d.personId,
        name: p?.name ?? null,
        phone: p?.phone ?? null,
        as: d.as,
        rule: d.rule,
      });
    }
    return { postId: post.id, postName: post.name, from: new Date(from).toISOString(), to: new Date(to).toISOString(), segments };
  }

  /** The rule table itself, for the UI's explanation of a decision. */
  rules(): { id: string; rule: string; alarmLeader: boolean }[] {
    return AB_RULES.map((r) => ({ id: r.id, rule: r.rule, alarmLeader: r.alarmLeader }));
  }

  async notices(actor: Actor, unreadOnly: boolean): Promise<Notice[]> {
    const rows = await this.kernel.read((sql) => this.noticeRepo.notices(sql, actor.id, unreadOnly));
    return rows.map((n) => {
      const s = this.roster.duty.byId.get(n.shift_id);
      const labels = s ? s.roles.filter((r) => (s.slots.get(roleKey(r)) ?? []).includes(actor.id)).map((r) => r.label) : [];
      return {
        id: n.id,
        kind: n.kind,
        shiftId: n.shift_id,
        shiftName: s?.name ?? '',
        date: s?.date ?? '',
        startsAt: s ? new Date(s.startMs).toISOString() : '',
        roleLabels: labels,
        at: n.at,
        readAt: n.read_at,
      };
    });
  }

  async readNotices(actor: Actor, ids: readonly string[]): Promise<void> {
    await this.kernel.run({ name: 'duty.readNotices', actor, audit: false }, async (tx) => {
      await this.noticeRepo.readNotices(tx.sql, actor.id, ids, tx.at);
      tx.emit({ topic: 'roster', parts: ['notices'], personIds: [actor.id] });
    });
  }

  // ---- the tick ------------------------------------------------------------------------------

  /** One pass of the watch at the clock's now. Safe to call often; each notice and alarm happens once. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.tickOnce();
    } finally {
      this.ticking = false;
    }
  }

  private async tickOnce(): Promise<void> {
    const nowMs = this.clock.now().getTime();
    const at = new Date(nowMs).toISOString();
    const index = this.roster.duty;
    const settings = this.roster.settings();
    const current = index.shiftAt(nowMs);
    const upcoming = index.shiftsBetween(nowMs, nowMs + settings.reminderMinutes * 60_000).filter((s) => s.startMs > nowMs);

    type Todo = { key: string; run: (tx: Tx) => Promise<boolean>; notice?: string; alarm?: boolean };
    const todo: Todo[] = [];
    const notice = (kind: 'shift_reminder' | 'shift_started', s: IndexedShift, personId: string) => {
      const key = `${kind}:${s.id}:${personId}`;
      todo.push({
        key,
        notice: personId,
        run: (tx) => this.noticeRepo.addNotice(tx.sql, { id: newId(), key, person_id: personId, kind, shift_id: s.id, at, read_at: null }),
      });
    };
    for (const s of upcoming) for (const id of s.people) notice('shift_reminder', s, id);
    const view = index.viewAt(nowMs);
    // A shift boundary, the office day opening or closing, an absence starting or ending: who acts
    // for each post may have changed with no command at all, so the posts' acting holders and the
    // on-duty board are re-read.
    const dutyState = `${current?.id ?? ''}|${index.inOfficeHours(nowMs)}|${index
      .allAbsences()
      .filter((a) => a.startMs <= nowMs && nowMs < a.endMs)
      .map((a) => a.id)
      .sort()
      .join(',')}`;
    if (dutyState !== this.lastDutyState) {
      if (this.lastDutyState !== '') {
        this.feed.emit({ topic: 'town' });
        this.feed.emit({ topic: 'roster', parts: ['roster'] });
      }
      this.lastDutyState = dutyState;
    }
    if (current) {
      for (const id of current.people) notice('shift_started', current, id);
      const leader = (current.slots.get('leader') ?? []).find((x) => x !== null) ?? '';
      for (const r of current.roles) {
        const key = roleKey(r);
        const people = current.slots.get(key) ?? [];
        for (let slot = 0; slot < r.count; slot++) {
          if (people[slot]) continue;
          const alarmKey = `${current.id}:${key}:${slot}`;
          todo.push({
            key: `role_empty:${alarmKey}`,
            alarm: true,
            run: (tx) =>
              raiseRosterAlarm(
                tx,
                'role_empty',
                alarmKey,
                {
                  shiftId: current.id,
                  date: current.date,
                  shiftName: current.name,
                  roleKey: key,
                  roleLabel: r.label,
                  slot: String(slot),
                  leaderId: leader,
                  postName: ROSTER_ALARM_LABEL.role_empty(current.date, current.name, r.label),
                },
                at,
              ),
          });
        }
      }
      const previous = index.previousOf(current);
      if (previous && nowMs >= current.startMs + settings.handoverGraceMinutes * 60_000 && !this.seen.has(`no_handover:${previous.id}`)) {
        const status = (await this.handovers.statusOf([previous.id])).get(previous.id);
        if (status?.status !== 'signed') {
          todo.push({
            key: `no_handover:${previous.id}`,
            alarm: true,
            run: (tx) =>
              raiseRosterAlarm(
                tx,
                'no_handover',
                previous.id,
                {
                  shiftId: current.id,
                  previousShiftId: previous.id,
                  handoverId: status?.id ?? '',
                  handoverStatus: status?.status ?? 'missing',
                  leaderId: leader,
                  postName: ROSTER_ALARM_LABEL.no_handover(`${previous.date} ${previous.name}`, current.name),
                },
                at,
              ),
          });
        } else {
          this.seen.add(`no_handover:${previous.id}`);
        }
      }
    }
    // A post whose A and B are both absent: once a day, the leader hears of it.
    const today = beijingDate(new Date(nowMs));
    for (const post of this.town.posts.values()) {
      const d = decideActing(post, view);
      if (d.rule !== 'on_call_both_absent' && !(d.rule === 'nobody' && (post.aPersonId || post.bPersonId))) continue;
      const alarmKey = `${post.id}:${today}`;
      todo.push({
        key: `ab_uncovered:${alarmKey}`,
        alarm: true,
        run: (tx) =>
          raiseRosterAlarm(
            tx,
            'ab_uncovered',
            alarmKey,
            {
              postId: post.id,
              onCallId: d.personId ?? '',
              rule: d.rule,
              postName: ROSTER_ALARM_LABEL.ab_uncovered(post.name),
            },
            at,
          ),
      });
    }

    const fresh = todo.filter((t) => !this.seen.has(t.key));
    if (fresh.length > 0) {
      // The system's own command: no person, no audit row (the notices and alarms are the record).
      await this.kernel.run({ name: 'duty.tick', actor: SYSTEM, audit: false }, async (tx) => {
        const noticed = new Set<string>();
        let alarmed = false;
        for (const t of fresh) {
          if (await t.run(tx)) {
            if (t.notice) noticed.add(t.notice);
            if (t.alarm) alarmed = true;
          }
        }
        if (noticed.size > 0) tx.emit({ topic: 'roster', parts: ['notices'], personIds: [...noticed] });
        if (alarmed) tx.emit({ topic: 'alarms' });
      });
      for (const t of fresh) this.seen.add(t.key);
    }

    // The handover draft, generated from the live state before the shift ends (unless someone did).
    if (current && nowMs >= current.endMs - settings.handoverDraftMinutes * 60_000 && !this.seen.has(`draft:${current.id}`)) {
      const status = (await this.handovers.statusOf([current.id])).get(current.id);
      if (!status) await this.handovers.generate(SYSTEM, current.id);
      this.seen.add(`draft:${current.id}`);
    }
    if (this.seen.size > 20_000) this.seen.clear();
  }
}
