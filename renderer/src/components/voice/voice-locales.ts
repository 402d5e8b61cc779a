/**
 * Every string of 语音播报 and the grouped alarm view (the banner's groups, the mute, the settings
 * tab), in Simplified Chinese (the default) and English (typed against the Chinese).
 */
import { ALARM_KIND_WORDS } from '../../../../preload/contract/voice-schemas';
import { MESSAGES, useMessages } from '../../locales';

export const voiceZhCN = {
  groupEvent: '{title}：{count} 项告警',
  planRun: '预案《{plan}》',
  groupPost: '{count} 项{kind}（{post}）',
  groupKind: '{count} 项{kind}',
  kinds: ALARM_KIND_WORDS as Record<string, string>,
  otherKind: '告警',
  moreGroups: '另有 {count} 组',
  allGroups: '全部告警（{count} 组）',
  ackGroup: '确认本组',
  ackGroupCount: '确认本组（{count} 项）',
  groupAcked: '已确认 {count} 项告警',
  mute: '静音',
  muteTitle: '语音播报静音',
  muteHint: '静音期间本值班台的所有屏幕都不播报、不鸣响，告警照常闪烁。静音会记入审计日志，到时自动恢复。',
  muteReason: '原因',
  muteReasonPlaceholder: '例如：正在接听上级电话',
  muteFor: '静音时长',
  muteOk: '静音',
  muted: '已静音至 {until}（{by}：{reason}）',
  mutedShort: '已静音至 {until}',
  unmute: '取消静音',
  unmuted: '已取消静音',
  durations: { 15: '15 分钟', 30: '30 分钟', 60: '1 小时', 120: '2 小时', 240: '4 小时', 480: '8 小时' } as Record<number, string>,
  silenced: { quiet: '免打扰时段，不播报', off: '本屏不播报' } as Record<string, string>,
  // 系统设置 → 语音播报
  tab: '语音播报',
  intro: '告警按下列模板用普通话播报（离线合成，无需联网）。同一事件、同一岗位或同一类告警在合并时间窗内合为一行、只播报一次，未确认时按重复间隔再次播报。',
  templates: '播报模板',
  kind: '告警类型',
  template: '模板',
  enabled: '播报',
  placeholders: '可用占位符：{grid} 网格，{category} 事项，{post} 岗位，{title} 事件标题，{level} 等级，{clock} 时限，{plan} 预案，{step} 任务，{holder} 责任人',
  save: '保存',
  saved: '已保存',
  listen: '试听',
  /** 试听 failed (#19): what happened and what to do, in Chinese; the technical detail goes to the log only. */
  listenFailed: {
    disconnected: '无法试听：与值班台的连接已断开。请等右上角显示“已连接”后再点“试听”。',
    forbidden: '无法试听：当前账号不能收听告警播报。请用管理员账号登录后再试。',
    synthesis: '无法试听：值班台没能把这段文字合成为语音。请稍后再点“试听”；若一直如此，请联系系统管理员检查语音合成组件。',
    playback: '无法试听：本机没能播放这段语音。请检查电脑的音箱或耳机、系统音量后再点“试听”。',
  },
  soundLocked: '浏览器尚未允许声音，请先点击页面任意处',
  options: '重复与合并',
  repeatSeconds: '重复播报间隔（秒）',
  groupWindowMinutes: '合并时间窗（分钟）',
  screens: '各屏幕音量与免打扰',
  screen: '屏幕',
  desk: '值班台',
  wallScreen: '大屏 {id}',
  volume: '音量',
  quiet: '免打扰时段（北京时间）',
  quietNone: '无',
  addWall: '添加大屏屏幕',
  addWallPlaceholder: '屏幕编号，例如 s1',
  sample: {
    grid: '白鹭村一网格',
    category: '森林火灾',
    post: '应急管理岗',
    title: '白鹭山林场冒烟',
    level: '重大',
    clock: '受理',
    plan: '森林火灾应急预案',
    step: '组织扑救',
    holder: '王强',
  } as Record<string, string>,
};

export type VoiceMessages = typeof voiceZhCN;

export const voiceEnUS: VoiceMessages = {
  groupEvent: '{title}: {count} alarms',
  planRun: 'Plan "{plan}"',
  groupPost: '{count} × {kind} ({post})',
  groupKind: '{count} × {kind}',
  kinds: {
    new_serious: 'serious event',
    sensor_alert: 'sensor alert',
    district_dispatch: 'district dispatch',
    ack_timeout: 'not acknowledged',
    overdue: 'overdue',
    first_report_overdue: 'first report late',
    update_report_overdue: 'update late',
    plan_task_overdue: 'plan task late',
    due_soon: 'due soon',
    no_holder: 'post unheld',
    ab_uncovered: 'A and B both away',
    role_empty: 'shift role empty',
    no_handover: 'handover unsigned',
    plan_proposed: 'plan proposed',
    sync_offline: 'district unreachable',
    sync_problem: 'sync problem',
  },
  otherKind: 'alarm',
  moreGroups: '{count} more groups',
  allGroups: 'All alarms ({count} groups)',
  ackGroup: 'Acknowledge group',
  ackGroupCount: 'Acknowledge group ({count})',
  groupAcked: '{count} alarms acknowledged',
  mute: 'Mute',
  muteTitle: 'Mute the voice',
  muteHint: 'While muted no screen of this desk speaks or beeps; alarms still flash. The mute is logged and ends by itself.',
  muteReason: 'Reason',
  muteReasonPlaceholder: 'e.g. on a call with the district',
  muteFor: 'For',
  muteOk: 'Mute',
  muted: 'Muted until {until} ({by}: {reason})',
  mutedShort: 'Muted until {until}',
  unmute: 'Unmute',
  unmuted: 'Voice back on',
  durations: { 15: '15 min', 30: '30 min', 60: '1 hour', 120: '2 hours', 240: '4 hours', 480: '8 hours' },
  silenced: { quiet: 'Quiet hours: not speaking', off: 'This screen does not speak' },
  tab: 'Voice',
  intro:
    'Alarms are spoken in Mandarin with these templates (synthesised offline). Alarms of one event, one post or one kind within the window are one line, spoken once, and again at the repeat interval until acknowledged.',
  templates: 'Templates',
  kind: 'Alarm kind',
  template: 'Template',
  enabled: 'Speak',
  placeholders: 'Placeholders: {grid} {category} {post} {title} {level} {clock} {plan} {step} {holder}',
  save: 'Save',
  saved: 'Saved',
  listen: 'Listen',
  listenFailed: {
    disconnected: 'Cannot play: the connection to the duty desk is lost. Wait until the header shows it is connected, then press Listen again.',
    forbidden: 'Cannot play: this account may not hear alarm announcements. Sign in as an administrator and try again.',
    synthesis:
      'Cannot play: the duty desk could not turn this text into speech. Press Listen again later; if it keeps failing, ask the system administrator to check the speech engine.',
    playback: 'Cannot play: this computer could not play the speech. Check the speakers or headphones and the system volume, then press Listen again.',
  },
  soundLocked: 'The browser has not allowed sound yet; click anywhere on the page first',
  options: 'Repeat and grouping',
  repeatSeconds: 'Repeat every (seconds)',
  groupWindowMinutes: 'Grouping window (minutes)',
  screens: 'Volume and quiet hours per screen',
  screen: 'Screen',
  desk: 'Duty desk',
  wallScreen: 'Wall screen {id}',
  volume: 'Volume',
  quiet: 'Quiet hours (Beijing time)',
  quietNone: 'None',
  addWall: 'Add a wall screen',
  addWallPlaceholder: 'Screen id, e.g. s1',
  sample: voiceZhCN.sample,
};

export function useVoiceMessages(): VoiceMessages {
  return useMessages() === MESSAGES['en-US'] ? voiceEnUS : voiceZhCN;
}

/** Why 试听 failed: the desk refused or failed to make the speech (its error code), or this computer could not play it. */
export type ListenFailure = { readonly stage: 'synthesis'; readonly code: string } | { readonly stage: 'playback' };

/** 试听's failure as a sentence of what happened and what to do (no error text of the server's or the browser's). */
export function listenFailureText(v: VoiceMessages, failure: ListenFailure): string {
  if (failure.stage === 'playback') return v.listenFailed.playback;
  if (failure.code === 'disconnected') return v.listenFailed.disconnected;
  if (failure.code === 'forbidden') return v.listenFailed.forbidden;
  return v.listenFailed.synthesis;
}
