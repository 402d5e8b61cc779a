/**
 * The API's shapes for 语音播报 (alarms spoken in Mandarin) and the grouped alarm view: templates per
 * alarm kind (the administrator's), volume and quiet hours per screen, the repeat interval and the
 * grouping window, a logged mute with a reason and an end time; the groups of open alarms (one line
 * with a count) and the acknowledgement of a group. Every write is a kernel command, audited.
 */
import { z } from 'zod';
import { Alarm, Id } from './schemas';

export type AlarmKind = Alarm['kind'];

/** The alarm kinds that may speak (the others flash and beep only). */
export const VOICE_KINDS = [
  'new_serious',
  'district_dispatch',
  'due_soon',
  'overdue',
  'ack_timeout',
  'sensor_alert',
  'plan_task_overdue',
  'first_report_overdue',
  'update_report_overdue',
] as const satisfies readonly AlarmKind[];
export const VoiceKind = z.enum(VOICE_KINDS);
export type VoiceKind = z.infer<typeof VoiceKind>;

/** What each alarm kind is called in a line of the grouped view ("3 项超期"), most urgent first: the spoken words and the zh-CN screen's. */
export const ALARM_KIND_WORDS: Readonly<Partial<Record<AlarmKind, string>>> = {
  new_serious: '重大事件',
  sensor_alert: '感知设备告警',
  district_dispatch: '区级交办',
  ack_timeout: '接单超时',
  overdue: '超期',
  first_report_overdue: '首报超时',
  update_report_overdue: '续报超时',
  plan_task_overdue: '预案任务超时',
  due_soon: '即将到期',
  no_holder: '岗位无人在岗',
  ab_uncovered: 'AB岗均不在岗',
  role_empty: '值班岗位空缺',
  no_handover: '未签交接班',
  plan_proposed: '预案启动建议',
  sync_offline: '与区中心失联',
  sync_problem: '同步异常',
};

/** The placeholders a template may use; each is filled from the alarm's event, post or plan task. */
export const VOICE_PLACEHOLDERS = ['grid', 'category', 'post', 'title', 'level', 'clock', 'plan', 'step', 'holder'] as const;

/** A screen: `desk` (every console of this desk) or `wall:<screen id>` (one screen of the video wall). */
export const ScreenKey = z.string().regex(/^(desk|wall:[A-Za-z0-9_-]{1,40})$/, 'desk or wall:<screen id>');
/** A time of day, Beijing time, HH:MM. */
const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const VoiceTemplate = z.object({ kind: VoiceKind, template: z.string(), enabled: z.boolean() });
export type VoiceTemplate = z.infer<typeof VoiceTemplate>;

export const VoiceScreen = z.object({
  screen: ScreenKey,
  /** Whether this screen speaks at all (the desk does by default; wall screens when chosen). */
  enabled: z.boolean(),
  /** 0–100. */
  volume: z.number().int().min(0).max(100),
  /** Quiet hours (Beijing time); both or neither. From 23:00 to 07:00 crosses midnight. */
  quietFrom: TimeOfDay.nullable(),
  quietTo: TimeOfDay.nullable(),
});
export type VoiceScreen = z.infer<typeof VoiceScreen>;

export const VoiceMute = z.object({
  reason: z.string(),
  by: z.string(),
  byName: z.string().nullable(),
  from: z.string(),
  until: z.string(),
});
export type VoiceMute = z.infer<typeof VoiceMute>;

export const VoiceOptions = z.object({
  /** How often an unacknowledged alarm is spoken again, seconds (30–3600). */
  repeatSeconds: z.number().int().min(30).max(3600),
  /** Alarms of one event, one post or one kind within this many minutes fold into one line (1–120). */
  groupWindowMinutes: z.number().int().min(1).max(120),
});
export type VoiceOptions = z.infer<typeof VoiceOptions>;

export const VoiceSettings = VoiceOptions.extend({
  templates: z.array(VoiceTemplate),
  screens: z.array(VoiceScreen),
  mute: VoiceMute.nullable(),
});
export type VoiceSettings = z.infer<typeof VoiceSettings>;

/** What one screen does now (speak or not, and why not), with its settings: the screen re-checks them as time passes. */
export const VoiceState = VoiceScreen.extend({
  speak: z.boolean(),
  silencedBy: z.enum(['muted', 'quiet', 'off']).nullable(),
  repeatSeconds: z.number(),
  mute: VoiceMute.nullable(),
});
export type VoiceState = z.infer<typeof VoiceState>;

export const VoiceTemplateSave = z.strictObject({ kind: VoiceKind, template: z.string().trim().min(1).max(120), enabled: z.boolean() });
export const VoiceScreenSave = z.strictObject({
  screen: ScreenKey,
  enabled: z.boolean(),
  volume: z.number().int().min(0).max(100),
  quietFrom: TimeOfDay.nullable(),
  quietTo: TimeOfDay.nullable(),
});
export const VoiceOptionsSave = VoiceOptions.strict();
export const VoiceMuteRequest = z.strictObject({
  reason: z.string().trim().min(2).max(200),
  /** How long, in minutes (5 min – 12 h): the mute ends by itself then. */
  minutes: z.number().int().min(5).max(720),
});
export const VoiceStateRequest = z.strictObject({ screen: ScreenKey });
/** A text to hear: a group's spoken line, or a template tried out (至多 200 characters). */
export const VoiceAudioRequest = z.strictObject({ text: z.string().trim().min(1).max(200) });
export const VoiceAudio = z.object({ text: z.string(), wav: z.string(), durationMs: z.number() });
export type VoiceAudio = z.infer<typeof VoiceAudio>;

/** One line of the alarm view: alarms of one event, one post or one kind within the window. */
export const AlarmGroup = z.object({
  key: z.string(),
  /** The most urgent kind in the group. */
  kind: z.enum(Alarm.shape.kind.options),
  count: z.number(),
  alarmIds: z.array(z.string()),
  /** The head alarm (most urgent, then newest): the line's text when the group has one alarm. */
  head: Alarm,
  /** The group is one event's (its alarms), one post's, or one kind's. */
  by: z.enum(['one', 'event', 'post', 'kind']),
  postName: z.string().nullable(),
  firstRaisedAt: z.string(),
  lastRaisedAt: z.string(),
  /** What the screens say (null: this kind does not speak, or its template is off). */
  spoken: z.string().nullable(),
});
export type AlarmGroup = z.infer<typeof AlarmGroup>;

export const AlarmGroupAck = z.strictObject({ alarmIds: z.array(Id).min(1).max(5000), note: z.string().max(500).optional() });
