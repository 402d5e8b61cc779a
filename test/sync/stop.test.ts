/**
 * Stopping the worker while a round is in flight: the round ends, the status stays 'stopped' (it
 * never turns 'connected' again behind the caller's back), and stop() returns without waiting out the
 * poll interval (ten minutes here). No server: the district is a fetch that answers an empty page
 * when the test lets it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { sampleTownCore } from '../support/sample-town-core';
import { NODE_A, TOWN } from './harness';

let dir: string;
let core: Core | null = null;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-sync-stop-'));
});
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

it('a round that finishes after stop() leaves the worker stopped', async () => {
  let asked!: () => void;
  const pulling = new Promise<void>((resolve) => (asked = resolve));
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const fetchStub = (async (url: string | URL | Request) => {
    expect(String(url)).toContain('/ops?');
    asked();
    await answered;
    return new Response(JSON.stringify({ ops: [], cursor: '0', more: false }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  core = await sampleTownCore({
    dataDir: path.join(dir, 'a'),
    clock: new ManualClock(),
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    nodeId: NODE_A,
    backupIntervalMs: 0,
    sync: { upstream: 'http://district.invalid', token: 'tok-a', townCode: TOWN, live: false, pollIntervalMs: 600_000, fetch: fetchStub },
    startSync: false,
  });
  const sync = core.sync!;
  sync.start();
  await pulling; // the round waits for the district's page
  const stopped = sync.stop();
  answer();
  await stopped;
  expect((await sync.status()).state).toBe('stopped');
});
