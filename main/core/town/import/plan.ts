/**
 * What an import would do to the town: the town after it (every person, account, post, village,
 * grid and catalogue item), checked as a whole — every reference resolves to an active record, every
 * post keeps an A holder, codes and usernames are unique, the administrator importing does not lock
 * themself out — and compared with the town now: what is added, changed and deactivated. A part of
 * the town that the upload does not hold is left as it is; a record of a part it holds that is not in
 * the file is deactivated (kept, with its history). Matching is by code, so a re-import updates and
 * never duplicates. People without a code (made by hand or by the set-up) are never touched.
 */
import { pinyin } from 'pinyin-pro';
import { NO_ACCOUNT_PREFIX } from '../../auth/account.repository';
import { IMPORT_ENTITIES, type ImportChange, type ImportCount, type ImportEntity } from '../../../../preload/contract/town-import-schemas';
import type { Level, Limit, Role } from '../../../../preload/contract/schemas';
import type { Geometry } from './geojson';
import type { ItemNow, TownNow } from './snapshot';
import type { ParsedUpload } from './parse';
import {
  ACCOUNTS_SHEET,
  CATEGORIES_SHEET,
  GRIDS_SHEET,
  ITEMS_SHEET,
  LEVEL_NAMES,
  PEOPLE_SHEET,
  POST_KIND_NAMES,
  POSTS_SHEET,
  VILLAGES_SHEET,
  type AccountRow,
  type CategoryRow,
  type GridRow,
  type ItemRow,
  type PersonRow,
  type PostRow,
  type VillageRow,
} from './sheet-specs';
import { formatDuration } from './durations';
import type { ReadSheet, SheetRow } from './workbook';

/** The four boards of the 141 system (DESIGN.md, 板块), with the short names a sheet may use. */
export const STANDARD_BOARDS = [
  { code: 'party', name: '党的建设', short: ['党建'] },
  { code: 'economy', name: '经济发展', short: ['经济'] },
  { code: 'livelihood', name: '民生服务', short: ['民生'] },
  { code: 'safety', name: '平安法治', short: ['平安', '法治'] },
] as const;

/** A person with no account has a username of this prefix and their id (auth's convention, shared with the admin pages). */
export const noAccount = (personId: string): string => `${NO_ACCOUNT_PREFIX}${personId}`;
export const hasAccount = (username: string): boolean => !username.startsWith(NO_ACCOUNT_PREFIX);

export interface PersonState {
  id: string;
  code: string | null;
  name: string;
  phone: string;
  roles: Role[];
  boardCode: string | null;
  active: boolean;
  username: string;
  version: number;
}

export interface PostState {
  id: string;
  code: string;
  name: string;
  boardCode: string;
  kind: string;
  phone: string;
  aPersonId: string | null;
  bPersonId: string | null;
  active: boolean;
  version: number;
}

export interface VillageState {
  code: string;
  name: string;
  geometry: string | null;
  active: boolean;
}

export interface GridState {
  code: string;
  name: string;
  villageCode: string;
  village: string;
  households: number;
  workerId: string | null;
  geometry: string;
  active: boolean;
  version: number;
}

export interface ItemState {
  code: string;
  name: string;
  categoryCode: string;
  categoryName: string;
  boardCode: string;
  leadPostId: string;
  coopPostIds: string[];
  level: Level;
  limits: Record<'accept' | 'acknowledge' | 'onScene' | 'resolve', Limit>;
  standard: string;
  answerTemplate: string;
  sensorTypes: string[];
  active: boolean;
}

/** What an apply writes: the records whose state changes, with the one they had. */
export interface ImportWrites {
  readonly boards: { code: string; name: string }[];
  readonly people: { before: PersonState | null; after: PersonState; postIds: string[] }[];
  /** Accounts opened (a one-time password), renamed, or closed. */
  readonly accounts: { personId: string; code: string; name: string; change: 'added' | 'changed' | 'deactivated'; username: string }[];
  readonly posts: { before: PostState | null; after: PostState }[];
  readonly villages: { before: VillageState | null; after: VillageState }[];
  readonly grids: { before: GridState | null; after: GridState }[];
  readonly items: { before: ItemState | null; after: ItemState }[];
}

export interface ImportPlan {
  readonly counts: Partial<Record<ImportEntity, ImportCount>>;
  readonly changes: ImportChange[];
  readonly writes: ImportWrites;
}

export interface PlanContext {
  /** The administrator importing: never deactivated, never without their account or the admin role. */
  readonly actorId: string;
  readonly newId: () => string;
}

type Origin = { sheet: ReadSheet; row: SheetRow };

const rolesOf = (text: string): Role[] => text.split(',').filter(Boolean) as Role[];
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\u0001') === [...b].sort().join('\u0001');
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

/** Builds the plan and adds every fault it finds to `parsed.faults`. */
export function planImport(parsed: ParsedUpload, town: TownNow, ctx: PlanContext): ImportPlan {
  const faults = parsed.faults;
  const sheet = (name: string): ReadSheet | undefined => parsed.sheets.get(name);
  const at = (o: Origin, key: string, reason: string, value: string | null = null): void =>
    faults.add(o.sheet.file, o.sheet.spec.name, o.row.row, o.sheet.letters[key] ?? null, reason, value);
  const sheetFault = (s: ReadSheet, reason: string, value: string | null = null): void => faults.add(s.file, s.spec.name, null, null, reason, value);

  /** The rows of a sheet, each key once: a repeated key is a fault at its later row. */
  const unique = <T>(s: ReadSheet | undefined, key: string, what: string): { o: Origin; v: Partial<T> }[] => {
    if (!s) return [];
    const first = new Map<string, number>();
    const out: { o: Origin; v: Partial<T> }[] = [];
    for (const row of s.rows) {
      const o = { sheet: s, row };
      const k = row.values[key];
      if (typeof k === 'string') {
        const earlier = first.get(k);
        if (earlier !== undefined) {
          at(o, key, `${what}“${k}”重复：第 ${earlier} 行已有。每个${what}只能出现一次。`, k);
          continue;
        }
        first.set(k, row.row);
      }
      out.push({ o, v: row.values as Partial<T> });
    }
    return out;
  };

  // ---- boards ------------------------------------------------------------------------------------
  const boardCodes = new Map<string, string>();
  const boards = [...town.boards];
  const addBoards: { code: string; name: string }[] = [];
  for (const b of STANDARD_BOARDS) if (!boards.some((x) => x.code === b.code)) addBoards.push({ code: b.code, name: b.name });
  for (const b of [...boards, ...addBoards]) {
    boardCodes.set(b.code, b.code);
    boardCodes.set(b.name, b.code);
  }
  for (const b of STANDARD_BOARDS) for (const s of b.short) if (!boardCodes.has(s)) boardCodes.set(s, b.code);
  const boardNames = [...boards, ...addBoards].map((b) => b.name).join('、');
  const boardOf = (o: Origin, key: string, text: string | undefined): string | null | undefined => {
    if (text === undefined) return undefined;
    if (text === '') return null;
    const code = boardCodes.get(text);
    if (!code) at(o, key, `没有“${text}”这个板块：板块只能是 ${boardNames}。`, text);
    return code ?? undefined;
  };

  // ---- people ------------------------------------------------------------------------------------
  const peopleBefore = new Map<string, PersonState>();
  for (const p of town.people) {
    peopleBefore.set(p.id, {
      id: p.id,
      code: p.code,
      name: p.name,
      phone: p.phone,
      roles: rolesOf(p.roles),
      boardCode: p.board_code,
      active: p.active === 1,
      username: p.username,
      version: p.version,
    });
  }
  const people = new Map<string, PersonState>([...peopleBefore].map(([id, p]) => [id, { ...p, roles: [...p.roles] }]));
  const personByCode = new Map<string, PersonState>();
  for (const p of people.values()) if (p.code) personByCode.set(p.code, p);
  const personOrigin = new Map<string, Origin>();
  const peopleSheet = sheet(PEOPLE_SHEET.name);
  const accountsSheet = sheet(ACCOUNTS_SHEET.name);
  // A person already here without a code (the administrator the set-up made) whose username and name
  // the sheets give to a code is that person: they take the code instead of being added twice.
  const usernameOfCode = new Map<string, string>();
  for (const row of accountsSheet?.rows ?? []) {
    const v = row.values as Partial<AccountRow>;
    if (v.personCode && v.username && v.active !== false) usernameOfCode.set(v.personCode, v.username.toLowerCase());
  }
  const uncodedByUsername = new Map<string, PersonState>();
  for (const p of people.values()) if (!p.code && hasAccount(p.username)) uncodedByUsername.set(p.username.toLowerCase(), p);
  if (peopleSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of unique<PersonRow>(peopleSheet, 'code', '人员编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      const boardCode = boardOf(o, 'board', v.board);
      let p = personByCode.get(v.code);
      const same = p ? undefined : uncodedByUsername.get(usernameOfCode.get(v.code) ?? '');
      if (same && same.name === v.name) {
        uncodedByUsername.delete(same.username.toLowerCase());
        same.code = v.code;
        p = same;
        personByCode.set(v.code, p);
      }
      if (!p) {
        const id = ctx.newId();
        p = { id, code: v.code, name: '', phone: '', roles: [], boardCode: null, active: true, username: noAccount(id), version: 0 };
        people.set(p.id, p);
        personByCode.set(v.code, p);
      }
      personOrigin.set(p.id, o);
      if (v.name !== undefined) p.name = v.name;
      if (v.phone !== undefined) p.phone = v.phone;
      if (v.roles !== undefined) p.roles = v.roles;
      if (boardCode !== undefined) p.boardCode = boardCode;
      if (v.active !== undefined) p.active = v.active;
    }
    for (const p of people.values()) if (p.code && !inFile.has(p.code)) p.active = false;
  }
  const describe = (p: PersonState): string => `${p.code ?? p.username}（${p.name}）`;

  // ---- accounts ----------------------------------------------------------------------------------
  const accountOrigin = new Map<string, Origin>();
  if (accountsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of unique<AccountRow>(accountsSheet, 'personCode', '人员编号')) {
      if (!v.personCode) continue;
      const p = personByCode.get(v.personCode);
      if (!p) {
        at(o, 'personCode', `人员编号“${v.personCode}”不在人员表中，也不是本镇已有的人员：请先在人员表中添加此人。`, v.personCode);
        continue;
      }
      inFile.add(p.id);
      accountOrigin.set(p.id, o);
      if (v.name && p.name && v.name !== p.name) at(o, 'name', `姓名“${v.name}”与人员编号 ${v.personCode} 的姓名“${p.name}”不一致：请核对编号。`, v.name);
      if (v.active === false) p.username = noAccount(p.id);
      else if (v.username !== undefined) {
        if (!p.active && !hasAccount(p.username)) at(o, 'active', `人员 ${describe(p)}已停用（或本次将停用），不能开新账号：请把“是否启用”改为“否”，或在人员表中启用此人。`);
        p.username = v.username;
      }
    }
    for (const p of people.values()) if (p.code && hasAccount(p.username) && !inFile.has(p.id)) p.username = noAccount(p.id);
  }
  // A deactivated person keeps their account but cannot sign in with it (auth refuses an inactive person).
  // Usernames are unique across the town (also against people the import does not touch).
  const byUsername = new Map<string, PersonState[]>();
  for (const p of people.values()) byUsername.set(p.username.toLowerCase(), [...(byUsername.get(p.username.toLowerCase()) ?? []), p]);
  for (const [, holders] of byUsername) {
    if (holders.length < 2) continue;
    for (const p of holders) {
      const o = accountOrigin.get(p.id);
      const other = holders.find((x) => x !== p)!;
      if (o) at(o, 'username', `账号“${p.username}”已被 ${describe(other)} 使用：每个账号只能给一个人。`, p.username);
    }
    if (!holders.some((p) => accountOrigin.has(p.id)) && accountsSheet) sheetFault(accountsSheet, `账号“${holders[0].username}”同时属于 ${holders.map(describe).join('、')}。`);
  }

  // ---- posts -------------------------------------------------------------------------------------
  const postsBefore = new Map<string, PostState>();
  for (const p of town.posts) {
    postsBefore.set(p.id, {
      id: p.id,
      code: p.code,
      name: p.name,
      boardCode: p.board_code,
      kind: p.kind,
      phone: p.phone,
      aPersonId: p.a_person_id,
      bPersonId: p.b_person_id,
      active: p.active === 1,
      version: p.version,
    });
  }
  const posts = new Map<string, PostState>([...postsBefore].map(([id, p]) => [id, { ...p }]));
  const postByCode = new Map<string, PostState>([...posts.values()].map((p) => [p.code, p]));
  const postOrigin = new Map<string, Origin>();
  /** A person a cell names by code: must exist and stay active. */
  const personRef = (o: Origin, key: string, code: string, what: string): PersonState | null => {
    const p = personByCode.get(code);
    if (!p) {
      at(o, key, `${what}“${code}”不是人员：人员表中没有这个编号，本镇也没有此人。`, code);
      return null;
    }
    if (!p.active) {
      at(o, key, `${what} ${describe(p)}已停用（或本次将停用）：请换成在岗的人员。`, code);
      return null;
    }
    return p;
  };
  const postsSheet = sheet(POSTS_SHEET.name);
  if (postsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of unique<PostRow>(postsSheet, 'code', '岗位编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      const boardCode = boardOf(o, 'board', v.board);
      let p = postByCode.get(v.code);
      if (!p) {
        p = { id: ctx.newId(), code: v.code, name: '', boardCode: '', kind: 'board_post', phone: '', aPersonId: null, bPersonId: null, active: true, version: 0 };
        posts.set(p.id, p);
        postByCode.set(v.code, p);
      }
      postOrigin.set(p.id, o);
      if (v.name !== undefined) p.name = v.name;
      if (boardCode) p.boardCode = boardCode;
      if (v.kind !== undefined) p.kind = v.kind;
      if (v.phone !== undefined) p.phone = v.phone;
      if (v.active !== undefined) p.active = v.active;
      const active = v.active !== false;
      if (v.aCode !== undefined) {
        const a = active ? personRef(o, 'aCode', v.aCode, 'A岗人员') : (personByCode.get(v.aCode) ?? null);
        p.aPersonId = a?.id ?? p.aPersonId;
      }
      if (v.bCode !== undefined) {
        if (v.bCode === null) p.bPersonId = null;
        else {
          const b = active ? personRef(o, 'bCode', v.bCode, 'B岗人员') : (personByCode.get(v.bCode) ?? null);
          p.bPersonId = b?.id ?? p.bPersonId;
          if (v.aCode && v.bCode === v.aCode) at(o, 'bCode', `B岗与A岗是同一人（${v.bCode}）：B 岗要在 A 岗不在时顶岗，请换一人或空着。`, v.bCode);
        }
      }
    }
    for (const p of posts.values()) if (!inFile.has(p.code)) p.active = false;
  }
  const describePost = (p: PostState): string => `${p.code}（${p.name}）`;

  // ---- villages, grids, shapes -------------------------------------------------------------------
  const villagesBefore = new Map<string, VillageState>(town.villages.map((v) => [v.code, { code: v.code, name: v.name, geometry: v.geometry, active: v.active === 1 }]));
  const villages = new Map<string, VillageState>([...villagesBefore].map(([code, v]) => [code, { ...v }]));
  const villageOrigin = new Map<string, Origin>();
  const villagesSheet = sheet(VILLAGES_SHEET.name);
  if (villagesSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of unique<VillageRow>(villagesSheet, 'code', '村社区编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      let village = villages.get(v.code);
      if (!village) {
        village = { code: v.code, name: '', geometry: null, active: true };
        villages.set(v.code, village);
      }
      villageOrigin.set(v.code, o);
      if (v.name !== undefined) village.name = v.name;
      if (v.active !== undefined) village.active = v.active;
    }
    for (const v of villages.values()) if (!inFile.has(v.code)) v.active = false;
  }
  const gridsBefore = new Map<string, GridState>(
    town.grids.map((g) => [
      g.code,
      {
        code: g.code,
        name: g.name,
        villageCode: g.village_code,
        village: g.village,
        households: g.households,
        workerId: g.grid_worker_id,
        geometry: g.geometry,
        active: g.active === 1,
        version: g.version,
      },
    ]),
  );
  const grids = new Map<string, GridState>([...gridsBefore].map(([code, g]) => [code, { ...g }]));
  const gridOrigin = new Map<string, Origin>();
  const gridsSheet = sheet(GRIDS_SHEET.name);
  if (gridsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of unique<GridRow>(gridsSheet, 'code', '网格编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      let g = grids.get(v.code);
      if (!g) {
        g = { code: v.code, name: '', villageCode: '', village: '', households: 0, workerId: null, geometry: '', active: true, version: 0 };
        grids.set(v.code, g);
      }
      gridOrigin.set(v.code, o);
      if (v.name !== undefined) g.name = v.name;
      if (v.households !== undefined) g.households = v.households;
      if (v.active !== undefined) g.active = v.active;
      const active = v.active !== false;
      if (v.villageCode !== undefined) {
        const village = villages.get(v.villageCode);
        if (!village) at(o, 'villageCode', `所属村社区编号“${v.villageCode}”不是村社区：“村社区”工作表中没有这个编号，本镇也没有。`, v.villageCode);
        else if (!village.active && active) at(o, 'villageCode', `村社区 ${village.code}（${village.name}）已停用（或本次将停用）：请换成在用的村社区。`, v.villageCode);
        g.villageCode = v.villageCode;
      }
      if (v.workerCode !== undefined) {
        if (v.workerCode === null) g.workerId = null;
        else g.workerId = (active ? personRef(o, 'workerCode', v.workerCode, '网格员') : personByCode.get(v.workerCode))?.id ?? g.workerId;
      }
    }
    for (const g of grids.values()) if (!inFile.has(g.code)) g.active = false;
  }
  if (parsed.shapes) {
    const { file, shapes } = parsed.shapes;
    const seen = new Map<string, number>();
    for (const s of shapes) {
      const earlier = seen.get(s.code);
      if (earlier !== undefined) {
        faults.add(file, 'GeoJSON', s.feature, 'properties.code', `编号“${s.code}”有两个图形（另一个是第 ${earlier} 个要素）：多块地请合成一个 MultiPolygon。`, s.code);
        continue;
      }
      seen.set(s.code, s.feature);
      const text = JSON.stringify(s.geometry satisfies Geometry);
      const g = grids.get(s.code);
      const v = villages.get(s.code);
      if (g) g.geometry = text;
      else if (v) v.geometry = text;
      else faults.add(file, 'GeoJSON', s.feature, 'properties.code', `编号“${s.code}”既不是网格也不是村社区：请核对网格表中的编号。`, s.code);
    }
  }
  for (const g of grids.values()) {
    g.village = villages.get(g.villageCode)?.name ?? g.village;
    const o = gridOrigin.get(g.code);
    if (g.active && !g.geometry && o)
      at(o, 'code', `网格 ${g.code}（${g.name}）没有图形：请在图形文件 grids.geojson 中加上 code 为“${g.code}”的 Polygon 或 MultiPolygon，并同时选择该文件。`, g.code);
  }

  // ---- catalogue ---------------------------------------------------------------------------------
  const itemsBefore = new Map<string, ItemState>(town.items.map((i) => [i.code, itemFromRow(i)]));
  const items = new Map<string, ItemState>([...itemsBefore].map(([code, i]) => [code, { ...i, coopPostIds: [...i.coopPostIds], sensorTypes: [...i.sensorTypes] }]));
  const itemOrigin = new Map<string, Origin>();
  const categoriesSheet = sheet(CATEGORIES_SHEET.name);
  const itemsSheet = sheet(ITEMS_SHEET.name);
  if (categoriesSheet && !itemsSheet) sheetFault(categoriesSheet, '有“分类”工作表却没有“事项”工作表：事项目录要两张工作表一起导入。');
  const categories = new Map<string, { name: string; boardCode: string }>();
  for (const i of itemsBefore.values()) categories.set(i.categoryCode, { name: i.categoryName, boardCode: i.boardCode });
  if (categoriesSheet) {
    categories.clear();
    for (const { o, v } of unique<CategoryRow>(categoriesSheet, 'code', '分类编号')) {
      const boardCode = boardOf(o, 'board', v.board);
      if (v.code && v.name !== undefined && boardCode) categories.set(v.code, { name: v.name, boardCode });
    }
  }
  const postRef = (o: Origin, key: string, code: string, what: string): PostState | null => {
    const p = postByCode.get(code);
    if (!p) {
      at(o, key, `${what}“${code}”不是岗位：岗位表中没有这个编号，本镇也没有这个岗位。`, code);
      return null;
    }
    if (!p.active) {
      at(o, key, `${what} ${describePost(p)}已停用（或本次将停用）：请换成在用的岗位。`, code);
      return null;
    }
    return p;
  };
  if (itemsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of unique<ItemRow>(itemsSheet, 'code', '事项编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      const active = v.active !== false;
      const category = v.categoryCode !== undefined ? categories.get(v.categoryCode) : undefined;
      if (v.categoryCode !== undefined && !category)
        at(o, 'categoryCode', `分类编号“${v.categoryCode}”不是分类：“分类”工作表中没有这个编号${categoriesSheet ? '' : '（请同时导入“分类”工作表）'}。`, v.categoryCode);
      const lead = v.leadCode !== undefined ? (active ? postRef(o, 'leadCode', v.leadCode, '牵头岗位') : (postByCode.get(v.leadCode) ?? null)) : null;
      const coop: string[] = [];
      for (const c of v.coopCodes ?? []) {
        if (c === v.leadCode) {
          at(o, 'coopCodes', `协办岗位“${c}”就是牵头岗位：请从协办岗位中去掉它。`, c);
          continue;
        }
        const p = active ? postRef(o, 'coopCodes', c, '协办岗位') : (postByCode.get(c) ?? null);
        if (p) coop.push(p.id);
      }
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
        if (other && o) at(o, 'sensors', `感知类型“${s}”已归入事项 ${other}：每种感知告警只能归入一个事项。`, s);
        sensorItem.set(s, i.code);
      }
    }
  }

  // ---- what the file changes for records it does not hold ------------------------------------------
  /** A person the upload deactivates, said where it does so: their row (是否启用 = 否), else the people sheet. */
  const becauseOfPerson = (p: PersonState, reason: string): void => {
    const o = personOrigin.get(p.id);
    if (o) at(o, 'active', reason);
    else if (peopleSheet) sheetFault(peopleSheet, `人员 ${describe(p)}不在表中，将被停用；${reason}`, p.code);
  };
  const becauseOfPost = (p: PostState, reason: string): void => {
    const o = postOrigin.get(p.id);
    if (o) at(o, 'active', reason);
    else if (postsSheet) sheetFault(postsSheet, `岗位 ${describePost(p)}不在表中，将被停用；${reason}`, p.code);
  };
  for (const post of posts.values()) {
    if (!post.active || postOrigin.has(post.id)) continue;
    const a = post.aPersonId ? people.get(post.aPersonId) : undefined;
    if (a && !a.active) becauseOfPerson(a, `但他是岗位 ${describePost(post)} 的 A 岗，岗位不能没有 A 岗：请在岗位表中先换人，或保留此人。`);
    const b = post.bPersonId ? people.get(post.bPersonId) : undefined;
    if (b && !b.active) becauseOfPerson(b, `但他是岗位 ${describePost(post)} 的 B 岗：请在岗位表中先换人，或保留此人。`);
  }
  for (const item of items.values()) {
    if (!item.active || itemOrigin.has(item.code)) continue;
    for (const id of [item.leadPostId, ...item.coopPostIds]) {
      const p = posts.get(id);
      if (p && !p.active) becauseOfPost(p, `但事项 ${item.code}（${item.name}）仍由它${id === item.leadPostId ? '牵头' : '协办'}：请同时导入事项目录，或保留此岗位。`);
    }
  }
  for (const g of grids.values()) {
    if (!g.active || gridOrigin.has(g.code)) continue;
    const v = villages.get(g.villageCode);
    if (v && !v.active) {
      const o = villageOrigin.get(v.code);
      const reason = `但网格 ${g.code}（${g.name}）属于它：请同时导入网格表，或保留此村社区。`;
      if (o) at(o, 'active', reason);
      else if (villagesSheet) sheetFault(villagesSheet, `村社区 ${v.code}（${v.name}）不在表中，将被停用；${reason}`, v.code);
    }
    const w = g.workerId ? people.get(g.workerId) : undefined;
    if (w && !w.active) becauseOfPerson(w, `但他是网格 ${g.code}（${g.name}）的网格员：请在网格表中先换人，或保留此人。`);
  }
  // The administrator importing keeps their place, their account and the admin role.
  const me = people.get(ctx.actorId);
  if (me && peopleBefore.get(me.id)) {
    const mine = personOrigin.get(me.id);
    if (!me.active) becauseOfPerson(me, '这是正在导入的管理员本人：导入后将无法登录。请在表中保留您本人并设为“是”。');
    else if (!me.roles.includes('admin') && mine) at(mine, 'roles', '这是正在导入的管理员本人：去掉“管理员”角色后将无法再管理本镇数据。请保留“管理员”。');
    else if (!hasAccount(me.username) && accountsSheet) {
      const o = accountOrigin.get(me.id);
      if (o) at(o, 'active', '这是正在导入的管理员本人的账号：停用后将无法登录。');
      else sheetFault(accountsSheet, `账号表中没有正在导入的管理员本人（${describe(me)}），导入会停用这个账号：请在账号表中保留它。`);
    }
  }

  // ---- the differences ---------------------------------------------------------------------------
  const changes: ImportChange[] = [];
  const counts: Partial<Record<ImportEntity, ImportCount>> = {};
  const count = (entity: ImportEntity, change: 'added' | 'changed' | 'deactivated' | 'unchanged'): void => {
    const c = (counts[entity] ??= { added: 0, changed: 0, deactivated: 0, unchanged: 0 });
    c[change] += 1;
  };
  const note = (entity: ImportEntity, change: 'added' | 'changed' | 'deactivated', code: string, name: string, fields: string[] = []): void => {
    changes.push({ entity, change, code, name, fields });
    count(entity, change);
  };
  const kindOf = <T extends { active: boolean }>(before: T | null | undefined, after: T, fields: string[]): 'added' | 'changed' | 'deactivated' | null => {
    if (!before) return after.active ? 'added' : null;
    if (before.active && !after.active) return 'deactivated';
    return fields.length > 0 ? 'changed' : null;
  };

  const postIdsOf = new Map<string, string[]>();
  for (const p of posts.values()) {
    if (!p.active) continue;
    for (const id of [p.aPersonId, p.bPersonId]) if (id) postIdsOf.set(id, [...(postIdsOf.get(id) ?? []), p.id]);
  }
  const postIdsBefore = new Map<string, string[]>();
  for (const p of postsBefore.values()) {
    if (!p.active) continue;
    for (const id of [p.aPersonId, p.bPersonId]) if (id) postIdsBefore.set(id, [...(postIdsBefore.get(id) ?? []), p.id]);
  }
  const writes: ImportWrites = { boards: addBoards, people: [], accounts: [], posts: [], villages: [], grids: [], items: [] };

  if (peopleSheet) counts.people = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
  for (const after of people.values()) {
    const before = peopleBefore.get(after.id) ?? null;
    const fields: string[] = [];
    if (before) {
      if (before.code !== after.code) fields.push('人员编号');
      if (before.name !== after.name) fields.push('姓名');
      if (before.phone !== after.phone) fields.push('手机号');
      if (!sameSet(before.roles, after.roles)) fields.push('角色');
      if (before.boardCode !== after.boardCode) fields.push('板块');
      if (before.active !== after.active) fields.push('是否启用');
      if (!sameSet(postIdsBefore.get(after.id) ?? [], postIdsOf.get(after.id) ?? [])) fields.push('所在岗位');
    }
    const change = kindOf(before, after, fields);
    if (change) {
      note('people', change, after.code ?? after.username, after.name, change === 'changed' ? fields : []);
      writes.people.push({ before, after, postIds: postIdsOf.get(after.id) ?? [] });
    } else if (personOrigin.has(after.id)) count('people', 'unchanged');
    // Accounts: opened, renamed, closed.
    const had = before ? hasAccount(before.username) : false;
    const has = hasAccount(after.username);
    const code = after.code ?? after.username;
    if (!had && has) {
      writes.accounts.push({ personId: after.id, code, name: after.name, change: 'added', username: after.username });
      note('accounts', 'added', after.username, `${after.name}（${code}）`);
    } else if (had && !has) {
      writes.accounts.push({ personId: after.id, code, name: after.name, change: 'deactivated', username: after.username });
      note('accounts', 'deactivated', before!.username, `${after.name}（${code}）`);
    } else if (had && has && before!.username !== after.username) {
      writes.accounts.push({ personId: after.id, code, name: after.name, change: 'changed', username: after.username });
      note('accounts', 'changed', after.username, `${after.name}（${code}）`, [`账号 ${before!.username} → ${after.username}`]);
    } else if (accountOrigin.has(after.id)) count('accounts', 'unchanged');
  }
  if (accountsSheet) counts.accounts ??= { added: 0, changed: 0, deactivated: 0, unchanged: 0 };

  const personLabel = (id: string | null): string => (id ? (people.get(id)?.name ?? id) : '无');
  if (postsSheet) counts.posts = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
  for (const after of posts.values()) {
    const before = postsBefore.get(after.id) ?? null;
    const fields: string[] = [];
    if (before) {
      if (before.name !== after.name) fields.push('岗位名称');
      if (before.boardCode !== after.boardCode) fields.push('板块');
      if (before.kind !== after.kind) fields.push(`岗位类型 ${POST_KIND_NAMES[after.kind] ?? after.kind}`);
      if (before.phone !== after.phone) fields.push('岗位电话');
      if (before.aPersonId !== after.aPersonId) fields.push(`A岗 ${personLabel(before.aPersonId)} → ${personLabel(after.aPersonId)}`);
      if (before.bPersonId !== after.bPersonId) fields.push(`B岗 ${personLabel(before.bPersonId)} → ${personLabel(after.bPersonId)}`);
      if (before.active !== after.active) fields.push('是否启用');
    }
    const change = kindOf(before, after, fields);
    if (change) {
      note('posts', change, after.code, after.name, change === 'changed' ? fields : []);
      writes.posts.push({ before, after });
    } else if (postOrigin.has(after.id)) count('posts', 'unchanged');
  }

  if (villagesSheet || parsed.shapes) counts.villages = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
  for (const after of villages.values()) {
    const before = villagesBefore.get(after.code) ?? null;
    const fields: string[] = [];
    if (before) {
      if (before.name !== after.name) fields.push('村社区名称');
      if (before.geometry !== after.geometry) fields.push('图形');
      if (before.active !== after.active) fields.push('是否启用');
    }
    const change = kindOf(before, after, fields);
    if (change) {
      note('villages', change, after.code, after.name, change === 'changed' ? fields : []);
      writes.villages.push({ before, after });
    } else if (villageOrigin.has(after.code)) count('villages', 'unchanged');
  }

  if (gridsSheet || parsed.shapes) counts.grids = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
  for (const after of grids.values()) {
    const before = gridsBefore.get(after.code) ?? null;
    const fields: string[] = [];
    if (before) {
      if (before.name !== after.name) fields.push('网格名称');
      if (before.villageCode !== after.villageCode || before.village !== after.village) fields.push('所属村社区');
      if (before.households !== after.households) fields.push('户数');
      if (before.workerId !== after.workerId) fields.push(`网格员 ${personLabel(before.workerId)} → ${personLabel(after.workerId)}`);
      if (before.geometry !== after.geometry) fields.push('图形');
      if (before.active !== after.active) fields.push('是否启用');
    }
    const change = kindOf(before, after, fields);
    if (change) {
      note('grids', change, after.code, after.name, change === 'changed' ? fields : []);
      writes.grids.push({ before, after });
    } else if (gridOrigin.has(after.code)) count('grids', 'unchanged');
  }

  if (itemsSheet) counts.catalogue = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
  const postLabel = (id: string): string => posts.get(id)?.name ?? id;
  for (const after of items.values()) {
    const before = itemsBefore.get(after.code) ?? null;
    const fields: string[] = [];
    if (before) {
      if (before.name !== after.name) fields.push('事项名称');
      if (before.categoryCode !== after.categoryCode || before.categoryName !== after.categoryName) fields.push('分类');
      if (before.boardCode !== after.boardCode) fields.push('板块');
      if (before.leadPostId !== after.leadPostId) fields.push(`牵头岗位 ${postLabel(before.leadPostId)} → ${postLabel(after.leadPostId)}`);
      if (!sameSet(before.coopPostIds, after.coopPostIds)) fields.push('协办岗位');
      if (before.level !== after.level) fields.push(`默认等级 ${LEVEL_NAMES[after.level]}`);
      for (const [key, label] of [
        ['accept', '受理时限'],
        ['acknowledge', '签收时限'],
        ['onScene', '到场时限'],
        ['resolve', '办结时限'],
      ] as const) {
        const b = before.limits[key];
        const a = after.limits[key];
        if (b.value !== a.value || b.unit !== a.unit) fields.push(`${label} ${formatDuration(b)} → ${formatDuration(a)}`);
      }
      if (before.standard !== after.standard) fields.push('处置标准');
      if (before.answerTemplate !== after.answerTemplate) fields.push('答复模板');
      if (!sameSet(before.sensorTypes, after.sensorTypes)) fields.push('感知类型');
      if (before.active !== after.active) fields.push('是否启用');
    }
    const change = kindOf(before, after, fields);
    if (change) {
      note('catalogue', change, after.code, after.name, change === 'changed' ? fields : []);
      writes.items.push({ before, after });
    } else if (itemOrigin.has(after.code)) count('catalogue', 'unchanged');
  }

  const order: Record<string, number> = { added: 0, changed: 1, deactivated: 2 };
  const entityOrder = (e: ImportEntity): number => IMPORT_ENTITIES.indexOf(e);
  changes.sort((a, b) => entityOrder(a.entity) - entityOrder(b.entity) || order[a.change] - order[b.change] || a.code.localeCompare(b.code));
  return { counts, changes, writes };
}
