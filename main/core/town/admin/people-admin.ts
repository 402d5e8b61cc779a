/**
 * People kept by hand (系统设置 → 人员), with their accounts: a new account gets a one-time password
 * that must be changed at the first sign-in. Deactivating keeps the person (their events, duty log and
 * audit rows still show their name); a deactivated person cannot sign in and is never dispatched to. A
 * post is never without its A holder, so its A is deactivated only once the post has another; the
 * last active administrator is never deactivated or loses the role; nobody deactivates themselves.
 */
import type { PersonAdmin, PersonSaved, AddPersonRequest, EditPersonRequest } from '../../../../preload/contract/town-admin-schemas';
import { NO_ACCOUNT_PREFIX } from '../../auth/account.repository';
import { AccountRepository } from '../../auth/account.repository';
import type { Sql } from '../../db/db';
import { refuse } from '../../errors';
import { newId, type Actor } from '../../kernel';
import { permit } from '../../kernel/permissions';
import { personOf, type PersonValues } from '../town.repository';
import { hasAccount, personAudit, personValues, roles, type AdminContext, type TownSynced } from './admin-context';
import { readPersonPayload } from './town-sync';

export class PeopleAdmin {
  private readonly accountRepo = new AccountRepository();

  constructor(private readonly ctx: AdminContext) {}

  async people(actor: Actor): Promise<PersonAdmin[]> {
    permit(actor, 'manageTown');
    const { repo } = this.ctx;
    const { people, posts } = await this.ctx.kernel.read(async (sql) => ({ people: await repo.people(sql, 'name'), posts: await repo.posts(sql) }));
    return people.map((p) => ({
      ...personOf(p),
      username: hasAccount(p.username) ? p.username : null,
      posts: posts
        .filter((x) => x.a_person_id === p.id || x.b_person_id === p.id)
        .map((x) => ({ postId: x.id, code: x.code, name: x.name, as: x.a_person_id === p.id ? ('A' as const) : ('B' as const), active: x.active === 1 })),
    }));
  }

  private async usernameFree(sql: Sql, username: string, personId: string | null): Promise<void> {
    const holder = await this.ctx.repo.personByUsername(sql, username);
    if (holder && holder.id !== personId) refuse('username_taken', `the username ${username} is taken`, { username });
  }

  async addPerson(actor: Actor, req: AddPersonRequest): Promise<PersonSaved> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    ctx.checkBoard(req.boardCode);
    if (req.username) await ctx.kernel.read((sql) => this.usernameFree(sql, req.username!, null));
    // The one-time password is never kept as the command's result: a repeat answers without it.
    const replay = await ctx.kernel.ranBefore('person.add');
    const account = req.username && !replay ? await ctx.accounts.newOneTimePassword() : null;
    const result = await ctx.kernel.run({ name: 'person.add', actor, permission: 'manageTown' }, async (tx) => {
      if (req.username) await this.usernameFree(tx.sql, req.username, null);
      const id = newId();
      const v: PersonValues = { name: req.name, phone: req.phone, roles: [...new Set(req.roles)], boardCode: req.boardCode, active: true, version: 1, hlc: tx.hlc.now() };
      await ctx.repo.insertPerson(tx.sql, {
        ...v,
        id,
        username: req.username ?? `${NO_ACCOUNT_PREFIX}${id}`,
        passwordHash: account?.hash ?? ctx.accounts.noAccountHash(),
        mustChangePassword: !!account,
        passwordChangedAt: account ? tx.at : null,
      });
      await ctx.sendPerson(tx, id, v);
      await tx.audit('person.add', 'person', id, { after: personAudit((await ctx.repo.person(tx.sql, id))!), account: account ? 'one_time_password' : null });
      return { personId: id };
    });
    await ctx.changed(!!req.username);
    return { personId: result.personId, oneTimePassword: account?.password ?? null };
  }

  async editPerson(actor: Actor, req: EditPersonRequest): Promise<PersonSaved> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    ctx.checkBoard(req.boardCode);
    const current = await ctx.kernel.read((sql) => ctx.repo.person(sql, req.personId));
    if (!current) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
    const newAccount = req.username !== undefined && !hasAccount(current.username);
    if (req.username !== undefined) await ctx.kernel.read((sql) => this.usernameFree(sql, req.username!, req.personId));
    const replay = await ctx.kernel.ranBefore('person.edit');
    const account = newAccount && !replay ? await ctx.accounts.newOneTimePassword() : null;
    await ctx.kernel.run({ name: 'person.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await ctx.repo.person(tx.sql, req.personId);
      if (!before) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
      const nextRoles = [...new Set(req.roles)];
      if (before.active === 1 && roles(before.roles).includes('admin') && !nextRoles.includes('admin')) {
        const admins = await ctx.repo.activeAdmins(tx.sql);
        if (admins.length <= 1) refuse('last_admin', 'the last active administrator keeps the role', { name: before.name });
      }
      if (req.username !== undefined && req.username !== before.username) {
        await this.usernameFree(tx.sql, req.username, req.personId);
        await ctx.repo.setUsername(tx.sql, req.personId, req.username);
        // A new account: the one-time password as an administrator's reset sets it (must be changed first).
        if (account) await this.accountRepo.setPassword(tx.sql, req.personId, account.hash, true, tx.at);
      }
      const v = personValues(before, { name: req.name, phone: req.phone, roles: nextRoles, boardCode: req.boardCode, version: before.version + 1, hlc: tx.hlc.now() });
      await ctx.repo.updatePerson(tx.sql, req.personId, v);
      await ctx.sendPerson(tx, req.personId, v);
      const after = (await ctx.repo.person(tx.sql, req.personId))!;
      await tx.audit('person.edit', 'person', req.personId, { before: personAudit(before), after: personAudit(after), account: account ? 'one_time_password' : null });
    });
    await ctx.changed(req.username !== undefined);
    return { personId: req.personId, oneTimePassword: account?.password ?? null };
  }

  async setPersonActive(actor: Actor, personId: string, active: boolean): Promise<void> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    if (!active && personId === actor.id) refuse('self_deactivate', 'nobody deactivates themselves');
    const name = active ? 'person.reactivate' : 'person.deactivate';
    await ctx.kernel.run({ name, actor, permission: 'manageTown' }, async (tx) => {
      const before = await ctx.repo.person(tx.sql, personId);
      if (!before) refuse('not_found', `no person ${personId}`, { id: personId });
      if ((before.active === 1) === active) refuse('already_decided', active ? 'this person is active' : 'this person is already deactivated');
      if (!active) {
        if (roles(before.roles).includes('admin') && (await ctx.repo.activeAdmins(tx.sql)).length <= 1) {
          refuse('last_admin', 'the last active administrator is never deactivated', { name: before.name });
        }
        // A post is never without its A holder: another A first.
        const holding = (await ctx.repo.postsHeldBy(tx.sql, personId)).filter((p) => p.active === 1 && p.a_person_id === personId);
        if (holding.length > 0) {
          refuse('post_needs_a', `${before.name} is the A holder of ${holding.map((p) => p.code).join(', ')}: give those posts another A first`, {
            name: before.name,
            posts: holding.map((p) => p.name).join('、'),
            count: holding.length,
          });
        }
      }
      const v = personValues(before, { active, version: before.version + 1, hlc: tx.hlc.now() });
      await ctx.repo.updatePerson(tx.sql, personId, v);
      await ctx.sendPerson(tx, personId, v);
      await tx.audit(name, 'person', personId, { before: { active: before.active === 1 }, after: { active }, name: before.name });
    });
    await ctx.changed(true);
  }

  /** A `person` upsert: the newest HLC wins; a new person has no account here (credentials never travel). */
  async applyRemotePerson(sql: Sql, id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | TownSynced> {
    const { ctx } = this;
    const p = readPersonPayload(payload);
    const before = await ctx.repo.person(sql, id);
    if (before && before.hlc >= hlc) return false;
    const v: PersonValues = { ...p, version: (before?.version ?? 0) + 1, hlc };
    if (before) await ctx.repo.updatePerson(sql, id, v);
    else await ctx.repo.insertPerson(sql, { ...v, id, username: `${NO_ACCOUNT_PREFIX}${id}`, passwordHash: ctx.accounts.noAccountHash() });
    ctx.kernel.hlc.receive(hlc);
    const after = (await ctx.repo.person(sql, id))!;
    return { audit: { action: 'person.synced', entity: 'person', entityId: id, detail: { before: before ? personAudit(before) : null, after: personAudit(after), opAt: at } } };
  }
}
