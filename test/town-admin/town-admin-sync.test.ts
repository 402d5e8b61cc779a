/**
 * The town kept by hand, across the town's consoles and the district (PROTOCOL.md v1.1 `person`,
 * `grid`; v1 `post`), over real HTTP against the reference district server: what one console's
 * administrator does lands in another console's tables (without any credential); the district's
 * upserts land too; a later local edit wins by HLC; a payload that cannot be taken is kept in 同步问题,
 * never dropped. Both consoles are the sample town 白鹭镇 as the sync tests open it (test/sync/harness.ts;
 * no demo data).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { gridEntityId } from '../../main/core/town/admin/town-sync';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { NODE_A, NODE_B, NODE_D, syncingCore, TOKENS, TOWN } from '../sync/harness';
import { refusedWith } from '../support/refused';
import { sampleTown } from '../support/sample-town-core';
import { square } from './own-town';

let dir: string;
let server: DistrictServer;
const cores: Core[] = [];
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-town-admin-sync-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function console_(nodeId: string, token: string): Promise<{ core: Core; admin: Actor }> {
  const core = await syncingCore({ dir, name: nodeId, nodeId, token, upstream: server.url, clock, sync: { live: false } });
  cores.push(core);
  return { core, admin: sampleTown(core).admin };
}

let districtSeq = 0;
/** Upserts made by the district itself (its token), at `hlc` (default: the clock's now). */
async function districtUpserts(ops: { entity: string; entityId: string; payload: Record<string, unknown>; hlc?: string }[]): Promise<string[]> {
  const body = {
    nodeId: NODE_D,
    ops: ops.map((o) => {
      districtSeq += 1;
      return {
        opId: randomUUID(),
        nodeId: NODE_D,
        seq: districtSeq,
        hlc: o.hlc ?? `${clock.now().toISOString()}-${String(districtSeq).padStart(4, '0')}-${NODE_D}`,
        entity: o.entity,
        entityId: o.entityId,
        kind: 'upsert',
        payload: o.payload,
        at: clock.now().toISOString(),
      };
    }),
  };
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/ops`, {
    method: 'POST',
    headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { results: { status: string }[] };
  return answer.results.map((r) => r.status);
}

beforeEach(() => {
  districtSeq = 0;
});

const personRow = (core: Core, id: string) =>
  core.db.read((sql) =>
    sql.get<{ name: string; phone: string; roles: string; active: number; board_code: string | null; username: string; hlc: string }>(`SELECT * FROM person WHERE id = ?`, [id]),
  );

describe('people, posts and grids across the town', () => {
  it("one console's administrator adds them; another console of the town has them after a sync, without any credential", async () => {
    const a = await console_(NODE_A, 'tok-a');
    const b = await console_(NODE_B, 'tok-b');
    const holder = await a.core.townAdmin.addPerson(a.admin, { name: '冯志远', phone: '13700000001', roles: ['board_staff'], boardCode: 'safety', username: 'fengzhiyuan' });
    const { postId } = await a.core.townAdmin.addPost(a.admin, {
      code: 'PA-01',
      name: '平安巡查岗',
      boardCode: 'safety',
      kind: 'board_post',
      phone: '027-1',
      aPersonId: holder.personId,
      bPersonId: null,
    });
    await a.core.townAdmin.addGrid(a.admin, {
      code: 'PA-G1',
      name: '平安网格',
      village: '平安社区',
      villageCode: '330110108203',
      households: 300,
      gridWorkerId: holder.personId,
      geometry: JSON.stringify(square()),
    });
    await a.core.sync!.syncOnce();
    expect((await a.core.sync!.status()).pending).toBe(0);
    await b.core.sync!.syncOnce();

    expect(b.core.town.people.get(holder.personId)).toMatchObject({ name: '冯志远', phone: '13700000001', roles: ['board_staff'], boardCode: 'safety', active: true });
    expect(b.core.town.posts.get(postId)).toMatchObject({ code: 'PA-01', name: '平安巡查岗', aPersonId: holder.personId, active: true });
    expect(b.core.town.grids.get('PA-G1')).toMatchObject({ name: '平安网格', village: '平安社区', villageCode: '330110108203', households: 300, geometry: square() });
    // Credentials stay where they were made: B has no account for them.
    const row = await personRow(b.core, holder.personId);
    expect(row!.username).not.toBe('fengzhiyuan');
    await refusedWith(b.core.auth.login('fengzhiyuan', holder.oneTimePassword!), 'bad_credentials');
    expect((await b.core.auth.accounts(b.admin)).map((x) => x.id)).not.toContain(holder.personId);
    // B's audit says what came (as the system, by the sync page).
    const synced = await b.core.audit.list(b.admin, { kinds: ['person.synced', 'post.synced', 'grid.synced'], limit: 10 });
    expect(synced.rows.map((r) => r.kind).sort()).toEqual(['grid.synced', 'person.synced', 'person.synced', 'post.synced']);

    // A deactivation travels too (B first gives the post another A: on A, the rule holds).
    const other = await a.core.townAdmin.addPerson(a.admin, { name: '蒋涛', phone: '', roles: ['board_staff'], boardCode: 'safety', username: null });
    await a.core.townAdmin.editPost(a.admin, {
      postId,
      code: 'PA-01',
      name: '平安巡查岗',
      boardCode: 'safety',
      kind: 'board_post',
      phone: '027-1',
      aPersonId: other.personId,
      bPersonId: null,
    });
    await a.core.townAdmin.setPersonActive(a.admin, holder.personId, false);
    await a.core.sync!.syncOnce();
    await b.core.sync!.syncOnce();
    expect(b.core.town.people.get(holder.personId)).toMatchObject({ active: false, available: false });
    expect(b.core.town.posts.get(postId)!.aPersonId).toBe(other.personId);
  });

  it("the district's upserts land in the tables; a later local edit wins by HLC; a payload that cannot be taken is kept in 同步问题", async () => {
    const b = await console_(NODE_B, 'tok-b');
    const personId = randomUUID();
    const postId = randomUUID();
    expect(
      await districtUpserts([
        { entity: 'person', entityId: personId, payload: { name: '区派驻员', roles: ['board_staff'], active: true, phone: '027-9', board: 'economy', postIds: [postId] } },
        {
          entity: 'post',
          entityId: postId,
          payload: { code: 'ZD-01', name: '区派驻岗', boardCode: 'economy', kind: 'joint', phone: '027-9', aPersonId: personId, bPersonId: null, active: true },
        },
        { entity: 'grid', entityId: gridEntityId('ZD-G1'), payload: { code: 'ZD-G1', name: '开发区网格', villageCode: '330110108209', geometry: square(114.5, 30.6) } },
      ]),
    ).toEqual(['applied', 'applied', 'applied']);
    await b.core.sync!.syncOnce();
    expect(await personRow(b.core, personId)).toMatchObject({ name: '区派驻员', roles: 'board_staff', active: 1, board_code: 'economy', phone: '027-9' });
    expect(b.core.town.posts.get(postId)).toMatchObject({ code: 'ZD-01', kind: 'joint', aPersonId: personId });
    expect(b.core.town.grids.get('ZD-G1')).toMatchObject({ name: '开发区网格', villageCode: '330110108209', village: '', geometry: square(114.5, 30.6) });

    // A local edit after it …
    clock.advance(60_000);
    await b.core.townAdmin.editPerson(b.admin, { personId, name: '区派驻员（本镇改）', phone: '027-10', roles: ['board_staff'], boardCode: 'economy' });
    // … wins over a district upsert made before it (an older HLC), which is still applied at the server …
    const older = `${new Date(clock.now().getTime() - 30_000).toISOString()}-0000-${NODE_D}`;
    expect(await districtUpserts([{ entity: 'person', entityId: personId, payload: { name: '旧名字', roles: ['board_staff'], active: true }, hlc: older }])).toEqual(['applied']);
    await b.core.sync!.syncOnce();
    expect((await personRow(b.core, personId))!.name).toBe('区派驻员（本镇改）');
    // … and a later one wins over the local edit.
    clock.advance(60_000);
    expect(await districtUpserts([{ entity: 'person', entityId: personId, payload: { name: '区派驻员', roles: ['board_staff', 'officer'], active: false } }])).toEqual(['applied']);
    await b.core.sync!.syncOnce();
    expect(b.core.town.people.get(personId)).toMatchObject({ name: '区派驻员', roles: ['board_staff', 'officer'], active: false });

    // A grid whose shape is not a polygon: kept in 同步问题 with the reason, the tables unchanged.
    expect(
      await districtUpserts([
        { entity: 'grid', entityId: gridEntityId('ZD-G2'), payload: { code: 'ZD-G2', name: '坏网格', villageCode: '', geometry: { type: 'Point', coordinates: [1, 2] } } },
      ]),
    ).toEqual(['applied']);
    await b.core.sync!.syncOnce();
    expect(b.core.town.grids.has('ZD-G2')).toBe(false);
    const problems = await b.core.sync!.problems();
    expect(problems.find((p) => p.entityId === gridEntityId('ZD-G2'))?.message).toMatch(/geometry/);
  });
});
