/**
 * 答复模板 (the catalogue item's answer template, issue #15): the text that pre-fills 办结反馈 and
 * 办结 for an event of that item, its placeholders filled from the event. The officer edits it freely.
 *
 * Placeholders, each in Chinese or English (the sheet's 答复模板 column and the README list them):
 *   {事件标题} {title}    the event's title
 *   {事项} {item}         the catalogue item's name
 *   {地址} {address}      where: the event's grid (empty when it has none)
 *   {网格} {grid}         the same
 *   {处置岗位} {post}     the lead post handling it (empty before dispatch)
 *   {时间} {time}         when it was reported, Beijing time (2026年11月23日 09:05)
 *   {结果} {result}       the handling result: on 办结 the last 办结反馈's text; else left as
 *                         RESULT_BLANK for the officer to write (the dialog will not save it so)
 * A placeholder not in this list is left as written (visible, never dropped); the town import refuses
 * it in the 答复模板 cell.
 */

export const ANSWER_PLACEHOLDERS = [
  { names: ['事件标题', 'title'], key: 'title', meaning: '事件标题' },
  { names: ['事项', 'item'], key: 'item', meaning: '事项名称' },
  { names: ['地址', 'address'], key: 'address', meaning: '事发地点（事件所在网格）' },
  { names: ['网格', 'grid'], key: 'address', meaning: '事件所在网格' },
  { names: ['处置岗位', 'post'], key: 'post', meaning: '牵头处置岗位' },
  { names: ['时间', 'time'], key: 'time', meaning: '接报时间（北京时间）' },
  { names: ['结果', 'result'], key: 'result', meaning: '处置结果' },
] as const;

export type AnswerKey = (typeof ANSWER_PLACEHOLDERS)[number]['key'];

/** What fills the placeholders; a value left out keeps {结果} as RESULT_BLANK and the others empty. */
export interface AnswerValues {
  title: string;
  item: string;
  address?: string | null;
  post?: string | null;
  /** ISO instant: shown in Beijing time. */
  time?: string | null;
  result?: string | null;
}

/** Where the officer writes the result when none is known yet. */
export const RESULT_BLANK = '【请填写处置结果】';

const PLACEHOLDER = /\{([^{}\s]{1,20})\}/g;
const BY_NAME = new Map<string, AnswerKey>(ANSWER_PLACEHOLDERS.flatMap((p) => p.names.map((n) => [n, p.key] as const)));

/** The placeholders a template names that are not in the list (each once, in order). */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!BY_NAME.has(m[1]!) && !unknown.includes(m[0])) unknown.push(m[0]);
  return unknown;
}

/** The known placeholders, as the import's refusal and the docs list them: {事件标题}/{title}、… */
export const PLACEHOLDER_LIST = ANSWER_PLACEHOLDERS.map((p) => p.names.map((n) => `{${n}}`).join('/')).join('、');

/** 2026年11月23日 09:05 (Beijing, UTC+8, no daylight saving). */
export function beijingText(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + 8 * 3600_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The template with its placeholders filled; unknown ones left as written. */
export function fillAnswerTemplate(template: string, values: AnswerValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = BY_NAME.get(name);
    switch (key) {
      case undefined:
        return whole;
      case 'title':
        return values.title;
      case 'item':
        return values.item;
      case 'address':
        return values.address ?? '';
      case 'post':
        return values.post ?? '';
      case 'time':
        return values.time ? beijingText(values.time) : '';
      case 'result':
        return values.result?.trim() ? values.result.trim() : RESULT_BLANK;
    }
  });
}
