/**
 * The town kept by hand (系统设置 → 人员 / 岗位 / 网格): the administrator adds, edits, deactivates and
 * reactivates people (with their accounts: a new one gets a one-time password that must be changed at
 * the first sign-in), posts with their A and B holders, and grids with their shapes. Every change is
 * one kernel command: its audit row holds the record before and after (never a password), and its
 * outbox op sends the record to the district (PROTOCOL.md v1.1 `person`, `grid`; v1 `post`).
 *
 * The rules:
 *   - a post is never without an A holder, and its A holder is an active person: deactivating a
 *     person who is the A holder of an active post is refused until the post has another A;
 *   - deactivating keeps the person (their events, duty log and audit rows still show their name);
 *     a deactivated person cannot sign in and is never dispatched to;
 *   - the last active administrator is never deactivated or loses the role; nobody deactivates
 *     themselves;
 *   - a post with open events dispatched to it is not deactivated until they are dispatched elsewhere;
 *   - a grid's shape is a valid GeoJSON Polygon or MultiPolygon (geometry.ts).
 * The district's upserts of the same records are folded in by HLC (the newest wins, a later local
 * edit included) through the sinks below (registered in app-core.ts). The catalogue stays the
 * district's: nothing here edits it.
 */
import { createHash } from 'node:crypto';
import type { GridAdmin, GridDetail, PersonAdmin, PersonSaved, PostAdmin } from '../../../../preload/contract/town-admin-schemas';
import type { AddGridRequest, AddPersonRequest, AddPostRequest, EditGridRequest, EditPersonRequest, EditPostRequest } from '../../../../preload/contract/town-admin-schemas';
import type { Role } from '../../../../preload/contract/schemas';
import { AccountRepository, NO_ACCOUNT_PREFIX } from '../../auth/account.repository';
import type { Sql } from '../../db/db';
import { refuse } from '../../errors';
import type { ChangeFeed } from '../../feed';
import { newId, type Actor, type Tx } from '../../kernel';
import type { Kernel } from '../../kernel/command-runner';
import { permit } from '../../kernel/permissions';
import type { TownService } from '../town.service';
import { TownAdminRepository, type GridAdminRow, type GridValues, type PersonAdminRow, type PersonValues, type PostAdminRow, type PostValues } from './admin.repository';
import { checkGeometry, type GeometryFault } from './geometry';
import { gridEntityId, gridPayload, personPayload, postPayload, readGridPayload, readPersonPayload, readPostPayload } from './town-sync';

/** What a sync sink took, for the page's command to audit (sync's UpsertTaken, by shape: town does not import sync). */
export interface TownSynced {
  readonly audit: {
    readonly action: 'person.synced' | 'post.synced' | 'grid.synced';
    readonly entity: string;
    readonly entityId: string;
    readonly detail: Record<string, unknown>;
  };
}

/** What the admin pages ask of sign-in (AuthService satisfies it): a new account's password, a no-account hash. */
export interface AdminAccounts {
  newOneTimePassword(): Promise<{ password: string; hash: string }>;
  noAccountHash(): string;
}

const roles = (r: string): Role[] => r.split(',').filter(Boolean) as Role[];
const hasAccount = (username: string): boolean => !username.startsWith(NO_ACCOUNT_PREFIX);

/** A person as the audit keeps them (no password, no hash). */
function personAudit(r: PersonAdminRow): Record<string, unknown> {
  return { name: r.name, phone: r.phone, roles: roles(r.roles), boardCode: r.board_code, active: r.active === 1, username: hasAccount(r.username) ? r.username : null };
}

function postAudit(r: PostAdminRow): Record<string, unknown> {
  return { code: r.code, name: r.name, boardCode: r.board_code, kind: r.kind, phone: r.phone, aPersonId: r.a_person_id, bPersonId: r.b_person_id, active: r.active === 1 };
}

/** A shape as the audit and the lists name it: its type, its points, and a digest that tells two shapes apart. */
function shapeSummary(geometryJson: string): { type: string; points: number; sha256: string } | null {
  const g = JSON.parse(geometryJson) as { type?: string; coordinates?: unknown } | null;
  if (!g || typeof g.type !== 'string') return null;
  const count = (v: unknown): number => (Array.isArray(v) ? (typeof v[0] === 'number' ? 1 : v.reduce((n: number, x) => n + count(x), 0)) : 0);
  return { type: g.type, points: count(g.coordinates), sha256: createHash('sha256').update(geometryJson).digest('hex').slice(0, 16) };
}

function gridAudit(r: GridAdminRow): Record<string, unknown> {
  return {
    code: r.code,
    name: r.name,
    village: r.village,
    villageCode: r.village_code,
    households: r.households,
    gridWorkerId: r.grid_worker_id,
    shape: shapeSummary(r.geometry),
  };
}

function geometryRefusal(fault: GeometryFault): never {
  const params: Record<string, string | number> = { reason: fault.reason };
  for (const key of ['polygon', 'ring', 'point'] as const) if (fault[key] !== undefined) params[key] = fault[key];
  if (fault.type !== undefined) params.type = fault.type;
  refuse('invalid_geometry', `the shape is not a usable Polygon or MultiPolygon: ${fault.reason}`, params);
}

export class TownAdminService {
  private readonly repo = new TownAdminRepository();
  private readonly accountRepo = new AccountRepository();

  constructor(
    private readonly kernel: Kernel,
    private readonly town: TownService,
    private readonly accounts: AdminAccounts,
    private readonly feed: ChangeFeed,
  ) {}

  // ---- reads ------------------------------------------------------------------------------------

  async people(actor: Actor): Promise<PersonAdmin[]> {
    permit(actor, 'manageTown');
    const { people, posts } = await this.kernel.read(async (sql) => ({ people: await this.repo.people(sql), posts: await this.repo.posts(sql) }));
    return people.map((p) => ({
      id: p.id,
      name: p.name,
      phone: p.phone,
      roles: roles(p.roles),
      boardCode: p.board_code,
      active: p.active === 1,
      username: hasAccount(p.username) ? p.username : null,
      posts: posts
        .filter((x) => x.a_person_id === p.id || x.b_person_id === p.id)
        .map((x) => ({ postId: x.id, code: x.code, name: x.name, as: x.a_person_id === p.id ? ('A' as const) : ('B' as const), active: x.active === 1 })),
    }));
  }

  async posts(actor: Actor): Promise<PostAdmin[]> {
    permit(actor, 'manageTown');
    const rows = await this.kernel.read((sql) => this.repo.posts(sql));
    return rows.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      boardCode: p.board_code,
      kind: p.kind,
      phone: p.phone,
      aPersonId: p.a_person_id,
      bPersonId: p.b_person_id,
      active: p.active === 1,
    }));
  }

  private gridView(g: GridAdminRow): GridAdmin {
    const shape = shapeSummary(g.geometry);
    return {
      code: g.code,
      name: g.name,
      village: g.village,
      villageCode: g.village_code,
      households: g.households,
      gridWorkerId: g.grid_worker_id,
      shape: shape ? { type: shape.type, points: shape.points } : null,
    };
  }

  async grids(actor: Actor): Promise<GridAdmin[]> {
    permit(actor, 'manageTown');
    const rows = await this.kernel.read((sql) => this.repo.grids(sql));
    return rows.map((g) => this.gridView(g));
  }

  async grid(actor: Actor, code: string): Promise<GridDetail> {
    permit(actor, 'manageTown');
    const row = await this.kernel.read((sql) => this.repo.grid(sql, code));
    if (!row) refuse('not_found', `no grid ${code}`, { id: code });
    return { ...this.gridView(row), geometry: JSON.parse(row.geometry) as unknown };
  }

  // ---- people -----------------------------------------------------------------------------------

  private checkBoard(boardCode: string | null): void {
    if (boardCode !== null && !this.town.boards.some((b) => b.code === boardCode)) refuse('unknown_board', `no board ${boardCode}`, { code: boardCode });
  }

  private async usernameFree(sql: Sql, username: string, personId: string | null): Promise<void> {
    const holder = await this.repo.personByUsername(sql, username);
    if (holder && holder.id !== personId) refuse('username_taken', `the username ${username} is taken`, { username });
  }

  /** The person's upsert for the district, with the posts they hold now. */
  private async sendPerson(tx: Tx, id: string, v: PersonValues): Promise<void> {
    const held = await this.repo.postsHeldBy(tx.sql, id);
    await tx.outbox({
      entity: 'person',
      entityId: id,
      kind: 'upsert',
      baseVersion: v.version - 1,
      payload: personPayload({ ...v, postIds: held.map((p) => p.id) }),
      hlc: v.hlc,
      at: tx.at,
    });
  }

  /** A fresh stamp of a person row (after a change of the posts they hold: their `postIds`). */
  private async restampPerson(tx: Tx, id: string): Promise<void> {
    const row = await this.repo.person(tx.sql, id);
    if (!row) return;
    const v: PersonValues = {
      name: row.name,
      phone: row.phone,
      roles: roles(row.roles),
      boardCode: row.board_code,
      active: row.active === 1,
      version: row.version + 1,
      hlc: tx.hlc.now(),
    };
    await this.repo.updatePerson(tx.sql, id, v);
    await this.sendPerson(tx, id, v);
  }

  /** After a committed change: the town in memory follows, the pages re-read. */
  private async changed(accounts = false): Promise<void> {
    await this.town.reload();
    this.feed.emit({ topic: 'town' });
    if (accounts) this.feed.emit({ topic: 'accounts' });
  }

  async addPerson(actor: Actor, req: AddPersonRequest): Promise<PersonSaved> {
    permit(actor, 'manageTown');
    this.checkBoard(req.boardCode);
    if (req.username) await this.kernel.read((sql) => this.usernameFree(sql, req.username!, null));
    // The one-time password is never kept as the command's result: a repeat answers without it.
    const replay = await this.kernel.ranBefore('person.add');
    const account = req.username && !replay ? await this.accounts.newOneTimePassword() : null;
    const result = await this.kernel.run({ name: 'person.add', actor, permission: 'manageTown' }, async (tx) => {
      if (req.username) await this.usernameFree(tx.sql, req.username, null);
      const id = newId();
      const v: PersonValues = { name: req.name, phone: req.phone, roles: [...new Set(req.roles)], boardCode: req.boardCode, active: true, version: 1, hlc: tx.hlc.now() };
      const username = req.username ?? `${NO_ACCOUNT_PREFIX}${id}`;
      await this.repo.insertPerson(tx.sql, id, username, account?.hash ?? this.accounts.noAccountHash(), !!account, account ? tx.at : null, v);
      await this.sendPerson(tx, id, v);
      await tx.audit('person.add', 'person', id, { after: personAudit((await this.repo.person(tx.sql, id))!), account: account ? 'one_time_password' : null });
      return { personId: id };
    });
    await this.changed(!!req.username);
    return { personId: result.personId, oneTimePassword: account?.password ?? null };
  }

  async editPerson(actor: Actor, req: EditPersonRequest): Promise<PersonSaved> {
    permit(actor, 'manageTown');
    this.checkBoard(req.boardCode);
    const current = await this.kernel.read((sql) => this.repo.person(sql, req.personId));
    if (!current) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
    const newAccount = req.username !== undefined && !hasAccount(current.username);
    if (req.username !== undefined) await this.kernel.read((sql) => this.usernameFree(sql, req.username!, req.personId));
    const replay = await this.kernel.ranBefore('person.edit');
    const account = newAccount && !replay ? await this.accounts.newOneTimePassword() : null;
    await this.kernel.run({ name: 'person.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.person(tx.sql, req.personId);
      if (!before) refuse('not_found', `no person ${req.personId}`, { id: req.personId });
      const nextRoles = [...new Set(req.roles)];
      if (before.active === 1 && roles(before.roles).includes('admin') && !nextRoles.includes('admin')) {
        const admins = await this.repo.activeAdmins(tx.sql);
        if (admins.length <= 1) refuse('last_admin', 'the last active administrator keeps the role', { name: before.name });
      }
      if (req.username !== undefined && req.username !== before.username) {
        await this.usernameFree(tx.sql, req.username, req.personId);
        await this.repo.setUsername(tx.sql, req.personId, req.username);
        // A new account: the one-time password as an administrator's reset sets it (must be changed first).
        if (account) await this.accountRepo.setPassword(tx.sql, req.personId, account.hash, true, tx.at);
      }
      const v: PersonValues = {
        name: req.name,
        phone: req.phone,
        roles: nextRoles,
        boardCode: req.boardCode,
        active: before.active === 1,
        version: before.version + 1,
        hlc: tx.hlc.now(),
      };
      await this.repo.updatePerson(tx.sql, req.personId, v);
      await this.sendPerson(tx, req.personId, v);
      const after = (await this.repo.person(tx.sql, req.personId))!;
      await tx.audit('person.edit', 'person', req.personId, { before: personAudit(before), after: personAudit(after), account: account ? 'one_time_password' : null });
    });
    await this.changed(req.username !== undefined);
    return { personId: req.personId, oneTimePassword: account?.password ?? null };
  }

  async setPersonActive(actor: Actor, personId: string, active: boolean): Promise<void> {
    permit(actor, 'manageTown');
    if (!active && personId === actor.id) refuse('self_deactivate', 'nobody deactivates themselves');
    const name = active ? 'person.reactivate' : 'person.deactivate';
    await this.kernel.run({ name, actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.person(tx.sql, personId);
      if (!before) refuse('not_found', `no person ${personId}`, { id: personId });
      if ((before.active === 1) === active) refuse('already_decided', active ? 'this person is active' : 'this person is already deactivated');
      if (!active) {
        if (roles(before.roles).includes('admin') && (await this.repo.activeAdmins(tx.sql)).length <= 1) {
          refuse('last_admin', 'the last active administrator is never deactivated', { name: before.name });
        }
        // A post is never without its A holder: another A first.
        const holding = (await this.repo.postsHeldBy(tx.sql, personId)).filter((p) => p.active === 1 && p.a_person_id === personId);
        if (holding.length > 0) {
          refuse('post_needs_a', `${before.name} is the A holder of ${holding.map((p) => p.code).join(', ')}: give those posts another A first`, {
            name: before.name,
            posts: holding.map((p) => p.name).join('、'),
            count: holding.length,
          });
        }
      }
      const v: PersonValues = {
        name: before.name,
        phone: before.phone,
        roles: roles(before.roles),
        boardCode: before.board_code,
        active,
        version: before.version + 1,
        hlc: tx.hlc.now(),
      };
      await this.repo.updatePerson(tx.sql, personId, v);
      await this.sendPerson(tx, personId, v);
      await tx.audit(name, 'person', personId, { before: { active: before.active === 1 }, after: { active }, name: before.name });
    });
    await this.changed(true);
  }

  // ---- posts ------------------------------------------------------------------------------------

  /** The A and B holders: known, active, not the same person. */
  private async checkHolders(sql: Sql, aPersonId: string, bPersonId: string | null): Promise<void> {
    for (const [which, id] of [
      ['A', aPersonId],
      ['B', bPersonId],
    ] as const) {
      if (id === null) continue;
      const p = await this.repo.person(sql, id);
      if (!p) refuse('unknown_person', `no person ${id}`, { which, id });
      if (p.active !== 1) refuse('holder_inactive', `${p.name} is deactivated and cannot hold a post`, { which, name: p.name });
    }
    if (aPersonId === bPersonId) refuse('holder_same', 'the A and B holders must be two people');
  }

  private async sendPost(tx: Tx, id: string, v: PostValues): Promise<void> {
    await tx.outbox({ entity: 'post', entityId: id, kind: 'upsert', baseVersion: v.version - 1, payload: postPayload(v), hlc: v.hlc, at: tx.at });
  }

  async addPost(actor: Actor, req: AddPostRequest): Promise<{ postId: string }> {
    permit(actor, 'manageTown');
    this.checkBoard(req.boardCode);
    const result = await this.kernel.run({ name: 'post.add', actor, permission: 'manageTown' }, async (tx) => {
      const clash = await this.repo.postByCode(tx.sql, req.code);
      if (clash) refuse('duplicate_code', `a post with code ${req.code} exists`, { code: req.code });
      await this.checkHolders(tx.sql, req.aPersonId, req.bPersonId);
      const id = newId();
      const v: PostValues = { ...req, active: true, version: 1, hlc: tx.hlc.now() };
      await this.repo.insertPost(tx.sql, id, v);
      await this.sendPost(tx, id, v);
      for (const holder of [req.aPersonId, req.bPersonId]) if (holder) await this.restampPerson(tx, holder);
      await tx.audit('post.add', 'post', id, { after: postAudit((await this.repo.post(tx.sql, id))!) });
      return { postId: id };
    });
    await this.changed();
    return result;
  }

  async editPost(actor: Actor, req: EditPostRequest): Promise<void> {
    permit(actor, 'manageTown');
    this.checkBoard(req.boardCode);
    await this.kernel.run({ name: 'post.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.post(tx.sql, req.postId);
      if (!before) refuse('not_found', `no post ${req.postId}`, { id: req.postId });
      const clash = await this.repo.postByCode(tx.sql, req.code);
      if (clash && clash.id !== req.postId) refuse('duplicate_code', `a post with code ${req.code} exists`, { code: req.code });
      await this.checkHolders(tx.sql, req.aPersonId, req.bPersonId);
      const { postId: _postId, ...fields } = req;
      const v: PostValues = { ...fields, active: before.active === 1, version: before.version + 1, hlc: tx.hlc.now() };
      await this.repo.updatePost(tx.sql, req.postId, v);
      await this.sendPost(tx, req.postId, v);
      // The people who took or left the post: their `postIds` changed.
      const was = [before.a_person_id, before.b_person_id].filter((x): x is string => !!x);
      const now = [req.aPersonId, req.bPersonId].filter((x): x is string => !!x);
      const moved = [...new Set([...was.filter((x) => !now.includes(x)), ...now.filter((x) => !was.includes(x))])];
      for (const id of moved) await this.restampPerson(tx, id);
      await tx.audit('post.edit', 'post', req.postId, { before: postAudit(before), after: postAudit((await this.repo.post(tx.sql, req.postId))!) });
    });
    await this.changed();
  }

  async setPostActive(actor: Actor, postId: string, active: boolean): Promise<void> {
    permit(actor, 'manageTown');
    const name = active ? 'post.reactivate' : 'post.deactivate';
    await this.kernel.run({ name, actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.post(tx.sql, postId);
      if (!before) refuse('not_found', `no post ${postId}`, { id: postId });
      if ((before.active === 1) === active) refuse('already_decided', active ? 'this post is active' : 'this post is already deactivated');
      if (active) {
        // Back in use: with an active A holder, like any post.
        if (!before.a_person_id) refuse('unknown_person', 'the post has no A holder: set one first', { which: 'A', id: '' });
        await this.checkHolders(tx.sql, before.a_person_id, before.b_person_id && before.b_person_id !== before.a_person_id ? before.b_person_id : null);
      } else {
        const open = await this.repo.openEventsOn(tx.sql, postId);
        if (open > 0) refuse('post_has_open_events', `${open} open events are dispatched to the post: dispatch them elsewhere first`, { count: open, name: before.name });
      }
      const v: PostValues = {
        code: before.code,
        name: before.name,
        boardCode: before.board_code,
        kind: before.kind,
        phone: before.phone,
        aPersonId: before.a_person_id,
        bPersonId: before.b_person_id,
        active,
        version: before.version + 1,
        hlc: tx.hlc.now(),
      };
      await this.repo.updatePost(tx.sql, postId, v);
      await this.sendPost(tx, postId, v);
      await tx.audit(name, 'post', postId, { before: { active: before.active === 1 }, after: { active }, code: before.code, name: before.name });
    });
    await this.changed();
  }

  // ---- grids ------------------------------------------------------------------------------------

  private async checkGridWorker(sql: Sql, id: string | null): Promise<void> {
    if (id === null) return;
    const p = await this.repo.person(sql, id);
    if (!p) refuse('unknown_person', `no person ${id}`, { which: 'gridWorker', id });
    if (p.active !== 1) refuse('holder_inactive', `${p.name} is deactivated`, { which: 'gridWorker', name: p.name });
  }

  private async sendGrid(tx: Tx, code: string, v: GridValues): Promise<void> {
    await tx.outbox({
      entity: 'grid',
      entityId: gridEntityId(code),
      kind: 'upsert',
      baseVersion: v.version - 1,
      payload: gridPayload({ ...v, code, geometry: JSON.parse(v.geometry) as unknown }),
      hlc: v.hlc,
      at: tx.at,
    });
  }

  private shape(text: string): string {
    const checked = checkGeometry(text);
    if (!checked.ok) geometryRefusal(checked.fault);
    return JSON.stringify(checked.geometry);
  }

  async addGrid(actor: Actor, req: AddGridRequest): Promise<void> {
    permit(actor, 'manageTown');
    const geometry = this.shape(req.geometry);
    await this.kernel.run({ name: 'grid.add', actor, permission: 'manageTown' }, async (tx) => {
      const clash = await this.repo.gridCodeLike(tx.sql, req.code);
      if (clash) refuse('duplicate_code', `a grid with code ${req.code} exists`, { code: req.code });
      await this.checkGridWorker(tx.sql, req.gridWorkerId);
      const v: GridValues = { ...req, geometry, version: 1, hlc: tx.hlc.now() };
      await this.repo.insertGrid(tx.sql, req.code, v);
      await this.sendGrid(tx, req.code, v);
      await tx.audit('grid.add', 'grid', req.code, { after: gridAudit((await this.repo.grid(tx.sql, req.code))!) });
    });
    await this.changed();
  }

  async editGrid(actor: Actor, req: EditGridRequest): Promise<void> {
    permit(actor, 'manageTown');
    const geometry = req.geometry === undefined ? undefined : this.shape(req.geometry);
    await this.kernel.run({ name: 'grid.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.grid(tx.sql, req.code);
      if (!before) refuse('not_found', `no grid ${req.code}`, { id: req.code });
      // A worker kept as they were may have been deactivated since; a new one must be active.
      if (req.gridWorkerId !== before.grid_worker_id) await this.checkGridWorker(tx.sql, req.gridWorkerId);
      const v: GridValues = { ...req, geometry: geometry ?? before.geometry, version: before.version + 1, hlc: tx.hlc.now() };
      await this.repo.updateGrid(tx.sql, req.code, v);
      await this.sendGrid(tx, req.code, v);
      await tx.audit('grid.edit', 'grid', req.code, { before: gridAudit(before), after: gridAudit((await this.repo.grid(tx.sql, req.code))!) });
    });
    await this.changed();
  }

  // ---- the district's upserts (sync sinks, inside the page's transaction) ------------------------

  /** A `person` upsert: the newest HLC wins; a new person has no account here (credentials never travel). */
  async applyRemotePerson(sql: Sql, id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | TownSynced> {
    const p = readPersonPayload(payload);
    const before = await this.repo.person(sql, id);
    if (before && before.hlc >= hlc) return false;
    const v: PersonValues = { ...p, version: (before?.version ?? 0) + 1, hlc };
    if (before) await this.repo.updatePerson(sql, id, v);
    else await this.repo.insertPerson(sql, id, `${NO_ACCOUNT_PREFIX}${id}`, this.accounts.noAccountHash(), false, null, v);
    this.kernel.hlc.receive(hlc);
    const after = (await this.repo.person(sql, id))!;
    return { audit: { action: 'person.synced', entity: 'person', entityId: id, detail: { before: before ? personAudit(before) : null, after: personAudit(after), opAt: at } } };
  }

  /** A `post` upsert: the newest HLC wins. */
  async applyRemotePost(sql: Sql, id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | TownSynced> {
    const p = readPostPayload(payload);
    const before = await this.repo.post(sql, id);
    if (before && before.hlc >= hlc) return false;
    const v: PostValues = { ...p, version: (before?.version ?? 0) + 1, hlc };
    if (before) await this.repo.updatePost(sql, id, v);
    else await this.repo.insertPost(sql, id, v);
    this.kernel.hlc.receive(hlc);
    const after = (await this.repo.post(sql, id))!;
    return { audit: { action: 'post.synced', entity: 'post', entityId: id, detail: { before: before ? postAudit(before) : null, after: postAudit(after), opAt: at } } };
  }

  /** A `grid` upsert, by its code: the newest HLC wins; without a shape, the one here is kept. */
  async applyRemoteGrid(sql: Sql, _id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | TownSynced> {
    const g = readGridPayload(payload);
    const before = await this.repo.grid(sql, g.code);
    if (before && before.hlc >= hlc) return false;
    const v: GridValues = {
      name: g.name,
      village: g.village ?? before?.village ?? '',
      villageCode: g.villageCode,
      households: g.households ?? before?.households ?? 0,
      gridWorkerId: g.gridWorkerId === undefined ? (before?.grid_worker_id ?? null) : g.gridWorkerId,
      geometry: g.geometry === undefined ? (before?.geometry ?? 'null') : JSON.stringify(g.geometry),
      version: (before?.version ?? 0) + 1,
      hlc,
    };
    if (before) await this.repo.updateGrid(sql, g.code, v);
    else await this.repo.insertGrid(sql, g.code, v);
    this.kernel.hlc.receive(hlc);
    const after = (await this.repo.grid(sql, g.code))!;
    return { audit: { action: 'grid.synced', entity: 'grid', entityId: g.code, detail: { before: before ? gridAudit(before) : null, after: gridAudit(after), opAt: at } } };
  }

  /** After a sync page that brought any of them. */
  remoteChanged(): Promise<void> {
    return this.changed(true);
  }
}
