/**
 * A change of the watch reaches the district on its own: with the sync loop running as in the product
 * and no event activity at all, an absence (and then a duty-log entry) is pushed within seconds of its
 * commit, because the commit wakes the worker through the outbox. The loop's poll interval is a minute
 * and the live stream is off, so nothing else could push it in time (the old worker woke only on
 * event feed topics, or after its poll interval).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { sampleTown } from '../support/sample-town-core';
import { NODE_A, syncingCore, TOKENS, TOWN } from '../sync/harness';
import { BEFORE_JANUARY } from './helpers';

let dir: string;
let server: DistrictServer;
let core: Core | null = null;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-roster-wake-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
});
afterEach(async () => {
  await core?.close();
  core = null;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the district holds a record of the entity (its snapshot, read with the district's own token). */
async function districtHas(entity: string, entityId: string): Promise<boolean> {
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/snapshot`, { headers: { Authorization: 'Bearer tok-d' } });
  const snapshot = (await res.json()) as { entities: { entity: string; entityId: string }[] };
  return snapshot.entities.some((e) => e.entity === entity && e.entityId === entityId);
}

describe('the sync worker wakes on the outbox', () => {
  it('pushes an absence and a duty-log entry without any event activity', async () => {
    core = await syncingCore({
      dir,
      name: 'a',
      nodeId: NODE_A,
      token: 'tok-a',
      upstream: server.url,
      clock: new ManualClock(BEFORE_JANUARY),
      // The loop starts at once, as in the product; it polls once a minute and follows no stream.
      sync: { pollIntervalMs: 60_000, live: false },
      startSync: true,
    });
    const c = core;
    const sync = c.sync!;
    const { officer, leader } = sampleTown(c);
    // The first round (an empty push and the pull) is over: the loop now sleeps for its minute.
    await expect.poll(async () => (await sync.status()).state, { timeout: 60_000, interval: 20 }).toBe('connected');
    expect(await sync.status()).toMatchObject({ pending: 0 });

    const { absence } = await c.roster.addAbsence(leader, { personId: officer.id, kind: 'leave', from: '2026-01-20', to: '2026-01-21' });
    await expect.poll(() => districtHas('absence', absence.id), { timeout: 60_000, interval: 50 }).toBe(true);

    const entry = await c.dutyLog.add(officer, { kind: 'call', text: '接区应急办电话' });
    await expect.poll(() => districtHas('dutyLog', entry.id), { timeout: 60_000, interval: 50 }).toBe(true);
    expect(await sync.status()).toMatchObject({ pending: 0, rejected: 0, quarantined: 0 });
  });
});
