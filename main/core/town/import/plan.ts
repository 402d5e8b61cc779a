/**
 * What an import would do to the town: the town after it (every person, account, post, village,
 * grid and catalogue item), checked as a whole — every reference resolves to an active record, every
 * post keeps an A holder, codes and usernames are unique, the administrator importing does not lock
 * themself out — and compared with the town now: what is added, changed and deactivated. A part of
 * the town that the upload does not hold is left as it is; a record of a part it holds that is not in
 * the file is deactivated (kept, with its history). Matching is by code, so a re-import updates and
 * never duplicates. People without a code (made by hand or by the set-up) are never touched.
 *
 * The parts, in order (each may name the records of those before it): people and accounts
 * (plan-people.ts), posts (plan-posts.ts), villages and grids (plan-grids.ts), the catalogue
 * (plan-catalogue.ts); then, here, what the upload changes for records it does not hold; then the
 * differences (plan-diff.ts).
 */
import { planCatalogue } from './plan-catalogue';
import { planDiff } from './plan-diff';
import { planGrids } from './plan-grids';
import { planPeople } from './plan-people';
import { planPosts } from './plan-posts';
import { hasAccount, PlanScope, type ImportPlan, type PersonState, type PlanContext, type PostState } from './plan-scope';
import type { ParsedUpload } from './parse';
import type { TownNow } from './snapshot';

export { itemRow } from './plan-catalogue';
export { noAccount, STANDARD_BOARDS, type ImportPlan, type ImportWrites, type PlanContext } from './plan-scope';

/** Builds the plan and adds every fault it finds to `parsed.faults`. */
export function planImport(parsed: ParsedUpload, town: TownNow, ctx: PlanContext): ImportPlan {
  const scope = new PlanScope(parsed, town, ctx);
  const peoplePlan = planPeople(scope);
  const postsPlan = planPosts(scope, peoplePlan);
  const gridsPlan = planGrids(scope, peoplePlan);
  const cataloguePlan = planCatalogue(scope, postsPlan);
  const { before: peopleBefore, people, origin: personOrigin, accountOrigin, sheet: peopleSheet, accountsSheet, describe } = peoplePlan;
  const { posts, origin: postOrigin, sheet: postsSheet, describe: describePost } = postsPlan;
  const { villages, villageOrigin, villagesSheet, grids, origin: gridOrigin } = gridsPlan;
  const { items, origin: itemOrigin } = cataloguePlan;

  /** A person the upload deactivates, said where it does so: their row (是否启用 = 否), else the people sheet. */
  const becauseOfPerson = (p: PersonState, reason: string): void => {
    const o = personOrigin.get(p.id);
    if (o) scope.at(o, 'active', reason);
    else if (peopleSheet) scope.sheetFault(peopleSheet, `人员 ${describe(p)}不在表中，将被停用；${reason}`, p.code);
  };
  const becauseOfPost = (p: PostState, reason: string): void => {
    const o = postOrigin.get(p.id);
    if (o) scope.at(o, 'active', reason);
    else if (postsSheet) scope.sheetFault(postsSheet, `岗位 ${describePost(p)}不在表中，将被停用；${reason}`, p.code);
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
      if (o) scope.at(o, 'active', reason);
      else if (villagesSheet) scope.sheetFault(villagesSheet, `村社区 ${v.code}（${v.name}）不在表中，将被停用；${reason}`, v.code);
    }
    const w = g.workerId ? people.get(g.workerId) : undefined;
    if (w && !w.active) becauseOfPerson(w, `但他是网格 ${g.code}（${g.name}）的网格员：请在网格表中先换人，或保留此人。`);
  }
  // The administrator importing keeps their place, their account and the admin role.
  const me = people.get(scope.ctx.actorId);
  if (me && peopleBefore.get(me.id)) {
    const mine = personOrigin.get(me.id);
    if (!me.active) becauseOfPerson(me, '这是正在导入的管理员本人：导入后将无法登录。请在表中保留您本人并设为“是”。');
    else if (!me.roles.includes('admin') && mine) scope.at(mine, 'roles', '这是正在导入的管理员本人：去掉“管理员”角色后将无法再管理本镇数据。请保留“管理员”。');
    else if (!hasAccount(me.username) && accountsSheet) {
      const o = accountOrigin.get(me.id);
      if (o) scope.at(o, 'active', '这是正在导入的管理员本人的账号：停用后将无法登录。');
      else scope.sheetFault(accountsSheet, `账号表中没有正在导入的管理员本人（${describe(me)}），导入会停用这个账号：请在账号表中保留它。`);
    }
  }

  return planDiff({ addBoards: scope.addBoards, shapes: !!parsed.shapes, people: peoplePlan, posts: postsPlan, grids: gridsPlan, catalogue: cataloguePlan });
}
