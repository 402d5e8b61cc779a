/**
 * The import's plan, its differences: each record after the import compared with the one it was —
 * added, changed (which fields, in words) or deactivated, counted per kind of record — and the writes
 * an apply makes of them.
 */
import { IMPORT_ENTITIES, type ImportChange, type ImportCount, type ImportEntity } from '../../../../preload/contract/town-import-schemas';
import { formatDuration } from './durations';
import type { CataloguePlan } from './plan-catalogue';
import type { GridsPlan } from './plan-grids';
import type { PeoplePlan } from './plan-people';
import type { PostsPlan } from './plan-posts';
import { hasAccount, sameSet, type ImportPlan, type ImportWrites } from './plan-scope';
import { LEVEL_NAMES, POST_KIND_NAMES } from './sheet-specs';

export interface PlanParts {
  readonly addBoards: { code: string; name: string }[];
  /** The upload holds a shapes file. */
  readonly shapes: boolean;
  readonly people: PeoplePlan;
  readonly posts: PostsPlan;
  readonly grids: GridsPlan;
  readonly catalogue: CataloguePlan;
}

export function planDiff(parts: PlanParts): ImportPlan {
  const { addBoards, shapes } = parts;
  const { before: peopleBefore, people, origin: personOrigin, accountOrigin, sheet: peopleSheet, accountsSheet } = parts.people;
  const { before: postsBefore, posts, origin: postOrigin, sheet: postsSheet } = parts.posts;
  const { villagesBefore, villages, villageOrigin, villagesSheet, before: gridsBefore, grids, origin: gridOrigin, sheet: gridsSheet } = parts.grids;
  const { before: itemsBefore, items, origin: itemOrigin, sheet: itemsSheet } = parts.catalogue;
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

  if (villagesSheet || shapes) counts.villages = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
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

  if (gridsSheet || shapes) counts.grids = { added: 0, changed: 0, deactivated: 0, unchanged: 0 };
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
