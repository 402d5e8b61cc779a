/**
 * An event's timeline as the detail shows it: each entry's name, who and when, and the facts of its
 * payload in words (posts and grids by name, a reclassification's before and after with the posts the
 * catalogue suggests for the new item, a 挂账's reason and review date, the leader's comment on a
 * decision, how long a return waited for consent).
 */
import { Timeline } from 'antd';
import type { QueueRow, TimelineEntry } from '../../../preload/contract';
import { useDesk } from '../context/Desk';
import { formatDateTime } from '../lib/beijing-time';
import { fill, formatDuration, nameOf, useMessages, type Messages } from '../locales';
import { useAlarmDeskMessages } from './alarm-desk/alarm-desk-locales';
import { useVoiceMessages } from './voice/voice-locales';
import { stageName, useSituationMessages } from './situation-report/situation-report-locales';
import { useAttachmentMessages } from './attachments/attachment-locales';
import { formatBytes } from './attachments/attachment-upload';

export function EventTimeline({ entries, openEvents }: { entries: readonly TimelineEntry[]; openEvents: readonly QueueRow[] }) {
  return (
    <div data-testid="detail-timeline">
      <Timeline
        className="event-timeline"
        items={entries.map((t) => ({
          key: t.id,
          color: timelineColor(t),
          content: <TimelineLine entry={t} openEvents={openEvents} />,
        }))}
      />
    </div>
  );
}

function timelineColor(t: TimelineEntry): string {
  switch (t.action) {
    case 'report':
      return 'gray';
    case 'verify':
    case 'close':
    case 'district_close':
      return 'green';
    case 'reject':
    case 'invalid':
    case 'follow_up_unreachable':
    case 'return':
    case 'escalate':
      return 'red';
    case 'hold':
    case 'reclassify':
    case 'reopen':
    case 'escalation_step':
      return 'orange';
    default:
      return 'blue';
  }
}

/** What a timeline entry is called: a few notes are really other things (a cooperating ack, 挂账). */
function timelineActionName(m: Messages, t: TimelineEntry): string {
  if (t.action === 'note' && t.payload.acknowledge === true) return nameOf(m.actions, 'cooperating_ack');
  if (t.action === 'note' && t.payload.carryOver === true) return nameOf(m.actions, 'carry_over');
  if (t.action === 'dispatch' && t.payload.reason === 'ack_timeout') return nameOf(m.actions, 'ack_timeout_redispatch');
  if (t.action === 'note' && isRecord(t.payload.escalation)) return nameOf(m.actions, 'escalate_now');
  return nameOf(m.actions, t.action);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function TimelineLine({ entry, openEvents }: { entry: TimelineEntry; openEvents: readonly QueueRow[] }) {
  const m = useMessages();
  const situation = useSituationMessages();
  const alarmWords = useAlarmDeskMessages();
  const voiceWords = useVoiceMessages();
  const attachWords = useAttachmentMessages();
  const desk = useDesk();
  const p = entry.payload;
  const lines: [string, string][] = [];
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
  const push = (label: string, v: string | null) => v && lines.push([label, v]);
  const postNames = (ids: unknown): string => (Array.isArray(ids) ? (ids as unknown[]).map((id) => desk.post(String(id))?.name ?? String(id)).join('、') : '');
  if (entry.action === 'dispatch') {
    push(m.detail.payload.lead, desk.post(str(p.leadPostId))?.name ?? str(p.leadPostId));
    push(m.detail.payload.cooperating, postNames(p.cooperatingPostIds) || null);
    const override = p.override as { reason?: unknown } | undefined;
    push(m.detail.payload.override, str(override?.reason));
  }
  if (entry.action === 'reclassify') {
    // Names as the console that reclassified wrote them (an op from elsewhere names codes only).
    const before = p.previous as { categoryCode?: unknown; categoryName?: unknown; level?: unknown } | undefined;
    const describe = (name: unknown, code: unknown, level: unknown) => `${str(name) ?? str(code) ?? ''} · ${nameOf(m.levels, String(level ?? ''))}`;
    if (before) push(m.life.before, describe(before.categoryName, before.categoryCode, before.level));
    push(m.life.after, describe(p.categoryName, p.categoryCode, p.level));
    if (str(p.suggestedLeadPostId))
      push(
        m.life.suggested,
        fill(m.life.suggestedPosts, { lead: desk.post(str(p.suggestedLeadPostId))?.name ?? '', cooperating: postNames(p.suggestedCooperatingPostIds) || m.life.none }),
      );
  }
  // 回访: the satisfaction in words (the text and a reopen's reason follow below).
  if (entry.action === 'follow_up') push(m.followUp.satisfaction, nameOf(m.followUp.results, String(p.satisfaction ?? '')));
  if (entry.action === 'acknowledge' || entry.action === 'arrive' || (entry.action === 'note' && p.postId)) {
    push(m.detail.payload.post, desk.post(str(p.postId))?.name ?? null);
  }
  if (entry.action === 'escalation_step') {
    // 升级提醒: a step of the alarm's escalation chain, derived from the clock (not an op of the event).
    const target = alarmWords.targets[String(p.to)] ?? String(p.to);
    push(m.life.alarm, nameOf(voiceWords.kinds, String(p.alarmKind)));
    push(m.life.told, str(p.personName) ? `${target} ${String(p.personName)}` : fill(m.life.toldNobody, { target }));
  }
  if (entry.action === 'report') {
    push(m.detail.payload.caller, [str(p.callerName), str(p.callerPhone)].filter(Boolean).join(' ') || null);
    push(m.detail.payload.grid, desk.gridName(str(p.gridCode)) ?? str(p.gridCode));
  }
  if (entry.action === 'dispatch' && p.reason === 'ack_timeout') {
    // The system's own re-dispatch: the reason is the action's name already.
  } else {
    push(m.detail.payload.reason, str(p.reason));
  }
  if (str(p.reviewBy)) push(m.life.reviewBy, String(p.reviewBy));
  if (typeof p.pausedMs === 'number') push(m.life.paused, formatDuration(m, p.pausedMs));
  push(m.detail.payload.result, str(p.result));
  push(entry.action.endsWith('_refused') || str(p.requestedBy) ? m.life.comment : m.detail.payload.note, str(p.note));
  const byHand = entry.action === 'note' && isRecord(p.escalation) ? p.escalation : null;
  if (byHand) {
    // 立即升级: whom it told (the note's text is the same sentence for a server that knows no `escalation`).
    const target = alarmWords.targets[String(byHand.to)] ?? String(byHand.to);
    push(m.life.told, str(byHand.personId) ? (str(p.text)?.replace(/^立即升级：告知/, '') ?? target) : fill(m.life.toldNobody, { target }));
  } else if (!(entry.action === 'note' && (p.acknowledge === true || p.carryOver === true))) push(m.detail.payload.text, str(p.text));
  else if (p.carryOver === true) push(m.detail.payload.note, str(p.text)?.replace(/^挂账：/, '') ?? null);
  if (str(p.until)) push(m.detail.payload.until, formatDateTime(String(p.until)));
  if (str(p.intoEventId)) push(m.detail.payload.into, openEvents.find((r) => r.id === p.intoEventId)?.title ?? String(p.intoEventId).slice(0, 8));
  if (entry.action === 'merged_from') push(m.detail.payload.from, str(p.title));
  // 添加附件 (issue #15): the file's name and size (the detail's 附件 shows it).
  if (entry.action === 'attach') push(attachWords.title, `${str(p.name) ?? ''}（${formatBytes(typeof p.bytes === 'number' ? p.bytes : 0)}）`);
  // 首报 filed after its limit (issue #15).
  if (entry.action === 'situation_report' && p.late === true) push(situation.late, fill(situation.lateMark, { due: formatDateTime(String(p.dueAt)) }));

  return (
    <div className="tl-entry" data-testid="timeline-entry" data-action={entry.action}>
      <div className="tl-head">
        <span className="tl-action">{entry.action === 'situation_report' ? stageName(situation, p) : timelineActionName(m, entry)}</span>
        {entry.fromState && entry.toState && entry.fromState !== entry.toState && (
          <span className="muted tl-states">
            {nameOf(m.states, entry.fromState)} → {nameOf(m.states, entry.toState)}
          </span>
        )}
        <span className="tl-actor">{entry.actorName ?? m.detail.system}</span>
        <span className="tl-time num muted">{formatDateTime(entry.at, true)}</span>
      </div>
      {lines.map(([label, value]) => (
        <div key={label} className="tl-line">
          <span className="muted">{label}：</span>
          {value}
        </div>
      ))}
    </div>
  );
}
