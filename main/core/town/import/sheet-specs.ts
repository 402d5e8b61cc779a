/**
 * The town's spreadsheets, sheet by sheet: each sheet's name, its columns (the Chinese heading in
 * row 1, whether a value is needed, the template's example, the note), and the zod schema every
 * cell's text is checked with. A workbook is recognised by its sheets' names; the columns may stand
 * in any order, and columns with other headings (备注…) are ignored. The templates are written from
 * the same table (templates.ts), so a template always imports.
 */
import { z } from 'zod';
import type { ImportKind } from '../../../../preload/contract/town-import-schemas';
import { LEVELS, ROLES, type Level, type Limit, type Role } from '../../../../preload/contract/schemas';
import { SENSOR_TYPES } from '../../../../preload/contract/plan-schemas';
import { parseDuration } from './durations';
import { LEVEL_WORDS as LEVEL_NAMES_ZH } from '../../../../preload/contract/domain-words';

/** A template's example row: its codes begin with this, and such a row is refused until it is replaced. */
export const EXAMPLE_MARK = '示例';

const CODE = /^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]{0,31}$/;
const USERNAME = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;
const PHONE = /^\+?[0-9][0-9 ()-]{3,24}$/;
const LIST_SEPARATORS = /[、,，;；/\s]+/;

const text = (what: string, max: number) => z.string().min(1, `${what}不能为空。`).max(max, `${what}太长（最多 ${max} 个字）。`);
const optionalText = (what: string, max: number) => z.string().max(max, `${what}太长（最多 ${max} 个字）。`);
const code = (what: string) =>
  text(what, 32)
    .regex(CODE, `${what}只能由字母、数字、汉字和 - _ . 组成，不能有空格（最多 32 个字符）。`)
    .refine((v) => !v.startsWith(EXAMPLE_MARK), `这是模板的示例行：请删除它，或改成本镇的数据。`);
/** An empty cell is null; anything else must pass the schema (its first issue is the reason). */
const optional = <T>(schema: z.ZodType<T, string>) =>
  z.string().transform((v, ctx): T | null => {
    if (v === '') return null;
    const parsed = schema.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? '格式不对。' });
    return z.NEVER;
  });
const optionalCode = (what: string) => optional(code(what));
const list = (text: string): string[] =>
  text
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);

const YES = new Set(['是', '启用', '在岗', '在用', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '停用', '不在岗', '离岗', 'n', 'no', 'false', '0']);
/** 是否启用: 是 / 否 (empty: 是). */
const active = z.string().transform((v, ctx) => {
  const t = v.trim().toLowerCase();
  if (t === '' || YES.has(t)) return true;
  if (NO.has(t)) return false;
  ctx.addIssue({ code: 'custom', message: `“${v.slice(0, 20)}”看不懂：请填“是”或“否”（空着算“是”）。` });
  return z.NEVER;
});

/** The Chinese names of the roles (and their codes). */
export const ROLE_WORDS: Readonly<Record<string, Role>> = {
  值班员: 'officer',
  带班领导: 'leader',
  领导: 'leader',
  板块人员: 'board_staff',
  岗位人员: 'board_staff',
  管理员: 'admin',
  大屏: 'wall_viewer',
  大屏查看: 'wall_viewer',
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
};
export const ROLE_NAMES: Readonly<Record<Role, string>> = { officer: '值班员', leader: '带班领导', board_staff: '板块人员', admin: '管理员', wall_viewer: '大屏' };

const roles = z.string().transform((v, ctx) => {
  const out: Role[] = [];
  if (list(v).length === 0) {
    ctx.addIssue({ code: 'custom', message: '角色不能为空：值班员、带班领导、板块人员、管理员、大屏，至少填一个（多个用“、”隔开）。' });
    return z.NEVER;
  }
  for (const word of list(v)) {
    const role = ROLE_WORDS[word];
    if (!role) {
      ctx.addIssue({ code: 'custom', message: `没有“${word.slice(0, 20)}”这个角色：角色只能是 值班员、带班领导、板块人员、管理员、大屏（多个用“、”隔开）。` });
      return z.NEVER;
    }
    if (!out.includes(role)) out.push(role);
  }
  return out;
});

export const LEVEL_WORDS: Readonly<Record<string, Level>> = {
  一般: 'general',
  较大: 'major',
  重大: 'serious',
  特别重大: 'especially_serious',
  ...Object.fromEntries(LEVELS.map((l) => [l, l])),
};
export const LEVEL_NAMES: Readonly<Record<Level, string>> = LEVEL_NAMES_ZH;
const level = z.string().transform((v, ctx) => {
  if (v === '') return 'general';
  const l = LEVEL_WORDS[v];
  if (!l) {
    ctx.addIssue({ code: 'custom', message: `没有“${v.slice(0, 20)}”这个等级：只能是 一般、较大、重大、特别重大（空着算“一般”）。` });
    return z.NEVER;
  }
  return l;
});

export const POST_KIND_WORDS: Readonly<Record<string, string>> = {
  板块岗位: 'board_post',
  联勤岗: 'joint',
  村社区岗: 'village',
  村社岗: 'village',
  board_post: 'board_post',
  joint: 'joint',
  village: 'village',
};
export const POST_KIND_NAMES: Readonly<Record<string, string>> = { board_post: '板块岗位', joint: '联勤岗', village: '村社区岗' };
const postKind = z.string().transform((v, ctx) => {
  if (v === '') return 'board_post';
  const k = POST_KIND_WORDS[v];
  if (!k) {
    ctx.addIssue({ code: 'custom', message: `没有“${v.slice(0, 20)}”这种岗位类型：只能是 板块岗位、联勤岗、村社区岗（空着算“板块岗位”）。` });
    return z.NEVER;
  }
  return k;
});

export const SENSOR_WORDS: Readonly<Record<string, string>> = {
  烟火: 'smoke',
  烟感: 'smoke',
  水位: 'water_level',
  雨量: 'rainfall',
  位移: 'displacement',
  燃气: 'methane',
  ...Object.fromEntries(SENSOR_TYPES.map((s) => [s, s])),
};
const sensors = z.string().transform((v, ctx) => {
  const out: string[] = [];
  for (const word of list(v)) {
    const s = SENSOR_WORDS[word];
    if (!s) {
      ctx.addIssue({ code: 'custom', message: `没有“${word.slice(0, 20)}”这种感知类型：只能是 烟火、水位、雨量、位移、燃气。` });
      return z.NEVER;
    }
    if (!out.includes(s)) out.push(s);
  }
  return out;
});

const duration = (what: string) =>
  z.string().transform((v, ctx): Limit => {
    const parsed = parseDuration(v);
    if ('reason' in parsed) {
      ctx.addIssue({ code: 'custom', message: `${what}：${parsed.reason}` });
      return z.NEVER;
    }
    return parsed.limit;
  });

const codeList = (what: string) =>
  z.string().transform((v, ctx) => {
    const out: string[] = [];
    for (const c of list(v)) {
      if (!CODE.test(c) || c.startsWith(EXAMPLE_MARK)) {
        ctx.addIssue({ code: 'custom', message: `“${c.slice(0, 40)}”不是${what}：编号只能由字母、数字、汉字和 - _ . 组成，多个用“、”隔开。` });
        return z.NEVER;
      }
      if (out.includes(c)) {
        ctx.addIssue({ code: 'custom', message: `${what}“${c}”写了两次。` });
        return z.NEVER;
      }
      out.push(c);
    }
    return out;
  });

/** The board a cell names: a board's name, its short name, or its code (checked against the town's boards later). */
const board = (required: boolean) => (required ? text('板块', 20) : optionalText('板块', 20));

const households = z.string().transform((v, ctx) => {
  if (v === '') return 0;
  if (!/^\d{1,6}$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: `户数“${v.slice(0, 20)}”不是整数：请填 0 到 999999 之间的整数。` });
    return z.NEVER;
  }
  return Number(v);
});

export interface ColumnSpec {
  readonly key: string;
  /** The heading in row 1. */
  readonly header: string;
  readonly required: boolean;
  /** The template's example value. */
  readonly example: string;
  /** What to write, for the template's 填写说明 sheet. */
  readonly note: string;
  readonly width: number;
}

export interface SheetSpec<S extends z.ZodRawShape = z.ZodRawShape> {
  readonly kind: ImportKind;
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly row: z.ZodObject<S>;
}

const col = (key: string, header: string, required: boolean, example: string, note: string, width = 14): ColumnSpec => ({ key, header, required, example, note, width });

export const PEOPLE_SHEET = {
  kind: 'people',
  name: '人员',
  columns: [
    col('code', '人员编号', true, '示例-P001', '本镇给每人的编号，不能重复；再次导入时按编号更新（不会重复添加）'),
    col('name', '姓名', true, '王小明', '', 10),
    col('phone', '手机号', true, '13800000000', '手机或座机，如 13800000000、0571-88880000'),
    col('roles', '角色', true, '值班员', '值班员、带班领导、板块人员、管理员、大屏，多个用“、”隔开；不登录的人员（如网格员）填“板块人员”', 18),
    col('board', '板块', false, '平安法治', '党的建设、经济发展、民生服务、平安法治之一，可空着'),
    col('active', '是否启用', false, '是', '“否”表示停用：保留历史，不再派单、不能登录', 10),
  ],
  row: z.object({
    code: code('人员编号'),
    name: text('姓名', 32),
    phone: text('手机号', 30).regex(PHONE, '手机号只能有数字和 + - ( ) 空格，如 13800000000、0571-88880000。'),
    roles,
    board: board(false),
    active,
  }),
} satisfies SheetSpec;

export const ACCOUNTS_SHEET = {
  kind: 'accounts',
  name: '账号',
  columns: [
    col('personCode', '人员编号', true, '示例-P001', '人员表中的编号；一人一个账号'),
    col('name', '姓名', false, '王小明', '可空着；填了就核对是否与人员表一致', 10),
    col('username', '账号', true, 'wangxiaoming', '登录用的用户名：3–32 个字母、数字或 _ . -，以字母开头'),
    col('active', '是否启用', false, '是', '“否”表示停用账号（不能再登录）', 10),
  ],
  row: z.object({
    personCode: code('人员编号'),
    name: optionalText('姓名', 32),
    username: text('账号', 32).regex(USERNAME, '账号只能有 3–32 个字母、数字或 _ . -，并以字母开头。'),
    active,
  }),
} satisfies SheetSpec;

export const POSTS_SHEET = {
  kind: 'posts',
  name: '岗位',
  columns: [
    col('code', '岗位编号', true, '示例-GW01', '不能重复；再次导入时按编号更新'),
    col('name', '岗位名称', true, '应急管理岗', '', 16),
    col('board', '板块', true, '平安法治', '党的建设、经济发展、民生服务、平安法治之一'),
    col('kind', '岗位类型', false, '板块岗位', '板块岗位、联勤岗、村社区岗（空着算板块岗位）'),
    col('phone', '岗位电话', false, '0571-88880000', '', 16),
    col('aCode', 'A岗人员编号', true, '示例-P001', '人员表中的编号：每个岗位必须有 A 岗'),
    col('bCode', 'B岗人员编号', false, '示例-P002', 'A 岗不在时由 B 岗顶岗，不能与 A 岗是同一人'),
    col('active', '是否启用', false, '是', '“否”表示停用此岗位', 10),
  ],
  row: z.object({
    code: code('岗位编号'),
    name: text('岗位名称', 40),
    board: board(true),
    kind: postKind,
    phone: optional(z.string().max(30, '岗位电话太长（最多 30 个字）。').regex(PHONE, '岗位电话只能有数字和 + - ( ) 空格。')).transform((v) => v ?? ''),
    aCode: code('A岗人员编号'),
    bCode: optionalCode('B岗人员编号'),
    active,
  }),
} satisfies SheetSpec;

export const VILLAGES_SHEET = {
  kind: 'villagesGrids',
  name: '村社区',
  columns: [
    col('code', '村社区编号', true, '示例-330000000001', '统计用区划代码或本镇自编，不能重复', 18),
    col('name', '村社区名称', true, '白鹭社区', '', 16),
    col('active', '是否启用', false, '是', '', 10),
  ],
  row: z.object({ code: code('村社区编号'), name: text('村社区名称', 40), active }),
} satisfies SheetSpec;

export const GRIDS_SHEET = {
  kind: 'villagesGrids',
  name: '网格',
  columns: [
    col('code', '网格编号', true, '示例-G01', '不能重复；图形文件 grids.geojson 中每个网格的 code 与此一致'),
    col('name', '网格名称', true, '白鹭社区第一网格', '', 20),
    col('villageCode', '所属村社区编号', true, '示例-330000000001', '“村社区”工作表中的编号', 18),
    col('households', '户数', false, '320', '整数，可空着', 8),
    col('workerCode', '网格员人员编号', false, '示例-P001', '人员表中的编号，可空着', 16),
    col('active', '是否启用', false, '是', '', 10),
  ],
  row: z.object({
    code: code('网格编号'),
    name: text('网格名称', 40),
    villageCode: code('所属村社区编号'),
    households,
    workerCode: optionalCode('网格员人员编号'),
    active,
  }),
} satisfies SheetSpec;

export const CATEGORIES_SHEET = {
  kind: 'catalogue',
  name: '分类',
  columns: [
    col('code', '分类编号', true, '示例-AQ', '不能重复'),
    col('name', '分类名称', true, '安全生产', '', 16),
    col('board', '板块', true, '平安法治', '党的建设、经济发展、民生服务、平安法治之一'),
  ],
  row: z.object({ code: code('分类编号'), name: text('分类名称', 40), board: board(true) }),
} satisfies SheetSpec;

export const ITEMS_SHEET = {
  kind: 'catalogue',
  name: '事项',
  columns: [
    col('code', '事项编号', true, '示例-AQ-001', '不能重复；再次导入时按编号更新'),
    col('name', '事项名称', true, '燃气泄漏', '', 18),
    col('categoryCode', '分类编号', true, '示例-AQ', '“分类”工作表中的编号'),
    col('leadCode', '牵头岗位编号', true, '示例-GW01', '岗位表中的编号'),
    col('coopCodes', '协办岗位编号', false, '示例-GW02', '多个用“、”隔开，可空着', 18),
    col('level', '默认等级', false, '较大', '一般、较大、重大、特别重大（空着算一般）', 10),
    col('accept', '受理时限', true, '5分钟', '如 5分钟、2小时、4工作小时、5个工作日', 12),
    col('acknowledge', '签收时限', true, '10分钟', '同上', 12),
    col('onScene', '到场时限', true, '30分钟', '同上', 12),
    col('resolve', '办结时限', true, '24小时', '同上', 12),
    col('standard', '处置标准', false, '接报后立即关阀断气、疏散人员，通知燃气公司抢修。', '', 40),
    col(
      'answerTemplate',
      '答复模板',
      false,
      '您好！您反映的{address}燃气泄漏已处置，{result}。',
      '预填办结反馈和办结；可用 {地址} {结果} {事件标题} {事项} {网格} {处置岗位} {时间}，或英文名如 {address}',
      40,
    ),
    col('sensors', '感知类型', false, '燃气', '烟火、水位、雨量、位移、燃气：这类感知告警归入此事项，可空着', 12),
    col('active', '是否启用', false, '是', '', 10),
  ],
  row: z.object({
    code: code('事项编号'),
    name: text('事项名称', 60),
    categoryCode: code('分类编号'),
    leadCode: code('牵头岗位编号'),
    coopCodes: codeList('协办岗位编号'),
    level,
    accept: duration('受理时限'),
    acknowledge: duration('签收时限'),
    onScene: duration('到场时限'),
    resolve: duration('办结时限'),
    standard: optionalText('处置标准', 2000),
    answerTemplate: optionalText('答复模板', 2000),
    sensors,
    active,
  }),
} satisfies SheetSpec;

export const SHEETS = [PEOPLE_SHEET, ACCOUNTS_SHEET, POSTS_SHEET, VILLAGES_SHEET, GRIDS_SHEET, CATEGORIES_SHEET, ITEMS_SHEET] as const;

export type PersonRow = z.output<(typeof PEOPLE_SHEET)['row']>;
export type AccountRow = z.output<(typeof ACCOUNTS_SHEET)['row']>;
export type PostRow = z.output<(typeof POSTS_SHEET)['row']>;
export type VillageRow = z.output<(typeof VILLAGES_SHEET)['row']>;
export type GridRow = z.output<(typeof GRIDS_SHEET)['row']>;
export type CategoryRow = z.output<(typeof CATEGORIES_SHEET)['row']>;
export type ItemRow = z.output<(typeof ITEMS_SHEET)['row']>;

/** The sheets a part of the town is made of (a workbook holding them all is that part). */
export const KIND_SHEETS: Readonly<Record<Exclude<ImportKind, 'shapes'>, readonly string[]>> = {
  people: [PEOPLE_SHEET.name],
  accounts: [ACCOUNTS_SHEET.name],
  posts: [POSTS_SHEET.name],
  villagesGrids: [VILLAGES_SHEET.name, GRIDS_SHEET.name],
  catalogue: [CATEGORIES_SHEET.name, ITEMS_SHEET.name],
};

/** What each part is called on screen and in a fault. */
export const KIND_NAMES: Readonly<Record<ImportKind, string>> = {
  people: '人员表',
  accounts: '账号表',
  posts: '岗位表',
  villagesGrids: '村社区与网格表',
  shapes: '网格图形（GeoJSON）',
  catalogue: '事项目录表',
};
