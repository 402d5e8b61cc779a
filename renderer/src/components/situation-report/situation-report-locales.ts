/**
 * Every string of 情况报告 (首报 / 续报 / 终报, issue #15): the event detail's section, the wall's
 * line and 系统设置 → 情况报告, in Simplified Chinese (the default) and English (typed against the Chinese).
 */
import { MESSAGES, useMessages } from '../../locales';

export const situationZhCN = {
  title: '情况报告（首报 / 续报 / 终报）',
  stages: { first: '首报', update: '续报', final: '终报' } as Record<string, string>,
  /** 续报一, 续报二 … (STANDARDS.md: updates are numbered). */
  updateN: '续报{n}',
  submit: { first: '报送首报', update: '报送续报', final: '报送终报' } as Record<string, string>,
  stage: '报告类别',
  text: '报告内容',
  placeholders: {
    first: '时间、地点、事件性质、影响范围、伤亡（含失联）和损失、发展趋势、到场领导和已采取的措施、需要的支援、现场指挥人员及联系方式',
    update: '新的进展和处置情况（不重复首报内容）',
    final: '处置结果、善后情况和下一步工作',
  } as Record<string, string>,
  keys: 'Ctrl+Enter 报送',
  due: '首报时限：应于 {due}（北京时间）前报送',
  dueLate: '首报已超时：应于 {due}（北京时间）前报送，请立即报送首报',
  dueNotYet: '受理后须在 {minutes} 分钟内向区级报送首报',
  firstOnTime: '首报已于 {at} 报送（按时，时限 {due}）',
  firstLate: '首报已于 {at} 报送（超时，时限 {due}）',
  notOwed: '本事件等级低于重大，无需报送首报；如情况敏感，仍可报送。',
  nextUpdate: '下次续报 {time}（北京时间）前报送',
  nextUpdateLate: '续报已超时：应于 {time}（北京时间）前报送，请立即报送续报',
  updatesDone: '终报已报送，无需再报续报',
  none: '尚未报送情况报告',
  filed: '{stage}已报送',
  textRequired: '请填写报告内容',
  by: '报送人',
  finalFiled: '终报已报送',
  late: '时限',
  lateMark: '超时报送（应于 {due} 前）',
  // 系统设置 → 情况报告
  tab: '情况报告',
  settingsTitle: '首报时限（自受理起）',
  settingsIntro:
    '重大、特别重大事件受理后须在下列时限内向区级书面报送首报，超时将产生“首报超时”告警并按升级提醒通知带班领导。默认 60 分钟（国务院应急办：重特大事件 1 小时内书面报告）；各地有更严规定的（如 35 分钟），请在此修改。修改只影响之后受理的事件。',
  updateTitle: '续报间隔（自最近一次首报或续报起）',
  updateIntro:
    '首报报送后，重大、特别重大事件须在下列间隔内向区级报送下一次续报，直至报送终报或事件办结、作废、合并；超时将产生“续报超时”告警并按升级提醒通知带班领导。默认 720 分钟，即每天两次（生产安全事故报告和调查处理条例：重大及以上每日至少续报两次）；要求更密的（如河南每日 08:00、17:00 前各报一次），请改短。允许 30 到 1440 分钟（至少每天一次）。修改从下一次报告起计算。',
  minutes: '分钟',
  save: '保存',
  saved: '首报时限和续报间隔已保存',
  adminOnly: '只有系统管理员可以修改首报时限和续报间隔。',
  wallLate: '首报超时',
  wallUpdateLate: '续报超时',
  wallStages: { first: '已首报', update: '已续报', final: '已终报' } as Record<string, string>,
};

export type SituationMessages = typeof situationZhCN;

export const situationEnUS: SituationMessages = {
  title: 'Situation reports (first / update / final)',
  stages: { first: 'First report', update: 'Update', final: 'Final report' },
  updateN: 'Update {n}',
  submit: { first: 'File first report', update: 'File update', final: 'File final report' },
  stage: 'Report',
  text: 'Content',
  placeholders: {
    first: 'Time, place, nature, extent, casualties (missing included) and loss, trend, leaders on site and measures taken, help needed, on-site commander and contact',
    update: 'What is new since the last report (not repeating the first)',
    final: 'How it was handled, what remains, what comes next',
  },
  keys: 'Ctrl+Enter to file',
  due: 'First report due by {due} (Beijing time)',
  dueLate: 'First report late: it was due by {due} (Beijing time); file it now',
  dueNotYet: 'The first report is due within {minutes} minutes of acceptance',
  firstOnTime: 'First report filed at {at} (on time; due {due})',
  firstLate: 'First report filed at {at} (late; due {due})',
  notOwed: 'Below serious: no first report is owed; a sensitive event may still be reported.',
  nextUpdate: 'Next update due by {time} (Beijing time)',
  nextUpdateLate: 'Update late: it was due by {time} (Beijing time); file it now',
  updatesDone: 'Final report filed: no more updates are owed',
  none: 'No situation report yet',
  filed: '{stage} filed',
  textRequired: 'Write the report’s content',
  by: 'Filed by',
  finalFiled: 'Final report filed',
  late: 'Limit',
  lateMark: 'filed late (due by {due})',
  tab: 'Situation reports',
  settingsTitle: 'First report limits (from acceptance)',
  settingsIntro:
    'Serious and especially serious events owe the district a written first report within these limits of their acceptance; when late, the 首报超时 alarm is raised and escalated to the duty leader. Default 60 minutes (State Council: within 1 hour for major events); set a stricter local limit here. A change applies to events accepted afterwards.',
  updateTitle: 'Update interval (from the latest first report or update)',
  updateIntro:
    'Once the first report is filed, serious and especially serious events owe the district their next update within this interval, until the final report or the event is closed, invalid or merged; when late, the 续报超时 alarm is raised and escalated to the duty leader. Default 720 minutes: twice a day for serious events and above (work-safety accident rules); set a shorter one for a stricter local rule. 30 to 1440 minutes (at least daily). A change counts from the next report.',
  minutes: 'minutes',
  save: 'Save',
  saved: 'First report limits and update intervals saved',
  adminOnly: 'Only an administrator can change the first report limits and update intervals.',
  wallLate: 'first report late',
  wallUpdateLate: 'update late',
  wallStages: { first: 'first report filed', update: 'update filed', final: 'final report filed' },
};

export function useSituationMessages(): SituationMessages {
  return useMessages() === MESSAGES['en-US'] ? situationEnUS : situationZhCN;
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 续报一 … 续报十, then 续报11 (the update's number in words, as STANDARDS.md writes them). */
export function updateNumber(n: number, chinese: boolean): string {
  return chinese && n >= 1 && n <= 10 ? CHINESE_DIGITS[n]! : String(n);
}

/** What a situation report is called: 首报, 续报一 …, 终报 (from its timeline payload). */
export function stageName(s: SituationMessages, payload: Record<string, unknown>): string {
  const stage = String(payload.stage ?? '');
  if (stage === 'update' && typeof payload.n === 'number') return s.updateN.replace('{n}', updateNumber(payload.n, s === situationZhCN));
  return s.stages[stage] ?? stage;
}
