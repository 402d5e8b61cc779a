/**
 * What the sync tests share: the demo town's code, the node ids and tokens the reference district
 * server is started with, and a console core on a data folder that syncs with it (sync loop not
 * started: the tests call `sync.syncOnce()`; nothing in the background).
 */
import path from 'node:path';
import { createCore, type Core } from '../../main/core/app-core';
import type { Clock } from '../../main/core/kernel/clock';
import type { SyncOptions } from '../../main/core/sync/sync-worker';

export const TOWN = '330110105000';
export const NODE_A = 'a0000000-0000-4000-8000-00000000000a';
export const NODE_B = 'b0000000-0000-4000-8000-00000000000b';
export const NODE_D = 'd0000000-0000-4000-8000-00000000000d';
/** Two consoles of the town and the district itself. */
export const TOKENS = {
  'tok-a': { townCode: TOWN, nodeId: NODE_A },
  'tok-b': { townCode: TOWN, nodeId: NODE_B },
  'tok-d': { townCode: TOWN, nodeId: NODE_D, role: 'district' as const },
};

export function syncingCore(options: { dir: string; name: string; nodeId: string; token: string; upstream: string; clock: Clock; sync?: Partial<SyncOptions> }): Promise<Core> {
  return createCore({
    dataDir: path.join(options.dir, options.name),
    clock: options.clock,
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    nodeId: options.nodeId,
    backupIntervalMs: 0,
    sync: { upstream: options.upstream, token: options.token, townCode: TOWN, requestTimeoutMs: 3000, ...options.sync },
    startSync: false,
  });
}
