/**
 * Two consoles of the sample town 白鹭镇 (a and b, the sync harness's nodes and tokens) and a real
 * reference district server on loopback, for the per-kind sync tests: each test reads console 2's
 * tables through the feature's own service, as a page would. The sync loops are not started: the
 * tests call `sync.syncOnce()` on each console (push, then pull), so nothing runs in the background —
 * unless `live` is asked for: then each console reaches the district through its own fault proxy
 * (test/sync/fault-proxy.ts, so a test can cut one console's network) and runs its sync loop and live
 * stream as the product does.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { startFaultProxy, type FaultProxy } from '../sync/fault-proxy';
import { NODE_A, NODE_B, NODE_D, syncingCore, TOKENS, TOWN } from '../sync/harness';

export interface TwoConsoles {
  readonly a: Core;
  readonly b: Core;
  readonly server: DistrictServer;
  readonly clock: ManualClock;
  readonly dir: string;
  /** With `live`: console 1's and console 2's ways to the district. */
  readonly proxyA?: FaultProxy;
  readonly proxyB?: FaultProxy;
}

/**
 * Opens the district and the two consoles before each test (closed after it). `start` is the shared
 * manual clock's first instant; the returned getter gives the current test's consoles.
 */
export function twoConsoles(start: string, options: { live?: boolean } = {}): () => TwoConsoles {
  let current: TwoConsoles | null = null;
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-sync-kinds-'));
    const clock = new ManualClock(start);
    const server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
    const live = options.live === true;
    const proxyA = live ? await startFaultProxy({ target: server.url, lifetimeMs: 600_000 }) : undefined;
    const proxyB = live ? await startFaultProxy({ target: server.url, lifetimeMs: 600_000 }) : undefined;
    const sync = live ? { maxBackoffMs: 400, pollIntervalMs: 500 } : {};
    const a = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: proxyA?.url ?? server.url, clock, sync, startSync: live });
    const b = await syncingCore({ dir, name: 'b', nodeId: NODE_B, token: 'tok-b', upstream: proxyB?.url ?? server.url, clock, sync, startSync: live });
    current = { a, b, server, clock, dir, proxyA, proxyB };
  });
  afterEach(async () => {
    if (!current) return;
    const { a, b, server, dir, proxyA, proxyB } = current;
    current = null;
    await a.close();
    await b.close();
    await proxyA?.close();
    await proxyB?.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!current) throw new Error('no consoles outside a test');
    return current;
  };
}

/** Pushes and pulls on each console in turn (a, b, then a again: each has what the other sent). */
export async function syncAll(t: TwoConsoles): Promise<void> {
  await t.a.sync!.syncOnce();
  await t.b.sync!.syncOnce();
  await t.a.sync!.syncOnce();
}

/** Nothing set aside on either console (no op it could not apply). */
export async function noProblems(t: TwoConsoles): Promise<unknown[]> {
  return [...(await t.a.sync!.problems()), ...(await t.b.sync!.problems())];
}

const districtSeqs = new Map<string, number>();

/** Upserts pushed as the district itself (tok-d), straight to the server; resolves to the results. */
export function districtUpsert(
  t: Pick<TwoConsoles, 'clock' | 'server'>,
  ops: readonly { entity: string; entityId: string; payload: Record<string, unknown> }[],
): Promise<{ status: string; reason?: string }[]> {
  return districtPush(
    t,
    ops.map((o) => ({ ...o, kind: 'upsert' })),
  );
}

/** Event actions pushed as the district itself (assign_to_town, district_close …); resolves to the results. */
export function districtActions(
  t: Pick<TwoConsoles, 'clock' | 'server'>,
  ops: readonly { entityId: string; action: string; payload: Record<string, unknown> }[],
): Promise<{ status: string; reason?: string }[]> {
  return districtPush(
    t,
    ops.map((o) => ({ ...o, entity: 'event', kind: 'action' })),
  );
}

async function districtPush(t: Pick<TwoConsoles, 'clock' | 'server'>, ops: readonly Record<string, unknown>[]): Promise<{ status: string; reason?: string }[]> {
  const at = t.clock.now().toISOString();
  const body = {
    nodeId: NODE_D,
    ops: ops.map((o) => {
      const seq = (districtSeqs.get(t.server.url) ?? 0) + 1;
      districtSeqs.set(t.server.url, seq);
      return { opId: randomUUID(), nodeId: NODE_D, seq, hlc: `${at}-${String(seq).padStart(4, '0')}-${NODE_D}`, ...o, at };
    }),
  };
  const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops`, {
    method: 'POST',
    headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`district push answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { results: { status: string; reason?: string }[] }).results;
}
