/**
 * The grouped alarm view: open alarms of one event, one post or one kind within a window fold into
 * one line with a count ("3 项超期（社区警务岗）"), so a storm is a few lines and a few sentences, not
 * a thousand beeps. Three passes over the open alarms, oldest first, each taking what the one before
 * left single: one event's alarms (or one plan run's); then one kind at one post; then one kind. In each pass an alarm
 * joins the group of its key when it was raised within the window of that group's newest alarm.
 */
import type { Alarm } from '../../../preload/contract/schemas';
import type { AlarmGroup } from '../../../preload/contract/voice-schemas';
import type { Sql } from '../db/db';
import { groupLine, speaks, spokenLine, urgencyOf, type AlarmFacts } from './voice-text';

/** An open alarm with what its line and sentence need. */
export interface OpenAlarm extends AlarmFacts {
  readonly postId: string | null;
}

type By = AlarmGroup['by'];

/** The event an alarm is about, or the plan run (its tasks' alarms are one run's, as an event's). */
function subjectOf(a: OpenAlarm): string | null {
  return a.alarm.eventId ?? (a.alarm.detail.runId ? `run:${a.alarm.detail.runId}` : null);
}

/** Folds the alarms by key within the window; returns the groups of two or more and the ones left single. */
function fold(alarms: readonly OpenAlarm[], keyOf: (a: OpenAlarm) => string | null, windowMs: number): { groups: OpenAlarm[][]; single: OpenAlarm[] } {
  const open = new Map<string, { members: OpenAlarm[]; lastMs: number }>();
  const all: OpenAlarm[][] = [];
  const single: OpenAlarm[] = [];
  for (const a of alarms) {
    const key = keyOf(a);
    if (key === null) {
      single.push(a);
      continue;
    }
    const at = Date.parse(a.alarm.raisedAt);
    const current = open.get(key);
    if (current && at - current.lastMs <= windowMs) {
      current.members.push(a);
      current.lastMs = at;
    } else {
      const members = [a];
      open.set(key, { members, lastMs: at });
      all.push(members);
    }
  }
  const groups: OpenAlarm[][] = [];
  for (const members of all) {
    if (members.length > 1) groups.push(members);
    else single.push(members[0]);
  }
  return { groups, single };
}

/** The head of a group: the most urgent kind, then the newest. */
function headOf(members: readonly OpenAlarm[]): OpenAlarm {
  return members.reduce((best, a) => {
    const d = urgencyOf(a.alarm.kind) - urgencyOf(best.alarm.kind);
    return d < 0 || (d === 0 && a.alarm.raisedAt > best.alarm.raisedAt) ? a : best;
  });
}

export interface GroupOptions {
  readonly windowMs: number;
  /** The template of a kind that speaks, null when it is off. */
  readonly templateOf: (kind: Alarm['kind']) => string | null;
}

function toGroup(by: By, members: readonly OpenAlarm[], o: GroupOptions): AlarmGroup {
  const head = headOf(members);
  const template = speaks(head.alarm) ? o.templateOf(head.alarm.kind) : null;
  const postName = head.postName ?? head.alarm.detail.postName ?? null;
  let spoken: string | null = null;
  if (template !== null) {
    if (by === 'one') spoken = spokenLine(template, head);
    else if (by === 'event') spoken = `${spokenLine(template, head)}，共${members.length}项告警`;
    else spoken = groupLine(by, head.alarm.kind, members.length, postName);
  }
  const times = members.map((m) => m.alarm.raisedAt).sort();
  return {
    key: `${by}:${by === 'event' ? subjectOf(head) : by === 'post' ? `${head.alarm.kind}:${head.postId}` : by === 'kind' ? head.alarm.kind : head.alarm.id}:${times[0]}`,
    kind: head.alarm.kind,
    count: members.length,
    alarmIds: members.map((m) => m.alarm.id),
    head: head.alarm,
    by,
    postName,
    firstRaisedAt: times[0],
    lastRaisedAt: times[times.length - 1],
    spoken,
  };
}

/** The lines of the alarm view, most urgent first, then newest. */
export function groupAlarms(alarms: readonly OpenAlarm[], o: GroupOptions): AlarmGroup[] {
  const sorted = [...alarms].sort((a, b) => (a.alarm.raisedAt < b.alarm.raisedAt ? -1 : a.alarm.raisedAt > b.alarm.raisedAt ? 1 : 0));
  const byEvent = fold(sorted, subjectOf, o.windowMs);
  const byPost = fold(byEvent.single, (a) => (a.postId ? `${a.alarm.kind}|${a.postId}` : null), o.windowMs);
  const byKind = fold(byPost.single, (a) => a.alarm.kind, o.windowMs);
  const groups = [
    ...byEvent.groups.map((g) => toGroup('event', g, o)),
    ...byPost.groups.map((g) => toGroup('post', g, o)),
    ...byKind.groups.map((g) => toGroup('kind', g, o)),
    ...byKind.single.map((a) => toGroup('one', [a], o)),
  ];
  return groups.sort((a, b) => urgencyOf(a.kind) - urgencyOf(b.kind) || (a.lastRaisedAt < b.lastRaisedAt ? 1 : a.lastRaisedAt > b.lastRaisedAt ? -1 : 0));
}

/** An alarm row (with its event's title) as the API gives it. */
export interface AlarmRow {
  id: string;
  kind: Alarm['kind'];
  event_id: string | null;
  title: string | null;
  message: string;
  raised_at: string;
  acked_at: string | null;
  acked_by: string | null;
}

export function alarmOf(r: AlarmRow): Alarm {
  return {
    id: r.id,
    kind: r.kind,
    eventId: r.event_id,
    eventTitle: r.title,
    detail: JSON.parse(r.message) as Record<string, string>,
    raisedAt: r.raised_at,
    ackedAt: r.acked_at,
    ackedBy: r.acked_by,
  };
}

/** Every open alarm with its event's title, grid, category and post (the lead post, else the alarm's own). */
export async function openAlarms(sql: Sql): Promise<OpenAlarm[]> {
  const rows = await sql.all<
    AlarmRow & {
      grid_name: string | null;
      category_name: string | null;
      post_id: string | null;
      post_name: string | null;
    }
  >(
    `SELECT a.id, a.kind, a.event_id, e.title, a.message, a.raised_at, a.acked_at, a.acked_by, g.name AS grid_name, c.name AS category_name,
        COALESCE(e.lead_post_id, a.message ->> '$.postId') AS post_id, p.name AS post_name
      FROM alarm a
      LEFT JOIN event e ON e.id = a.event_id
      LEFT JOIN grid g ON g.code = e.grid_code
      LEFT JOIN catalogue_item c ON c.code = e.category_code
      LEFT JOIN post p ON p.id = COALESCE(e.lead_post_id, a.message ->> '$.postId')
      WHERE a.acked_at IS NULL`,
  );
  return rows.map((r) => ({
    alarm: alarmOf(r),
    gridName: r.grid_name,
    categoryName: r.category_name,
    postId: r.post_id,
    postName: r.post_name,
  }));
}
