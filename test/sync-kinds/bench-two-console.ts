/**
 * sync_two_console_visible_p99_ms: a roster cell changed on console 1 until it is visible on console 2
 * (its roster index, what the 值班表 page, the on-duty board and dispatch read, holds the new person),
 * through the reference district server on loopback, both consoles' sync loops running as in the
 * product (woken by the outbox after each commit, following the live stream; the poll set to a minute
 * so only those can make it fast). 200 changes, one after the other, each waited for on console 2's
 * change feed. Runnable alone: `npx tsx test/sync-kinds/bench-two-console.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '../../main/core/app-core';
import { systemClock } from '../../main/core/kernel/clock';
import { round, summarize } from '../bench/stats';
import { startDistrictServer } from '../district/server';
import { sampleTown } from '../support/sample-town-core';
import { NODE_A, NODE_B, syncingCore, TOKENS } from '../sync/harness';

/** Resolves once `check` holds on `core`, re-checked on each of its roster feed messages (10 s at most). */
function visibleOn(core: Core, check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('not visible on console 2 within 10 s'));
    }, 10_000);
    const off = core.feed.subscribe((m) => {
      if (m.topic !== 'roster' || !check()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** This month, or the next one when too little of it is left (its shifts must not have started). */
function benchMonth(now: Date): string {
  const d = new Date(now.getTime() + 8 * 3600_000);
  if (d.getUTCDate() > 20) d.setUTCMonth(d.getUTCMonth() + 1, 1);
  return d.toISOString().slice(0, 7);
}

export async function twoConsoleBench(changes = 200): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-two-console-'));
  const server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 5000 });
  const live = { requestTimeoutMs: 10_000, pollIntervalMs: 60_000, live: true };
  const open = (name: string, nodeId: string, token: string) => syncingCore({ dir, name, nodeId, token, upstream: server.url, clock: systemClock, sync: live, startSync: true });
  const a = await open('a', NODE_A, 'tok-a');
  const b = await open('b', NODE_B, 'tok-b');
  try {
    const month = benchMonth(new Date());
    const { admin, leader } = sampleTown(a);
    const generated = await a.roster.generate(admin, month);
    // Shifts still to come (two days' margin), and the officer first on each.
    const soon = Date.now() + 2 * 86_400_000;
    const cells = generated.days
      .flatMap((d) => d.shifts)
      .filter((s) => Date.parse(s.startsAt) > soon)
      .map((s) => ({ shiftId: s.id, person: s.roles.find((r) => r.key === 'officer')!.slots[0]!.personId }))
      .filter((c) => c.person !== null);
    if (cells.length < 4) throw new Error(`too few shifts left in ${month}`);
    const onB = (shiftId: string): string | null | undefined => b.roster.duty.byId.get(shiftId)?.slots.get('officer')?.[0];
    // The month reaches console 2 first.
    const last = cells[cells.length - 1]!;
    await visibleOn(b, () => onB(last.shiftId) === last.person);
    const latencies: number[] = [];
    for (let i = 0; i < changes; i++) {
      const cell = cells[i % cells.length]!;
      // Emptied, then given back, in turn: never a clash, always a change.
      const to = Math.floor(i / cells.length) % 2 === 0 ? null : cell.person;
      const started = performance.now();
      await a.roster.assign(leader, { shiftId: cell.shiftId, roleKey: 'officer', slot: 0, personId: to });
      await visibleOn(b, () => onB(cell.shiftId) === to);
      latencies.push(performance.now() - started);
    }
    const s = summarize(latencies);
    return { sync_two_console_visible_p50_ms: round(s.p50, 1), sync_two_console_visible_p99_ms: round(s.p99, 1) };
  } finally {
    await a.close();
    await b.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench-two-console.ts')) {
  twoConsoleBench()
    .then((figures) => console.log(JSON.stringify(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
