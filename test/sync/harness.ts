/**
 * What the sync tests share: the sample town 白鹭镇's code (resources/sample-town; never the demo
 * town), the node ids and tokens the reference district server is started with, a console core of
 * that town on a data folder that syncs with it (test/support/sample-town-core.ts: every console a
 * copy of the one imported town; sync loop not started unless asked: the tests call
 * `sync.syncOnce()`; nothing in the background), and the district's ops in the town's own codes.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Core } from '../../main/core/app-core';
import type { Clock } from '../../main/core/kernel/clock';
import type { SyncOptions } from '../../main/core/sync/sync-worker';
import { SAMPLE_TOWN, sampleTownCore, type SampleTown } from '../support/sample-town-core';

export const TOWN = SAMPLE_TOWN.townCode;
export const NODE_A = 'a0000000-0000-4000-8000-00000000000a';
export const NODE_B = 'b0000000-0000-4000-8000-00000000000b';
export const NODE_D = 'd0000000-0000-4000-8000-00000000000d';
/** Two consoles of the town and the district itself. */
export const TOKENS = {
  'tok-a': { townCode: TOWN, nodeId: NODE_A },
  'tok-b': { townCode: TOWN, nodeId: NODE_B },
  'tok-d': { townCode: TOWN, nodeId: NODE_D, role: 'district' as const },
};

export function syncingCore(options: {
  dir: string;
  name: string;
  nodeId: string;
  token: string;
  upstream: string;
  clock: Clock;
  sync?: Partial<SyncOptions>;
  /** Start the sync loop at once, as the product does (default: the test drives `sync.syncOnce()`). */
  startSync?: boolean;
}): Promise<Core> {
  return sampleTownCore({
    dataDir: path.join(options.dir, options.name),
    clock: options.clock,
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    nodeId: options.nodeId,
    backupIntervalMs: 0,
    sync: { upstream: options.upstream, token: options.token, townCode: TOWN, requestTimeoutMs: 3000, ...options.sync },
    startSync: options.startSync ?? false,
  });
}

/** A district report payload at the clock's now: an item and a grid of the town (sampleTownSeed()). */
export function districtReport(town: SampleTown, clock: Clock, title: string): Record<string, unknown> {
  return { title, categoryCode: town.itemCode, level: 'general', source: 'district', reportedAt: clock.now().toISOString(), gridCode: town.gridCode };
}

/** A district op as a server serves it (an assign_to_town of a new event); its hlc is the clock's now unless given. */
export function districtOp(town: SampleTown, clock: Clock, serverSeq: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const at = clock.now().toISOString();
  return {
    opId: randomUUID(),
    nodeId: NODE_D,
    seq: serverSeq,
    serverSeq,
    hlc: `${at}-${String(serverSeq).padStart(4, '0')}-${NODE_D}`,
    entity: 'event',
    entityId: randomUUID(),
    kind: 'action',
    action: 'assign_to_town',
    payload: districtReport(town, clock, `区级转办 ${serverSeq}`),
    at,
    receivedAt: at,
    ...over,
  };
}
