/**
 * The words of a printed 值班日报 (PDF and .xlsx alike): the centre's language, zh-CN. The figures'
 * names are docs/metrics.md's; the states, levels and alarm kinds are the console's own words.
 */
import { LEVEL_WORDS, STATE_WORDS } from '../../../preload/contract/domain-words';
import type { OnTime, Share } from '../../../preload/contract/metrics-schemas';
import type { DutyReportContent, DutyReportKind } from '../../../preload/contract/report-schemas';
import { ALARM_KIND_WORDS } from '../../../preload/contract/voice-schemas';

export const KIND_TITLES: Readonly<Record<DutyReportKind, string>> = { daily: '值班日报', weekly: '值班周报', monthly: '值班月报' };
export const STAGE_WORDS: Readonly<Record<string, string>> = { first: '首报', update: '续报', final: '终报' };
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 首报, 续报一, 续报二 …, 终报 (updates are numbered in the order they were filed: ../shared/STANDARDS.md). */
export function stageName(r: { stage: string }, all: readonly { stage: string }[]): string {
  if (r.stage !== 'update') return STAGE_WORDS[r.stage] ?? r.stage;
  const n = all.filter((x) => x.stage === 'update').indexOf(r) + 1;
  return `${STAGE_WORDS.update}${NUMERALS[n - 1] ?? String(n)}`;
}
export const stateWord = (s: string): string => (STATE_WORDS as Record<string, string>)[s] ?? s;
export const levelWord = (s: string): string => (LEVEL_WORDS as Record<string, string>)[s] ?? s;
export const alarmWord = (s: string): string => (ALARM_KIND_WORDS as Record<string, string>)[s] ?? s;

const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
export const onTimeText = (o: OnTime): string => `${percent(o.rate)}（按时 ${o.onTime} / 超时 ${o.late}）`;
export const shareText = (s: Share): string => `${percent(s.rate)}（${s.count} / ${s.of}）`;
const minutesText = (m: number | null): string => (m === null ? '—' : `${Math.round(m)} 分钟`);

/** A duration in seconds as words: `45 秒`, `3 分 20 秒`. */
export function secondsText(s: number | null): string {
  if (s === null) return '—';
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分 ${s % 60} 秒`;
  return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
}

/** The headline figures: name, this period, the previous one (core.metrics' figures, only worded here). */
export function figureLines(c: DutyReportContent): [string, string, string][] {
  const f = c.figures;
  const p = c.previous;
  return [
    ['受理事件', `${f.received} 件`, `${p.received} 件`],
    ['按时受理率', onTimeText(f.acceptOnTime), onTimeText(p.acceptOnTime)],
    ['按时派单率', onTimeText(f.dispatchOnTime), onTimeText(p.dispatchOnTime)],
    ['按时到场率', onTimeText(f.onSceneOnTime), onTimeText(p.onSceneOnTime)],
    ['按期办结率', onTimeText(f.closeOnTime), onTimeText(p.closeOnTime)],
    ['超期件数', `${f.overdue.total} 件（超期办结 ${f.overdue.closedLate}，超期未办结 ${f.overdue.openLate}）`, `${p.overdue.total} 件`],
    ['挂账数（当前）', `${c.heldNow} 件`, '—'],
    ['新增挂账', `${f.newlyHeld} 件`, `${p.newlyHeld} 件`],
    ['平均受理时长', minutesText(f.avgAccept.minutes), minutesText(p.avgAccept.minutes)],
    ['平均处置时长', minutesText(f.avgHandle.minutes), minutesText(p.avgHandle.minutes)],
    ['退回率', shareText(f.returnRate), shareText(p.returnRate)],
    ['返工率', shareText(f.reworkRate), shareText(p.reworkRate)],
    ['区级办结', `${f.districtClosed} 件`, `${p.districtClosed} 件`],
    ['回访率', shareText(f.followUpRate), shareText(p.followUpRate)],
    ['满意率', shareText(f.satisfaction), shareText(p.satisfaction)],
    ['首报及时率', onTimeText(f.firstReportOnTime), onTimeText(p.firstReportOnTime)],
  ];
}

/** The alarms' summary line (告警记录's figures). */
export function alarmSummary(c: DutyReportContent): string {
  const a = c.alarms;
  return `告警 ${a.total} 条，已确认 ${a.acked} 条，确认用时中位数 ${secondsText(a.medianAckSeconds)}，最慢 ${secondsText(a.maxAckSeconds)}`;
}
