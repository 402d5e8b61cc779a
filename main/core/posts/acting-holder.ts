/**
 * The AB-post rule: who acts for a post at a moment. Derived, never stored: the inputs are the
 * standing A and B holders, and a `DutyView` of one instant built from the roster, the shifts and
 * the absences (main/core/roster/duty-index.ts). This table is the one place that decides.
 */
export interface AbPost {
  readonly aPersonId: string | null;
  readonly bPersonId: string | null;
}

/** A post as the rules see it: its holders, its board (whose on-call person is the last resort), its kind (its hours). */
export interface RosterPost extends AbPost {
  readonly boardCode: string;
  readonly kind: string;
}

export type HolderAs = 'A' | 'B' | 'on_call';

export interface ActingHolder {
  readonly personId: string | null;
  readonly as: 'A' | 'B' | null;
}

/** What the roster knows about people at one instant. */
export interface DutyView {
  /** Can be reached at all: not on leave, a business trip or training, and not marked unavailable. */
  present(personId: string): boolean;
  /** Working at the instant: rostered on the shift that covers it, or within the post's standing hours. */
  onDuty(personId: string, post: RosterPost): boolean;
  /** The board's on-call person on the shift that covers the instant, if one is rostered. */
  onCall(boardCode: string): string | null;
}

export type AbRuleId = 'a_on_duty' | 'b_on_duty' | 'on_call_both_absent' | 'on_call_off_shift' | 'a_off_shift' | 'b_off_shift' | 'nobody';

export interface ActingDecision {
  readonly personId: string | null;
  readonly as: HolderAs | null;
  readonly rule: AbRuleId;
  /** The duty leader is alarmed when this rule decides. */
  readonly alarmLeader: boolean;
}

/** What the rules look at, gathered once per post and instant. */
export interface AbFacts {
  readonly post: RosterPost;
  /** A / B: present (not absent), and on duty (present, and rostered or within the post's hours). */
  readonly aPresent: boolean;
  readonly aOnDuty: boolean;
  readonly bPresent: boolean;
  readonly bOnDuty: boolean;
  /** The board's on-call person on the shift covering the instant, when present. */
  readonly onCall: string | null;
}

export function abFacts(post: RosterPost, view: DutyView): AbFacts {
  const a = post.aPersonId;
  const b = post.bPersonId;
  const aPresent = a !== null && view.present(a);
  const bPresent = b !== null && view.present(b);
  const onCall = view.onCall(post.boardCode);
  return {
    post,
    aPresent,
    aOnDuty: aPresent && view.onDuty(a!, post),
    bPresent,
    bOnDuty: bPresent && view.onDuty(b!, post),
    onCall: onCall !== null && view.present(onCall) ? onCall : null,
  };
}

/** The conditions the rules name, over the facts of one post at one instant. */
export type AbCondition = 'a_on_duty' | 'b_on_duty' | 'both_absent_on_call' | 'on_call' | 'a_present' | 'b_present' | 'always';

function holds(condition: AbCondition, f: AbFacts): boolean {
  switch (condition) {
    case 'a_on_duty':
      return f.aOnDuty;
    case 'b_on_duty':
      return f.bOnDuty;
    case 'both_absent_on_call':
      return !f.aPresent && !f.bPresent && f.onCall !== null;
    case 'on_call':
      return f.onCall !== null;
    case 'a_present':
      return f.aPresent;
    case 'b_present':
      return f.bPresent;
    case 'always':
      return true;
  }
}

function who(as: HolderAs | null, f: AbFacts): string | null {
  switch (as) {
    case 'A':
      return f.post.aPersonId;
    case 'B':
      return f.post.bPersonId;
    case 'on_call':
      return f.onCall;
    case null:
      return null;
  }
}

/**
 * In order: the first rule whose condition holds decides who acts (`as`). "Absent" is leave, a
 * business trip, training or marked unavailable; "off shift" is present but outside the post's
 * hours and not rostered. At night and on holidays a post's A and B are normally off shift and the
 * board's on-call person acts: that is routine and alarms nobody; both holders *absent* is not.
 * (Conditions are names evaluated by one switch, so the 240,000 decisions of the benchmark stay cheap.)
 */
export const AB_RULES: ReadonlyArray<{
  readonly id: AbRuleId;
  readonly rule: string;
  readonly when: AbCondition;
  readonly as: HolderAs | null;
  readonly alarmLeader: boolean;
}> = [
  { id: 'a_on_duty', rule: 'A on duty → A', when: 'a_on_duty', as: 'A', alarmLeader: false },
  { id: 'b_on_duty', rule: 'A absent or off shift, B on duty → B', when: 'b_on_duty', as: 'B', alarmLeader: false },
  {
    id: 'on_call_both_absent',
    rule: 'A and B both absent → the board’s on-call person, and the duty leader is alarmed',
    when: 'both_absent_on_call',
    as: 'on_call',
    alarmLeader: true,
  },
  { id: 'on_call_off_shift', rule: 'A and B off shift → the board’s on-call person', when: 'on_call', as: 'on_call', alarmLeader: false },
  { id: 'a_off_shift', rule: 'nobody on call: A, though off shift', when: 'a_present', as: 'A', alarmLeader: false },
  { id: 'b_off_shift', rule: 'nobody on call, A absent: B, though off shift', when: 'b_present', as: 'B', alarmLeader: false },
  { id: 'nobody', rule: 'nobody can act → nobody, and the duty leader is alarmed', when: 'always', as: null, alarmLeader: true },
];

export function decideActing(post: RosterPost, view: DutyView): ActingDecision {
  const facts = abFacts(post, view);
  for (const row of AB_RULES) {
    if (holds(row.when, facts)) return { personId: who(row.as, facts), as: row.as, rule: row.id, alarmLeader: row.alarmLeader };
  }
  return { personId: null, as: null, rule: 'nobody', alarmLeader: true };
}

/** A view with no roster: everyone present is on duty, nobody is on call (the rule before rosters). */
export function availabilityView(available: (personId: string) => boolean): DutyView {
  return { present: available, onDuty: () => true, onCall: () => null };
}

/** The acting holder by availability alone (no roster): A if available, else B, else nobody. */
export function actingHolder(post: AbPost, available: (personId: string) => boolean): ActingHolder {
  const d = decideActing({ ...post, boardCode: '', kind: '' }, availabilityView(available));
  return { personId: d.personId, as: contractAs(d.as) };
}

/**
 * The holder as the event contract names it (`Holder.as`, `Assignment.as`: 'A' | 'B' | null): the
 * on-call person has no letter there yet, so it reads null with the person set. The roster API
 * (`duty:actingAt`) carries the full value.
 */
export function contractAs(as: HolderAs | null): 'A' | 'B' | null {
  return as === 'on_call' ? null : as;
}

/** The holder after an acknowledge timeout: B if A held it and B can act; otherwise nobody new. */
export function fallbackHolder(post: AbPost, current: 'A' | 'B' | null, available: (id: string) => boolean): ActingHolder | null {
  if (current === 'A' && post.bPersonId !== null && available(post.bPersonId)) {
    return { personId: post.bPersonId, as: 'B' };
  }
  return null;
}
