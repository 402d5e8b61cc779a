/**
 * The import's plan, its posts: matched by 岗位编号; their A and B holders named by 人员编号, each an
 * active person (a post the sheet deactivates may name anyone), two people; a post of the town the
 * posts sheet leaves out is deactivated.
 */
import type { PostRow } from './sheet-specs';
import { POSTS_SHEET } from './sheet-specs';
import { postOf } from '../town.repository';
import type { PeoplePlan } from './plan-people';
import type { Origin, PostState, PlanScope } from './plan-scope';
import type { ReadSheet } from './workbook';

export interface PostsPlan {
  readonly before: ReadonlyMap<string, PostState>;
  /** Every post after the import, by id. */
  readonly posts: Map<string, PostState>;
  readonly byCode: ReadonlyMap<string, PostState>;
  readonly origin: ReadonlyMap<string, Origin>;
  readonly sheet: ReadSheet | undefined;
  describe(p: PostState): string;
  /** A post a cell names by code: must exist and stay active. */
  ref(o: Origin, key: string, code: string, what: string): PostState | null;
}

export function planPosts(scope: PlanScope, { byCode: personByCode, ref: personRef }: PeoplePlan): PostsPlan {
  const postsBefore = new Map<string, PostState>(scope.town.posts.map((p) => [p.id, { ...postOf(p), version: p.version }]));
  const posts = new Map<string, PostState>([...postsBefore].map(([id, p]) => [id, { ...p }]));
  const postByCode = new Map<string, PostState>([...posts.values()].map((p) => [p.code, p]));
  const postOrigin = new Map<string, Origin>();
  const postsSheet = scope.sheet(POSTS_SHEET.name);
  if (postsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of scope.unique<PostRow>(postsSheet, 'code', '岗位编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      const boardCode = scope.boardOf(o, 'board', v.board);
      let p = postByCode.get(v.code);
      if (!p) {
        p = { id: scope.ctx.newId(), code: v.code, name: '', boardCode: '', kind: 'board_post', phone: '', aPersonId: null, bPersonId: null, active: true, version: 0 };
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
          if (v.aCode && v.bCode === v.aCode) scope.at(o, 'bCode', `B岗与A岗是同一人（${v.bCode}）：B 岗要在 A 岗不在时顶岗，请换一人或空着。`, v.bCode);
        }
      }
    }
    for (const p of posts.values()) if (!inFile.has(p.code)) p.active = false;
  }
  const describePost = (p: PostState): string => `${p.code}（${p.name}）`;
  const postRef = (o: Origin, key: string, code: string, what: string): PostState | null => {
    const p = postByCode.get(code);
    if (!p) {
      scope.at(o, key, `${what}“${code}”不是岗位：岗位表中没有这个编号，本镇也没有这个岗位。`, code);
      return null;
    }
    if (!p.active) {
      scope.at(o, key, `${what} ${describePost(p)}已停用（或本次将停用）：请换成在用的岗位。`, code);
      return null;
    }
    return p;
  };
  return { before: postsBefore, posts, byCode: postByCode, origin: postOrigin, sheet: postsSheet, describe: describePost, ref: postRef };
}
