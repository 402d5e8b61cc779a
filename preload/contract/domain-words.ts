/**
 * The Chinese words of the domain's codes, in one place: the console's zh-CN strings, and what the core
 * writes in Chinese itself (spreadsheet exports, the handover PDF, spoken alarms, the import's refusals).
 */
import type { ClockKind, Level, Source, State } from './schemas';

export const LEVEL_WORDS: Readonly<Record<Level, string>> = { general: '一般', major: '较大', serious: '重大', especially_serious: '特别重大' };

export const STATE_WORDS: Readonly<Record<State, string>> = {
  reported: '待受理',
  accepted: '已受理',
  dispatched: '已派单',
  in_progress: '处置中',
  resolved: '待核查',
  closed: '已办结',
  returned: '已退回',
  escalated: '已上报区级',
  invalid: '无效',
  merged: '已合并',
};

export const SOURCE_WORDS: Readonly<Record<Source, string>> = { grid: '网格上报', hotline: '12345热线', sensor: '物联感知', phone: '来电', walk_in: '来访', district: '区级派单' };

export const CLOCK_WORDS: Readonly<Record<ClockKind, string>> = { accept: '受理', acknowledge: '接单', on_scene: '到场', resolve: '办结' };
