/**
 * The sync client against the reference district server: real HTTP on loopback, real SQLite on
 * both sides. Nothing lost, nothing twice, rejected ops visible, consoles converge with the server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { sampleTown, sampleTownSeed, type SampleTown } from '../support/sample-town-core';
import { NODE_A, NODE_B, NODE_D, syncingCore, TOKENS, TOWN } from './harness';

let dir: string;
let server: DistrictServer;
const cores: Core[] = [];
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-sync-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function consoleCore(name: string, nodeId: string, token: string, upstream = server.url): Promise<Core> {
  const core = await syncingCore({ dir, name, nodeId, token, upstream, clock });
  cores.push(core);
  return core;
}

const officerOf = (core: Core) => sampleTown(core).officer;
const leaderOf = (core: Core) => sampleTown(core).leader;
/** The town's codes, for the district's reports. */
let town: SampleTown;
beforeAll(async () => {
  town = await sampleTownSeed();
});

let districtSeq = 0;
async function districtPush(ops: { entityId: string; action: string; payload: Record<string, unknown> }[]): Promise<{ results: { status: string; reason?: string }[] }> {
  const body = {
    nodeId: NODE_D,
    ops: ops.map((o) => ({
      opId: randomUUID(),
      nodeId: NODE_D,
      seq: ++districtSeq,
      hlc: `${clock.now().toISOString()}-${String(districtSeq).padStart(4, '0')}-${NODE_D}`,
      entity: 'event',
      entityId: o.entityId,
      kind: 'action',
      action: o.action,
      payload: o.payload,
      at: clock.now().toISOString(),
    })),
  };
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/ops`, {
    method: 'POST',
    headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ results: { status: string; reason?: string }[] }>;
}

async function serverEvents(): Promise<Map<string, { state: string; version: number }>> {
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/snapshot`, { headers: { Authorization: 'Bearer tok-d' } });
  const body = (await res.json()) as { entities: { entity: string; entityId: string; state: string; version: number }[] };
  return new Map(body.entities.filter((e) => e.entity === 'event').map((e) => [e.entityId, { state: e.state, version: e.version }]));
}

async function localEvents(core: Core): Promise<Map<string, { state: string; version: number }>> {
  const rows = await core.db.read((sql) => sql.all<{ id: string; state: string; version: number }>('SELECT id, state, version FROM event ORDER BY id'));
  return new Map(rows.map((r) => [r.id, { state: r.state, version: r.version }]));
}

beforeEach(() => {
  districtSeq = 0;
});

describe('sync with the district', () => {
  it('pushes a whole local loop once; the server holds the same state and version', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const officer = officerOf(a);
    const id = await a.events.report(officer, { title: '路面塌陷', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCodes[4] });
    const p = await a.events.proposeDispatch(officer, id);
    await a.events.acceptAndDispatch(officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
    const first = await a.sync!.syncOnce();
    expect(first.pushed).toBe(3);
    const again = await a.sync!.syncOnce();
    expect(again.pushed).toBe(0);
    expect(await serverEvents()).toEqual(await localEvents(a));
    expect(await a.sync!.status()).toMatchObject({ pending: 0, rejected: 0, quarantined: 0 });
  });

  it('a district dispatch arrives in the queue; the return goes back up and the district sees it', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const eventId = randomUUID();
    await districtPush([
      {
        entityId: eventId,
        action: 'assign_to_town',
        payload: { title: '12345转办：噪声扰民', categoryCode: town.itemCode, level: 'general', source: 'district', reportedAt: clock.now().toISOString() },
      },
    ]);
    await a.sync!.syncOnce();
    const queue = await a.events.queue(leaderOf(a), { limit: 50 });
    expect(queue.rows.map((r) => r.id)).toContain(eventId);
    await a.events.requestReturn(leaderOf(a), eventId, '不属于本镇管辖范围');
    await a.sync!.syncOnce();
    expect((await serverEvents()).get(eventId)).toEqual({ state: 'returned', version: 2 });
    // The district updates and closes an escalated event; its timeline shows both.
    const other = randomUUID();
    await districtPush([
      {
        entityId: other,
        action: 'assign_to_town',
        payload: { title: '区级转办', categoryCode: town.itemCode, level: 'major', source: 'district', reportedAt: clock.now().toISOString() },
      },
    ]);
    await a.sync!.syncOnce();
    await a.events.escalate(officerOf(a), other, '需区级协调');
    await a.sync!.syncOnce();
    await districtPush([
      { entityId: other, action: 'district_update', payload: { note: '已协调区住建局' } },
      { entityId: other, action: 'district_close', payload: { result: '区级办结' } },
    ]);
    await a.sync!.syncOnce();
    const d = await a.events.detail(officerOf(a), other);
    expect(d.state).toBe('closed');
    expect(d.timeline.map((e) => e.action).slice(-3)).toEqual(['escalate', 'district_update', 'district_close']);
    expect(await serverEvents()).toEqual(await localEvents(a));
  });

  it('a rejected op is rolled back to the server truth and listed with its reason', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const officer = officerOf(a);
    const eventId = randomUUID();
    await districtPush([
      {
        entityId: eventId,
        action: 'assign_to_town',
        payload: { title: '区级转办', categoryCode: town.itemCode, level: 'general', source: 'district', reportedAt: clock.now().toISOString() },
      },
    ]);
    await a.sync!.syncOnce();
    await a.events.escalate(officer, eventId, '需区级协调');
    await a.sync!.syncOnce();
    // The district closes it while the console, not yet told, adds a note: the server refuses the note.
    await districtPush([{ entityId: eventId, action: 'district_close', payload: { result: '区级办结' } }]);
    await a.events.note(officer, eventId, '群众再次来电');
    await a.sync!.syncOnce();
    const problems = await a.sync!.problems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ action: 'note', status: 'rejected', reason: 'conflict' });
    expect((await localEvents(a)).get(eventId)).toEqual((await serverEvents()).get(eventId));
    expect((await a.sync!.status()).rejected).toBe(1);
  });

  it('keeps working offline and catches up, and two consoles converge', async () => {
    const deadUpstream = 'http://127.0.0.1:9'; // discard port: nothing listens
    const a = await consoleCore('a', NODE_A, 'tok-a', deadUpstream);
    const officer = officerOf(a);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await a.events.report(officer, { title: `离线受理 ${i}`, categoryCode: town.itemCode, level: 'general', source: 'phone' }));
    await a.events.accept(officer, ids[0]!);
    await expect(a.sync!.syncOnce()).rejects.toThrow();
    expect((await a.sync!.status()).pending).toBe(6);
    await a.close();
    cores.splice(cores.indexOf(a), 1);
    // Same database, now with the district reachable.
    const a2 = await consoleCore('a', NODE_A, 'tok-a');
    await a2.sync!.syncOnce();
    expect((await a2.sync!.status()).pending).toBe(0);
    const b = await consoleCore('b', NODE_B, 'tok-b');
    await b.sync!.syncOnce();
    await b.events.accept(officerOf(b), ids[1]!);
    await b.sync!.syncOnce();
    await a2.sync!.syncOnce();
    const server = await serverEvents();
    expect(await localEvents(a2)).toEqual(server);
    expect(await localEvents(b)).toEqual(server);
    expect(server.get(ids[1]!)).toEqual({ state: 'accepted', version: 2 });
  });

  it('stops and says so when the district refuses the token', async () => {
    const a = await consoleCore('a', NODE_A, 'wrong-token');
    await a.events.report(officerOf(a), { title: '本地受理', categoryCode: town.itemCode, level: 'general', source: 'phone' });
    await expect(a.sync!.syncOnce()).rejects.toThrow(/401/);
    a.sync!.start();
    for (let i = 0; i < 50 && (await a.sync!.status()).state !== 'unauthorized'; i++) await new Promise((r) => setTimeout(r, 20));
    const status = await a.sync!.status();
    expect(status.state).toBe('unauthorized');
    expect(status.lastError).toMatch(/401/);
    expect(status.pending).toBe(1); // kept locally, not dropped
  });
});
