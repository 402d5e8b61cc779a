/**
 * Every string of 值班日报 (the duty reports page), in Simplified Chinese (the default) and English
 * (typed against the Chinese, so both hold the same keys).
 */
import { MESSAGES, useMessages } from '../../locales';

export const reportsZhCN = {
  tab: '值班日报',
  title: '值班日报',
  intro: '每班交接班签署后自动生成本班的值班日报；也可按日、按周、按月随时生成。报告内容在生成时固定，可下载 PDF 和 Excel。',
  generateDaily: '生成日报',
  generateWeekly: '生成周报',
  generateMonthly: '生成月报',
  kinds: { daily: '日报', weekly: '周报', monthly: '月报' },
  dialogTitle: { daily: '生成值班日报', weekly: '生成值班周报', monthly: '生成值班月报' },
  date: '日期',
  range: '时段（北京时间，含首尾两天）',
  from: '开始日期',
  to: '结束日期',
  tooLong: '{kind}最多覆盖 {max} 天，请缩短时段。',
  generate: '生成',
  cancel: '取消',
  generated: '已生成{kind}：{label}',
  columns: { kind: '类型', period: '时段', trigger: '生成方式', createdAt: '生成时间', createdBy: '生成人', files: '下载' },
  triggers: { demand: '手动生成', handover: '交接班后自动生成' },
  system: '系统',
  pdf: 'PDF',
  xlsx: 'Excel',
  downloadPdf: '下载 {label} 的 PDF',
  downloadXlsx: '下载 {label} 的 Excel',
  empty: '还没有值班日报。签署交接班后会自动生成本班日报，也可点击上方按钮生成。',
  forbidden: '只有值班员、带班领导和系统管理员可以查看值班日报。',
};

export type ReportsMessages = typeof reportsZhCN;

export const reportsEnUS: ReportsMessages = {
  tab: 'Duty reports',
  title: 'Duty reports',
  intro:
    "Each shift's report is made when its handover is signed; a day, a week or a month can be reported at any time. A report's content is fixed when it is made; download it as PDF or Excel.",
  generateDaily: 'Daily report',
  generateWeekly: 'Weekly report',
  generateMonthly: 'Monthly report',
  kinds: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' },
  dialogTitle: { daily: 'Generate a daily report', weekly: 'Generate a weekly report', monthly: 'Generate a monthly report' },
  date: 'Date',
  range: 'Period (Beijing time, both days included)',
  from: 'From',
  to: 'To',
  tooLong: 'A {kind} report covers at most {max} days: shorten the period.',
  generate: 'Generate',
  cancel: 'Cancel',
  generated: '{kind} report generated: {label}',
  columns: { kind: 'Kind', period: 'Period', trigger: 'Made', createdAt: 'Created', createdBy: 'By', files: 'Download' },
  triggers: { demand: 'On demand', handover: 'At the handover' },
  system: 'System',
  pdf: 'PDF',
  xlsx: 'Excel',
  downloadPdf: 'Download the PDF of {label}',
  downloadXlsx: 'Download the Excel of {label}',
  empty: "No duty reports yet. A shift's report is made when its handover is signed, or generate one above.",
  forbidden: 'Only duty officers, duty leaders and administrators can see the duty reports.',
};

export function useReportsMessages(): ReportsMessages {
  return useMessages() === MESSAGES['en-US'] ? reportsEnUS : reportsZhCN;
}
