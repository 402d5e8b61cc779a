/**
 * The town kept by hand (main/core/town/admin), on a town of its own (东湖街道, set up in the test; no
 * demo data): every command through the kernel with its audit row (before and after) and its outbox
 * op for the district; the refusals (a post without an A holder, an inactive holder, a bad shape, a
 * non-administrator); deactivating keeps a person's history; credentials never leave the console.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { gridEntityId } from '../../main/core/town/admin/town-sync';
import { refusedWith } from '../support/refused';
import { asDoor, ownTown, square } from './own-town';

let dir: string;
let core: Core;
let admin: Actor;
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-town-admin-'));
  ({ core, admin } = await ownTown(dir, clock));
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const audits = (action?: string) =>
  core.db.read((sql) =>
    sql.all<{ actor_id: string; action: string; entity: string; entity_id: string; detail: string }>(
      `SELECT actor_id, action, entity, entity_id, detail FROM audit_log ${action ? 'WHERE action = ?' : ''} ORDER BY id`,
      action ? [action] : [],
    ),
  );
const outbox = (entity?: string) =>
  core.db.read((sql) =>
    sql.all<{ entity: string; entity_id: string; kind: string; payload: string; base_version: number | null }>(
      `SELECT entity, entity_id, kind, payload, base_version FROM outbox ${entity ? 'WHERE entity = ?' : ''} ORDER BY seq`,
      entity ? [entity] : [],
    ),
  );

async function addPerson(
  name: string,
  extra: Partial<{ roles: ('officer' | 'leader' | 'board_staff' | 'admin')[]; username: string | null; boardCode: string | null; phone: string }> = {},
) {
  return core.townAdmin.addPerson(admin, {
    name,
    phone: extra.phone ?? '13800000000',
    roles: extra.roles ?? ['board_staff'],
    boardCode: extra.boardCode ?? 'livelihood',
    username: extra.username ?? null,
  });
}

async function addPost(code: string, aPersonId: string, bPersonId: string | null = null) {
  return core.townAdmin.addPost(admin, { code, name: `${code}岗`, boardCode: 'livelihood', kind: 'board_post', phone: '027-88880000', aPersonId, bPersonId });
}

describe('people', () => {
  it('adds a person with an account: a one-time password that must be changed first; audited; sent without credentials', async () => {
    const saved = await addPerson('吴晓燕', { username: 'wuxiaoyan', roles: ['officer'] });
    expect(saved.oneTimePassword).toMatch(/^[\w-]{12,}$/);
    // The town in memory follows at once.
    expect(core.town.people.get(saved.personId)).toMatchObject({ name: '吴晓燕', roles: ['officer'], active: true, boardCode: 'livelihood', username: 'wuxiaoyan' });
    // The one-time password signs in, and must be replaced first.
    const signedIn = await core.auth.login('wuxiaoyan', saved.oneTimePassword!);
    expect(signedIn.mustChangePassword).toBe(true);

    const [row] = await audits('person.add');
    expect(row).toMatchObject({ actor_id: admin.id, entity: 'person', entity_id: saved.personId });
    expect(JSON.parse(row!.detail)).toMatchObject({ after: { name: '吴晓燕', roles: ['officer'], username: 'wuxiaoyan', active: true }, account: 'one_time_password' });

    const [op] = await outbox('person');
    expect(op).toMatchObject({ entity: 'person', entity_id: saved.personId, kind: 'upsert', base_version: 0 });
    const payload = JSON.parse(op!.payload) as Record<string, unknown>;
    expect(payload).toEqual({ name: '吴晓燕', roles: ['officer'], active: true, phone: '13800000000', board: 'livelihood', postIds: [] });
    // No password, hash or username ever goes to the district, nor into the audit.
    const everything = JSON.stringify([await outbox(), await audits()]);
    expect(everything).not.toContain(saved.oneTimePassword!);
    expect(everything).not.toMatch(/scrypt\$|password_hash|passwordHash/);
    expect(Object.keys(payload).sort()).toEqual(['active', 'board', 'name', 'phone', 'postIds', 'roles']);
  });

  it('a person without an account cannot sign in and is not listed among the accounts; editing in a username gives them one', async () => {
    const saved = await addPerson('郑海波');
    expect(saved.oneTimePassword).toBeNull();
    const listed = (await core.townAdmin.people(admin)).find((p) => p.id === saved.personId)!;
    expect(listed.username).toBeNull();
    expect((await core.auth.accounts(admin)).map((a) => a.id)).not.toContain(saved.personId);

    const edited = await core.townAdmin.editPerson(admin, {
      personId: saved.personId,
      name: '郑海波',
      phone: '13900000001',
      roles: ['board_staff'],
      boardCode: 'safety',
      username: 'zhenghaibo',
    });
    expect(edited.oneTimePassword).toMatch(/^[\w-]{12,}$/);
    expect((await core.auth.login('zhenghaibo', edited.oneTimePassword!)).mustChangePassword).toBe(true);
    const [row] = await audits('person.edit');
    expect(JSON.parse(row!.detail)).toMatchObject({
      before: { phone: '13800000000', boardCode: 'livelihood', username: null },
      after: { phone: '13900000001', boardCode: 'safety', username: 'zhenghaibo' },
      account: 'one_time_password',
    });
    expect(row!.detail).not.toContain(edited.oneTimePassword!);
  });

  it('refuses a username that is taken, a board that does not exist, and the last administrator losing the role', async () => {
    await refusedWith(addPerson('重名', { username: 'ZhouMin' }), 'username_taken');
    await refusedWith(addPerson('无板块', { boardCode: 'nope' }), 'unknown_board');
    await refusedWith(core.townAdmin.editPerson(admin, { personId: admin.id, name: '周敏', phone: '', roles: ['leader'], boardCode: null }), 'last_admin');
    await refusedWith(core.townAdmin.setPersonActive(admin, admin.id, false), 'self_deactivate');
    // A second administrator: the first may now be demoted by them.
    const second = await addPerson('孙立', { roles: ['admin'], username: 'sunli' });
    const other: Actor = { id: second.personId, roles: ['admin'] };
    await core.townAdmin.editPerson(other, { personId: admin.id, name: '周敏', phone: '', roles: ['leader'], boardCode: null });
    await refusedWith(core.townAdmin.setPersonActive(other, other.id, false), 'self_deactivate');
  });
});

describe('posts and their A holder', () => {
  it('a post needs an active A holder, and two different people for A and B', async () => {
    const a = await addPerson('陈立新');
    const b = await addPerson('黄丽');
    await refusedWith(addPost('MS-01', a.personId, a.personId), 'holder_same');
    await refusedWith(addPost('MS-01', 'no-such-person'), 'unknown_person');
    await core.townAdmin.setPersonActive(admin, b.personId, false);
    const inactive = await refusedWith(addPost('MS-01', b.personId), 'holder_inactive');
    expect(inactive.params).toMatchObject({ which: 'A', name: '黄丽' });
    await refusedWith(addPost('MS-01', a.personId, b.personId), 'holder_inactive');

    const { postId } = await addPost('MS-01', a.personId);
    expect(core.town.posts.get(postId)).toMatchObject({ code: 'MS-01', aPersonId: a.personId, bPersonId: null, active: true });
    await refusedWith(addPost('ms-01', a.personId), 'duplicate_code');
    const [op] = await outbox('post');
    expect(JSON.parse(op!.payload)).toEqual({
      code: 'MS-01',
      name: 'MS-01岗',
      boardCode: 'livelihood',
      kind: 'board_post',
      phone: '027-88880000',
      aPersonId: a.personId,
      bPersonId: null,
      active: true,
    });
    // The A holder's record is sent again: the posts they hold changed.
    const personOps = (await outbox('person')).filter((o) => o.entity_id === a.personId);
    expect(JSON.parse(personOps.at(-1)!.payload)).toMatchObject({ postIds: [postId] });
  });

  it('deactivating the A holder is refused until the post has another A; the history keeps their name', async () => {
    const a = await addPerson('刘建华', { username: 'liujianhua', roles: ['board_staff'] });
    const b = await addPerson('许敏');
    const { postId } = await addPost('MS-02', a.personId, b.personId);
    // Something the person did, before: it stays theirs.
    await core.auth.login('liujianhua', a.oneTimePassword!);

    const refusal = await refusedWith(core.townAdmin.setPersonActive(admin, a.personId, false), 'post_needs_a');
    expect(refusal.params).toMatchObject({ name: '刘建华', posts: 'MS-02岗', count: 1 });
    expect(core.town.people.get(a.personId)!.active).toBe(true);

    // B may go (B is not what keeps a post); then B becomes A and the first A can go.
    await core.townAdmin.editPost(admin, {
      postId,
      code: 'MS-02',
      name: 'MS-02岗',
      boardCode: 'livelihood',
      kind: 'board_post',
      phone: '',
      aPersonId: b.personId,
      bPersonId: a.personId,
    });
    await core.townAdmin.setPersonActive(admin, a.personId, false);
    const gone = core.town.people.get(a.personId)!;
    expect(gone).toMatchObject({ name: '刘建华', active: false, available: false });
    // Kept: the name still resolves for the history, and their sign-in row in the audit still names them.
    expect(core.town.person(a.personId)?.name).toBe('刘建华');
    const page = await core.audit.list(admin, { actorId: a.personId, limit: 10 });
    expect(page.rows.map((r) => [r.kind, r.actorName])).toEqual([['login', '刘建华']]);
    // They cannot sign in any more (said once the password matched), and their open session ends.
    await refusedWith(core.auth.login('liujianhua', a.oneTimePassword!), 'account_inactive');
    const door = asDoor(core, { id: a.personId, roles: ['board_staff'] });
    expect(await door('town:get')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const [row] = await audits('person.deactivate');
    expect(JSON.parse(row!.detail)).toEqual({ before: { active: true }, after: { active: false }, name: '刘建华' });
    // A deactivated person holds no new post.
    await refusedWith(
      core.townAdmin.editPost(admin, {
        postId,
        code: 'MS-02',
        name: 'MS-02岗',
        boardCode: 'livelihood',
        kind: 'board_post',
        phone: '',
        aPersonId: a.personId,
        bPersonId: b.personId,
      }),
      'holder_inactive',
    );
    // Reactivated, they can.
    await core.townAdmin.setPersonActive(admin, a.personId, true);
    expect(core.town.people.get(a.personId)!.active).toBe(true);
  });

  it('a post is deactivated and reactivated (audited, sent); it comes back only with an active A holder', async () => {
    const a = await addPerson('高峰');
    const b = await addPerson('罗琳');
    const { postId } = await addPost('MS-03', a.personId);
    await core.townAdmin.setPostActive(admin, postId, false);
    expect(core.town.posts.get(postId)!.active).toBe(false);
    expect(core.town.postInfo(core.town.posts.get(postId)!).active).toBe(false);
    // Its A may go now (the post is not in use) …
    await core.townAdmin.setPersonActive(admin, a.personId, false);
    // … and the post comes back only with an active A.
    await refusedWith(core.townAdmin.setPostActive(admin, postId, true), 'holder_inactive');
    await core.townAdmin.editPost(admin, {
      postId,
      code: 'MS-03',
      name: 'MS-03岗',
      boardCode: 'livelihood',
      kind: 'board_post',
      phone: '',
      aPersonId: b.personId,
      bPersonId: null,
    });
    await core.townAdmin.setPostActive(admin, postId, true);
    expect(core.town.posts.get(postId)!.active).toBe(true);
    expect((await audits()).filter((r) => r.entity === 'post').map((r) => r.action)).toEqual(['post.add', 'post.deactivate', 'post.edit', 'post.reactivate']);
    const ops = (await outbox('post')).map((o) => JSON.parse(o.payload) as { active: boolean; aPersonId: string });
    expect(ops.map((o) => o.active)).toEqual([true, false, false, true]);
  });
});

describe('grids', () => {
  it('adds and edits a grid with its shape; the shape is sent with the grid and kept when an edit does not give one', async () => {
    const worker = await addPerson('何静');
    await core.townAdmin.addGrid(admin, {
      code: 'DH-01',
      name: '东湖第一网格',
      village: '东湖社区',
      villageCode: '420106008001',
      households: 420,
      gridWorkerId: worker.personId,
      geometry: JSON.stringify({ type: 'Feature', properties: {}, geometry: square() }),
    });
    expect(core.town.grids.get('DH-01')).toMatchObject({ name: '东湖第一网格', village: '东湖社区', villageCode: '420106008001', households: 420, geometry: square() });
    const [op] = await outbox('grid');
    expect(op!.entity_id).toBe(gridEntityId('DH-01'));
    expect(JSON.parse(op!.payload)).toMatchObject({ code: 'DH-01', name: '东湖第一网格', villageCode: '420106008001', geometry: square() });

    await core.townAdmin.editGrid(admin, { code: 'DH-01', name: '东湖一网格', village: '东湖社区', villageCode: '420106008001', households: 430, gridWorkerId: worker.personId });
    expect(core.town.grids.get('DH-01')).toMatchObject({ name: '东湖一网格', households: 430, geometry: square() });
    const [row] = await audits('grid.edit');
    const detail = JSON.parse(row!.detail) as { before: { name: string; shape: { type: string; points: number } }; after: { name: string; shape: unknown } };
    expect(detail.before).toMatchObject({ name: '东湖第一网格', households: 420, shape: { type: 'Polygon', points: 5 } });
    expect(detail.after).toMatchObject({ name: '东湖一网格', households: 430 });
    expect(detail.after.shape).toEqual(detail.before.shape);
    // The wall's map draws it.
    const grids = await asDoor(core, admin)('town:grids');
    expect(grids.data.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['DH-01']);
    await refusedWith(
      core.townAdmin.addGrid(admin, { code: 'dh-01', name: '重复', village: '东湖社区', villageCode: '', households: 0, gridWorkerId: null, geometry: JSON.stringify(square()) }),
      'duplicate_code',
    );
  });

  it('refuses a shape that is not a usable Polygon or MultiPolygon, naming what is wrong and where', async () => {
    const add = (geometry: string) =>
      core.townAdmin.addGrid(admin, { code: 'DH-09', name: '第九网格', village: '东湖社区', villageCode: '', households: 10, gridWorkerId: null, geometry });
    const ring = square().coordinates[0]!;
    const cases: [string, Record<string, unknown>][] = [
      ['{not json', { reason: 'not_json' }],
      [JSON.stringify({ type: 'Point', coordinates: [114.3, 30.5] }), { reason: 'not_polygon', type: 'Point' }],
      [JSON.stringify({ type: 'LineString', coordinates: ring }), { reason: 'not_polygon', type: 'LineString' }],
      [JSON.stringify({ type: 'Polygon', coordinates: [[ring[0], ring[1], ring[0]]] }), { reason: 'too_few_points', ring: 1 }],
      [JSON.stringify({ type: 'Polygon', coordinates: [[...ring.slice(0, 4), [114.37, 30.545]]] }), { reason: 'not_closed', ring: 1 }],
      [JSON.stringify({ type: 'Polygon', coordinates: [ring.map((p, i) => (i === 2 ? [200, p[1]] : p))] }), { reason: 'out_of_range', ring: 1, point: 3 }],
      [JSON.stringify({ type: 'Polygon', coordinates: [ring.map((p, i) => (i === 1 ? ['114', p[1]] : p))] }), { reason: 'bad_position', ring: 1, point: 2 }],
      // A bow tie: its edges cross.
      [
        JSON.stringify({
          type: 'Polygon',
          coordinates: [
            [
              [114.36, 30.54],
              [114.37, 30.55],
              [114.37, 30.54],
              [114.36, 30.55],
              [114.36, 30.54],
            ],
          ],
        }),
        { reason: 'self_intersection', ring: 1 },
      ],
      [
        JSON.stringify({
          type: 'MultiPolygon',
          coordinates: [
            square().coordinates,
            [
              [
                [114.3, 30.5],
                [114.3, 30.5],
                [114.3, 30.5],
                [114.3, 30.5],
              ],
            ],
          ],
        }),
        { reason: 'too_few_points', polygon: 2, ring: 1 },
      ],
    ];
    for (const [geometry, params] of cases) {
      const refusal = await refusedWith(add(geometry), 'invalid_geometry');
      expect(refusal.params, geometry).toMatchObject(params);
    }
    expect(core.town.grids.has('DH-09')).toBe(false);
    expect(await outbox('grid')).toEqual([]);
    // A MultiPolygon of two squares is a grid.
    await add(JSON.stringify({ type: 'MultiPolygon', coordinates: [square().coordinates, square(114.4, 30.6).coordinates] }));
    expect(core.town.grids.get('DH-09')!.geometry).toMatchObject({ type: 'MultiPolygon' });
  });
});

describe('who may', () => {
  it('only an administrator changes people, posts and grids (refused through the door too)', async () => {
    const officer = await addPerson('钱进', { roles: ['officer', 'leader'] });
    const notAdmin: Actor = { id: officer.personId, roles: ['officer', 'leader'] };
    await refusedWith(core.townAdmin.addPerson(notAdmin, { name: '某人', phone: '', roles: ['officer'], boardCode: null, username: null }), 'forbidden');
    await refusedWith(core.townAdmin.setPersonActive(notAdmin, admin.id, false), 'forbidden');
    await refusedWith(
      addPost('X-1', officer.personId).then(() => core.townAdmin.setPostActive(notAdmin, core.town.postsByCode.get('X-1')!.id, false)),
      'forbidden',
    );
    await refusedWith(
      core.townAdmin.addGrid(notAdmin, { code: 'X', name: 'X', village: 'X', villageCode: '', households: 0, gridWorkerId: null, geometry: JSON.stringify(square()) }),
      'forbidden',
    );
    const door = asDoor(core, notAdmin);
    for (const [channel, request] of [
      ['townAdmin:people', {}],
      ['townAdmin:addPerson', { name: '某人', phone: '', roles: ['officer'], boardCode: null, username: null }],
      [
        'townAdmin:editPost',
        { postId: core.town.postsByCode.get('X-1')!.id, code: 'X-1', name: 'X', boardCode: 'party', kind: 'joint', phone: '', aPersonId: officer.personId, bPersonId: null },
      ],
      ['townAdmin:addGrid', { code: 'X', name: 'X', village: 'X', villageCode: '', households: 0, gridWorkerId: null, geometry: JSON.stringify(square()) }],
    ] as const) {
      expect(await door(channel, request), channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // A leader reads the audit; the administrator's writes went through the door as well.
    expect((await door('audit:list', { limit: 5 })).ok).toBe(true);
    const adminDoor = asDoor(core, admin);
    expect((await adminDoor('townAdmin:people')).data.map((p: { name: string }) => p.name)).toContain('钱进');
    expect(await adminDoor('townAdmin:addPerson', { name: '  ', phone: '', roles: ['officer'], boardCode: null, username: null })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });
});
