/**
 * A time limit as a town writes it in its catalogue: `10分钟`, `2小时`, `4工作小时`, `5个工作日`
 * (SLA units minute, hour, work_hour, work_day: main/core/sla). A bare number, a calendar day or
 * anything else is not a duration: the sheet must say the unit.
 */
import type { Limit } from '../../../../preload/contract/schemas';

const UNITS: readonly { words: readonly string[]; unit: Limit['unit']; max: number; label: string }[] = [
  { words: ['工作小时', '个工作小时', '工作时'], unit: 'work_hour', max: 400, label: '工作小时' },
  { words: ['工作日', '个工作日'], unit: 'work_day', max: 90, label: '工作日' },
  { words: ['分钟', '分'], unit: 'minute', max: 10_080, label: '分钟' },
  { words: ['小时', '个小时', '时'], unit: 'hour', max: 720, label: '小时' },
];

export const DURATION_HINT = '请写成“30分钟”“2小时”“4工作小时”或“5个工作日”';

/** The limit a cell holds, or why it is not one (in Chinese). */
export function parseDuration(text: string): { limit: Limit } | { reason: string } {
  const t = text.replace(/\s+/g, '');
  if (!t) return { reason: `时限不能为空：${DURATION_HINT}。` };
  const m = /^(\d+)(.*)$/.exec(t);
  if (!m) return { reason: `“${text.slice(0, 20)}”不是时长：${DURATION_HINT}。` };
  const value = Number(m[1]);
  const word = m[2] ?? '';
  if (!word) return { reason: `“${text.slice(0, 20)}”没有单位，不是时长：${DURATION_HINT}。` };
  if (word === '天' || word === '日' || word === '个自然日' || word === '自然日')
    return { reason: `“${text.slice(0, 20)}”是自然日：时限只按分钟、小时、工作小时或工作日计，${DURATION_HINT}。` };
  const unit = UNITS.find((u) => u.words.includes(word));
  if (!unit) return { reason: `“${text.slice(0, 20)}”不是时长：${DURATION_HINT}。` };
  if (value < 1) return { reason: `时限必须大于 0：${DURATION_HINT}。` };
  if (value > unit.max) return { reason: `时限 ${value}${unit.label} 过长（最多 ${unit.max}${unit.label}）。` };
  return { limit: { value, unit: unit.unit } };
}

/** A limit as the sheet writes it (`5个工作日`): what a template and an export show. */
export function formatDuration(limit: Limit): string {
  switch (limit.unit) {
    case 'minute':
      return `${limit.value}分钟`;
    case 'hour':
      return `${limit.value}小时`;
    case 'work_hour':
      return `${limit.value}工作小时`;
    case 'work_day':
      return `${limit.value}个工作日`;
  }
}
