/**
 * What 语音播报 says: the built-in template per alarm kind (an administrator may replace each one),
 * the facts that fill a template, and the line of a group of alarms ("3 项超期（社区警务岗）").
 * Spoken Mandarin only: the screens' own words (zh-CN / en-US) are the renderer's.
 */
import type { Alarm } from '../../../preload/contract/schemas';
import { fillTemplate } from '../../../preload/contract/voice-rules';
import { ALARM_KIND_WORDS, VOICE_KINDS, type AlarmKind, type VoiceKind } from '../../../preload/contract/voice-schemas';
import { CLOCK_WORDS, LEVEL_WORDS } from '../../../preload/contract/domain-words';

export const DEFAULT_TEMPLATES: Readonly<Record<VoiceKind, string>> = {
  new_serious: '紧急：{grid}{category}，{level}事件，请{post}立即处置',
  district_dispatch: '区中心交办：{title}，请及时受理',
  due_soon: '提醒：{title}，{clock}时限即将到期',
  overdue: '超期：{title}，{clock}时限已到，请{post}尽快处置',
  ack_timeout: '接单超时：{title}，请{post}立即接单',
  sensor_alert: '感知设备告警：{grid}{category}，请立即核实',
  plan_task_overdue: '预案任务未签收：{plan}，{step}，请{holder}立即签收',
  first_report_overdue: '首报超时：{title}，{level}事件，请立即向区级报送首报',
  update_report_overdue: '续报超时：{title}，{level}事件，请立即向区级报送续报',
};

/** The word for a kind in a group's line ("3 项超期"), most urgent first (a kind not named: 告警, last). */
export const KIND_WORDS = ALARM_KIND_WORDS;

/** Most urgent first: a group's head and the order of the lines. */
export const URGENCY: readonly AlarmKind[] = Object.keys(KIND_WORDS) as AlarmKind[];

export function kindWord(kind: AlarmKind): string {
  return KIND_WORDS[kind] ?? '告警';
}

export function urgencyOf(kind: AlarmKind): number {
  const i = URGENCY.indexOf(kind);
  return i < 0 ? URGENCY.length : i;
}

export function isVoiceKind(kind: AlarmKind): kind is VoiceKind {
  return (VOICE_KINDS as readonly string[]).includes(kind);
}

/** Whether this alarm speaks at all: plan tasks speak when not acknowledged (a late completion flashes only). */
export function speaks(alarm: Pick<Alarm, 'kind' | 'detail'>): boolean {
  if (!isVoiceKind(alarm.kind)) return false;
  return alarm.kind !== 'plan_task_overdue' || alarm.detail.clock === 'ack';
}

const LEVELS: Readonly<Record<string, string>> = LEVEL_WORDS;
const CLOCKS: Readonly<Record<string, string>> = CLOCK_WORDS;

/** The facts of an alarm a template may name (from its event, post, plan task). */
export interface AlarmFacts {
  readonly alarm: Alarm;
  readonly gridName: string | null;
  readonly categoryName: string | null;
  readonly postName: string | null;
}

export function templateValues(f: AlarmFacts): Record<string, string | null> {
  const d = f.alarm.detail;
  return {
    grid: f.gridName,
    category: f.categoryName,
    post: f.postName ?? d.postName ?? null,
    title: f.alarm.eventTitle ?? d.title ?? null,
    level: LEVELS[d.level ?? ''] ?? null,
    clock: CLOCKS[d.dueKind ?? ''] ?? null,
    plan: d.runName ?? null,
    step: d.stepTitle ?? null,
    holder: d.holderName ?? null,
  };
}

/** The spoken line of one alarm with a template. */
export function spokenLine(template: string, f: AlarmFacts): string {
  return fillTemplate(template, templateValues(f));
}

/** The line of a group of more than one alarm of one post, or of one kind. */
export function groupLine(by: 'post' | 'kind', kind: AlarmKind, count: number, postName: string | null): string {
  if (by === 'post') return `${count} 项${kindWord(kind)}（${postName ?? ''}）`;
  return `${count} 项${kindWord(kind)}`;
}
