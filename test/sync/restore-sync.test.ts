/**
 * A console that syncs is restored from a backup: the district already holds what the console did
 * after the backup. Over real HTTP with the reference district server: after the restart the
 * console takes back its own lost ops from the district (applied like any other), pushes what is
 * still pending exactly once, renumbers its new ops from the seq the district expects, and ends
 * with the same state as the district — nothing lost, nothing twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { sampleTown } from '../support/sample-town-core';
import { NODE_A, syncingCore, TOKENS, TOWN } from './harness';

let dir: string;
let server: DistrictServer;
const open: Core[] = [];
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-restore-sync-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function consoleCore(): Promise<Core> {
  const core = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: server.url, clock });
  open.push(core);
  return core;
}

const officer = (core: Core) => sampleTown(core).officer;
/** Three items of the town's catalogue. */
const items = (core: Core) => sampleTown(core).itemCodes;

async function serverState(): Promise<Map<string, string>> {
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/snapshot`, { headers: { Authorization: 'Bearer tok-d' } });
  const body = (await res.json()) as { entities: { entity: string; entityId: string; state: string; version: number }[] };
  return new Map(body.entities.filter((e) => e.entity === 'event').map((e) => [e.entityId, `${e.state}@${e.version}`]));
}

async function localState(core: Core): Promise<Map<string, string>> {
  const rows = await core.db.read((sql) => sql.all<{ id: string; state: string; version: number }>('SELECT id, state, version FROM event'));
  return new Map(rows.map((r) => [r.id, `${r.state}@${r.version}`]));
}

it('after a restore the console takes back from the district what it did after the backup, and goes on', async () => {
  let core = await consoleCore();
  const a = officer(core);
  const [item1, item2, item3] = items(core);
  const first = await core.events.report(a, { title: '备份前：路灯不亮', categoryCode: item1!, level: 'general', source: 'phone' });
  await core.sync!.syncOnce();
  const notYetSent = await core.events.report(a, { title: '备份前未上传：井盖缺失', categoryCode: item2!, level: 'general', source: 'phone' });
  const backup = await core.backups.create('manual');
  // After the backup: a new event, and the first one accepted — all synced to the district.
  const after = await core.events.report(a, { title: '备份后：道路积水', categoryCode: item3!, level: 'general', source: 'phone' });
  await core.events.accept(a, first);
  await core.sync!.syncOnce();
  expect(await core.sync!.status()).toMatchObject({ pending: 0 });
  const before = await serverState();
  expect(before.get(first)).toBe('accepted@2');
  expect(before.has(after)).toBe(true);

  await core.backups.stageRestore(backup.name, null);
  await core.close();
  open.length = 0;
  core = await consoleCore();
  expect(core.backups.startup?.restoredFrom).toBe(backup.name);
  // The restored file knows nothing of what came after the backup.
  expect((await localState(core)).has(after)).toBe(false);
  expect((await localState(core)).get(first)).toBe('reported@1');

  await core.sync!.syncOnce();
  await core.sync!.syncOnce();
  expect(await localState(core)).toEqual(await serverState());
  expect((await localState(core)).get(first)).toBe('accepted@2');
  expect((await localState(core)).get(notYetSent)).toBe('reported@1');

  // The desk goes on: a new command is pushed with the seq the district expects, once.
  const next = await core.events.report(officer(core), { title: '恢复后：噪声扰民', categoryCode: item1!, level: 'general', source: 'phone' });
  await core.sync!.syncOnce();
  await core.sync!.syncOnce();
  expect(await core.sync!.status()).toMatchObject({ pending: 0, rejected: 0, quarantined: 0 });
  const server2 = await serverState();
  expect(server2.get(next)).toBe('reported@1');
  expect(server2.size).toBe(4);
  expect(await localState(core)).toEqual(server2);
});
