/**
 * The import's plan, its catalogue: categories and items (matched by code), each active item's lead
 * and cooperating posts active posts; an item of the town the items sheet leaves out is deactivated;
 * one item per sensor type.
 */
import { pinyin } from 'pinyin-pro';
import { PLACEHOLDER_LIST, unknownPlaceholders } from '../../../../preload/contract/answer-template';
import type { Level } from '../../../../preload/contract/schemas';
import type { CategoryRow, ItemRow } from './sheet-specs';
import { CATEGORIES_SHEET, ITEMS_SHEET } from './sheet-specs';
import type { PostsPlan } from './plan-posts';
import type { ItemState, Origin, PlanScope } from './plan-scope';
import type { ItemNow } from './snapshot';
import type { ReadSheet } from './workbook';

const initials = (name: string): string =>
  pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

function itemFromRow(i: ItemNow): ItemState {
  return {
    code: i.code,
    name: i.name,
    categoryCode: i.category_code,
    categoryName: i.category_name,
    boardCode: i.board_code,
    leadPostId: i.lead_post_id,
    coopPostIds: JSON.parse(i.coop_post_ids) as string[],
    level: i.default_level as Level,
    limits: JSON.parse(i.limits) as ItemState['limits'],
    standard: i.standard,
    answerTemplate: i.answer_template,
    sensorTypes: JSON.parse(i.sensor_types) as string[],
    active: i.active === 1,
  };
}

export function itemRow(i: ItemState): ItemNow {
  return {
    code: i.code,
    name: i.name,
    pinyin: initials(i.name),
    category_code: i.categoryCode,
    category_name: i.categoryName,
    board_code: i.boardCode,
    standard: i.standard,
    lead_post_id: i.leadPostId,
    coop_post_ids: JSON.stringify(i.coopPostIds),
    default_level: i.level,
    limits: JSON.stringify(i.limits),
    answer_template: i.answerTemplate,
    sensor_types: JSON.stringify(i.sensorTypes),
    active: i.active ? 1 : 0,
  };
}

export interface CataloguePlan {
  readonly before: ReadonlyMap<string, ItemState>;
  readonly items: Map<string, ItemState>;
  readonly origin: ReadonlyMap<string, Origin>;
  readonly sheet: ReadSheet | undefined;
}

export function planCatalogue(scope: PlanScope, { byCode: postByCode, ref: postRef }: PostsPlan): CataloguePlan {
  const itemsBefore = new Map<string, ItemState>(scope.town.items.map((i) => [i.code, itemFromRow(i)]));
  const items = new Map<string, ItemState>([...itemsBefore].map(([code, i]) => [code, { ...i, coopPostIds: [...i.coopPostIds], sensorTypes: [...i.sensorTypes] }]));
  const itemOrigin = new Map<string, Origin>();
  const categoriesSheet = scope.sheet(CATEGORIES_SHEET.name);
  const itemsSheet = scope.sheet(ITEMS_SHEET.name);
  if (categoriesSheet && !itemsSheet) scope.sheetFault(categoriesSheet, '有“分类”工作表却没有“事项”工作表：事项目录要两张工作表一起导入。');
  const categories = new Map<string, { name: string; boardCode: string }>();
  for (const i of itemsBefore.values()) categories.set(i.categoryCode, { name: i.categoryName, boardCode: i.boardCode });
  if (categoriesSheet) {
    categories.clear();
    for (const { o, v } of scope.unique<CategoryRow>(categoriesSheet, 'code', '分类编号')) {
      const boardCode = scope.boardOf(o, 'board', v.board);
      if (v.code && v.name !== undefined && boardCode) categories.set(v.code, { name: v.name, boardCode });
    }
  }
  if (itemsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of scope.unique<ItemRow>(itemsSheet, 'code', '事项编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      const active = v.active !== false;
      const category = v.categoryCode !== undefined ? categories.get(v.categoryCode) : undefined;
      if (v.categoryCode !== undefined && !category)
        scope.at(o, 'categoryCode', `分类编号“${v.categoryCode}”不是分类：“分类”工作表中没有这个编号${categoriesSheet ? '' : '（请同时导入“分类”工作表）'}。`, v.categoryCode);
      const lead = v.leadCode !== undefined ? (active ? postRef(o, 'leadCode', v.leadCode, '牵头岗位') : (postByCode.get(v.leadCode) ?? null)) : null;
      const coop: string[] = [];
      for (const c of v.coopCodes ?? []) {
        if (c === v.leadCode) {
          scope.at(o, 'coopCodes', `协办岗位“${c}”就是牵头岗位：请从协办岗位中去掉它。`, c);
          continue;
        }
        const p = active ? postRef(o, 'coopCodes', c, '协办岗位') : (postByCode.get(c) ?? null);
        if (p) coop.push(p.id);
      }
      const unknown = unknownPlaceholders(v.answerTemplate ?? '');
      if (unknown.length > 0) scope.at(o, 'answerTemplate', `答复模板中的 ${unknown.join('、')} 不是可用的占位符：请改成 ${PLACEHOLDER_LIST} 之一，或删去。`, unknown.join('、'));
      const existing = items.get(v.code);
      const item: ItemState = {
        code: v.code,
        name: v.name ?? existing?.name ?? '',
        categoryCode: v.categoryCode ?? existing?.categoryCode ?? '',
        categoryName: category?.name ?? existing?.categoryName ?? '',
        boardCode: category?.boardCode ?? existing?.boardCode ?? '',
        leadPostId: lead?.id ?? existing?.leadPostId ?? '',
        coopPostIds: coop,
        level: v.level ?? 'general',
        limits: {
          accept: v.accept ?? existing?.limits.accept ?? { value: 10, unit: 'minute' },
          acknowledge: v.acknowledge ?? existing?.limits.acknowledge ?? { value: 30, unit: 'minute' },
          onScene: v.onScene ?? existing?.limits.onScene ?? { value: 2, unit: 'hour' },
          resolve: v.resolve ?? existing?.limits.resolve ?? { value: 5, unit: 'work_day' },
        },
        standard: v.standard ?? '',
        answerTemplate: v.answerTemplate ?? '',
        sensorTypes: v.sensors ?? [],
        active,
      };
      items.set(v.code, item);
      itemOrigin.set(v.code, o);
    }
    for (const i of items.values()) if (!inFile.has(i.code)) i.active = false;
    // One catalogue item per sensor type: an alert of that type lands on it.
    const sensorItem = new Map<string, string>();
    for (const i of items.values()) {
      if (!i.active) continue;
      for (const s of i.sensorTypes) {
        const other = sensorItem.get(s);
        const o = itemOrigin.get(i.code);
        if (other && o) scope.at(o, 'sensors', `感知类型“${s}”已归入事项 ${other}：每种感知告警只能归入一个事项。`, s);
        sensorItem.set(s, i.code);
      }
    }
  }
  return { before: itemsBefore, items, origin: itemOrigin, sheet: itemsSheet };
}
