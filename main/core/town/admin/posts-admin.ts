/**
 * Posts kept by hand (系统设置 → 岗位), with their A and B holders. A post is never without an A holder,
 * and its holders are active people, two of them; a post with open events dispatched to it is not
 * deactivated until they are dispatched elsewhere. The people who take or leave a post are sent
 * again (their `postIds` changed).
 */
import type { AddPostRequest, EditPostRequest, PostAdmin } from '../../../../preload/contract/town-admin-schemas';
import type { Sql } from '../../db/db';
import { refuse } from '../../errors';
import { newId, type Actor, type Tx } from '../../kernel';
import { permit } from '../../kernel/permissions';
import { postOf, type PostRow, type PostValues } from '../town.repository';
import { postAudit, type AdminContext, type TownSynced } from './admin-context';
import { postPayload, readPostPayload } from './town-sync';

type PostWrite = Required<PostValues>;

/** A post's row as the values every write of it takes. */
const postValues = (row: PostRow, changes: Pick<PostWrite, 'version' | 'hlc'> & Partial<PostWrite>): PostWrite => ({
  code: row.code,
  name: row.name,
  boardCode: row.board_code,
  kind: row.kind,
  phone: row.phone,
  aPersonId: row.a_person_id,
  bPersonId: row.b_person_id,
  active: row.active === 1,
  ...changes,
});

export class PostsAdmin {
  constructor(private readonly ctx: AdminContext) {}

  async posts(actor: Actor): Promise<PostAdmin[]> {
    permit(actor, 'manageTown');
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.posts(sql));
    return rows.map(postOf);
  }

  /** The A and B holders: known, active, not the same person. */
  private async checkHolders(sql: Sql, aPersonId: string, bPersonId: string | null): Promise<void> {
    for (const [which, id] of [
      ['A', aPersonId],
      ['B', bPersonId],
    ] as const) {
      if (id === null) continue;
      const p = await this.ctx.repo.person(sql, id);
      if (!p) refuse('unknown_person', `no person ${id}`, { which, id });
      if (p.active !== 1) refuse('holder_inactive', `${p.name} is deactivated and cannot hold a post`, { which, name: p.name });
    }
    if (aPersonId === bPersonId) refuse('holder_same', 'the A and B holders must be two people');
  }

  private async sendPost(tx: Tx, id: string, v: PostWrite): Promise<void> {
    await tx.outbox({ entity: 'post', entityId: id, kind: 'upsert', baseVersion: v.version - 1, payload: postPayload(v), hlc: v.hlc, at: tx.at });
  }

  async addPost(actor: Actor, req: AddPostRequest): Promise<{ postId: string }> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    ctx.checkBoard(req.boardCode);
    const result = await ctx.kernel.run({ name: 'post.add', actor, permission: 'manageTown' }, async (tx) => {
      const clash = await ctx.repo.postByCode(tx.sql, req.code);
      if (clash) refuse('duplicate_code', `a post with code ${req.code} exists`, { code: req.code });
      await this.checkHolders(tx.sql, req.aPersonId, req.bPersonId);
      const id = newId();
      const v: PostWrite = { ...req, active: true, version: 1, hlc: tx.hlc.now() };
      await ctx.repo.insertPost(tx.sql, { ...v, id });
      await this.sendPost(tx, id, v);
      for (const holder of [req.aPersonId, req.bPersonId]) if (holder) await ctx.restampPerson(tx, holder);
      await tx.audit('post.add', 'post', id, { after: postAudit((await ctx.repo.post(tx.sql, id))!) });
      return { postId: id };
    });
    await ctx.changed();
    return result;
  }

  async editPost(actor: Actor, req: EditPostRequest): Promise<void> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    ctx.checkBoard(req.boardCode);
    await ctx.kernel.run({ name: 'post.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await ctx.repo.post(tx.sql, req.postId);
      if (!before) refuse('not_found', `no post ${req.postId}`, { id: req.postId });
      const clash = await ctx.repo.postByCode(tx.sql, req.code);
      if (clash && clash.id !== req.postId) refuse('duplicate_code', `a post with code ${req.code} exists`, { code: req.code });
      await this.checkHolders(tx.sql, req.aPersonId, req.bPersonId);
      const { postId: _postId, ...fields } = req;
      const v: PostWrite = { ...fields, active: before.active === 1, version: before.version + 1, hlc: tx.hlc.now() };
      await ctx.repo.updatePost(tx.sql, req.postId, v);
      await this.sendPost(tx, req.postId, v);
      // The people who took or left the post: their `postIds` changed.
      const was = [before.a_person_id, before.b_person_id].filter((x): x is string => !!x);
      const now = [req.aPersonId, req.bPersonId].filter((x): x is string => !!x);
      const moved = [...new Set([...was.filter((x) => !now.includes(x)), ...now.filter((x) => !was.includes(x))])];
      for (const id of moved) await ctx.restampPerson(tx, id);
      await tx.audit('post.edit', 'post', req.postId, { before: postAudit(before), after: postAudit((await ctx.repo.post(tx.sql, req.postId))!) });
    });
    await ctx.changed();
  }

  async setPostActive(actor: Actor, postId: string, active: boolean): Promise<void> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    const name = active ? 'post.reactivate' : 'post.deactivate';
    await ctx.kernel.run({ name, actor, permission: 'manageTown' }, async (tx) => {
      const before = await ctx.repo.post(tx.sql, postId);
      if (!before) refuse('not_found', `no post ${postId}`, { id: postId });
      if ((before.active === 1) === active) refuse('already_decided', active ? 'this post is active' : 'this post is already deactivated');
      if (active) {
        // Back in use: with an active A holder, like any post.
        if (!before.a_person_id) refuse('unknown_person', 'the post has no A holder: set one first', { which: 'A', id: '' });
        await this.checkHolders(tx.sql, before.a_person_id, before.b_person_id && before.b_person_id !== before.a_person_id ? before.b_person_id : null);
      } else {
        const open = await ctx.repo.openEventsOn(tx.sql, postId);
        if (open > 0) refuse('post_has_open_events', `${open} open events are dispatched to the post: dispatch them elsewhere first`, { count: open, name: before.name });
      }
      const v = postValues(before, { active, version: before.version + 1, hlc: tx.hlc.now() });
      await ctx.repo.updatePost(tx.sql, postId, v);
      await this.sendPost(tx, postId, v);
      await tx.audit(name, 'post', postId, { before: { active: before.active === 1 }, after: { active }, code: before.code, name: before.name });
    });
    await ctx.changed();
  }

  /** A `post` upsert: the newest HLC wins. */
  async applyRemotePost(sql: Sql, id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | TownSynced> {
    const { ctx } = this;
    const p = readPostPayload(payload);
    const before = await ctx.repo.post(sql, id);
    if (before && before.hlc >= hlc) return false;
    const v: PostWrite = { ...p, version: (before?.version ?? 0) + 1, hlc };
    if (before) await ctx.repo.updatePost(sql, id, v);
    else await ctx.repo.insertPost(sql, { ...v, id });
    ctx.kernel.hlc.receive(hlc);
    const after = (await ctx.repo.post(sql, id))!;
    return { audit: { action: 'post.synced', entity: 'post', entityId: id, detail: { before: before ? postAudit(before) : null, after: postAudit(after), opAt: at } } };
  }
}
