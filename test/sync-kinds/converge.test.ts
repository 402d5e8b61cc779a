/**
 * Two consoles of 白鹭镇 and a real district server, per record kind, under faults: everything
 * converges to identical canonical dumps (test/sync/canonical-dump.ts: events, sync records and the
 * tables people see), and every change is in what people see on both consoles.
 *
 *   1. per kind: changes on both consoles, synced by their running sync loops through a fault proxy
 *      each; console 2's network cut the moment the district has applied one of its pushes (the answer
 *      lost), changes on both while it is cut off, the network restored;
 *   2. console 2 as a real child process (main/headless.ts) killed with SIGKILL in the middle of a
 *      pull — the first page applied, the next held by the proxy — and restarted on the same data
 *      folder: it converges with console 1, nothing applied twice, nothing lost, every kind in the data.
 *
 * Every wait is for a state (generous timeouts for a loaded machine); nothing waits for time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { sampleTown, sampleTownCore } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { startDistrictServer } from '../district/server';
import { spawnTsx, waitFor, type Child } from '../sync/child';
import { diffDumps, dumpConsole, dumpConsoleFile, dumpServer, exactlyOnceProblems, openConsoleFile, pullAllOps, readOutbox, type CanonicalDump } from '../sync/canonical-dump';
import { tableSizes } from '../sync/canonical-tables';
import { startFaultProxy } from '../sync/fault-proxy';
import { NODE_A, NODE_B, syncingCore, TOKENS, TOWN } from '../sync/harness';
import { KIND_SCENARIOS, type KindScenario, type ScenarioContext } from './converge-kinds';
import { TOWN_KIND_SCENARIOS } from './converge-town-kinds';
import { districtUpsert, twoConsoles, type TwoConsoles } from './two-consoles';

const SCENARIOS = { ...KIND_SCENARIOS, ...TOWN_KIND_SCENARIOS };
/** A loaded 2-core machine: every wait may take long; none is an assertion about speed. */
const LONG = 90_000;

const consoleDump = (core: Core): Promise<CanonicalDump> => core.db.read((sql) => dumpConsole(sql));

/**
 * Waits until both consoles have sent everything and folded in every server op, and both equal the
 * district (events and records) and each other (the tables people see too); fails with the difference.
 */
async function converged(t: TwoConsoles): Promise<void> {
  let last = '';
  await waitFor(
    'both consoles and the district to converge',
    async () => {
      const server = await dumpServer(t.server.url, TOWN, 'tok-d');
      for (const [name, core] of [['console 1', t.a] as const, ['console 2', t.b] as const]) {
        const s = await core.sync!.status();
        if (s.pending > 0 || s.cursor !== server.cursor) {
          last = `${name}: ${s.pending} pending, cursor ${s.cursor} of ${server.cursor}, ${s.state}, lastError ${s.lastError}`;
          return false;
        }
      }
      const [a, b] = [await consoleDump(t.a), await consoleDump(t.b)];
      const diff = [...diffDumps(a, server, ['console 1', 'district']), ...diffDumps(a, b, ['console 1', 'console 2'])];
      last = diff.join('\n  ');
      return diff.length === 0;
    },
    LONG,
    () => last,
  );
}

describe('every kind converges through a real district with console 2’s network cut mid-push and restored', () => {
  const consoles = twoConsoles(BEFORE_JANUARY, { live: true });

  it.each(Object.keys(SCENARIOS))('%s', async (kind) => {
    const t = consoles();
    const [proxyB, s] = [t.proxyB!, SCENARIOS[kind]!()];
    const c: ScenarioContext = { clock: t.clock, settle: () => converged(t), district: (ops) => districtUpsert(t, ops) };
    await s.online(t.a, t.b, c);
    await converged(t);

    // Cut console 2 off the moment the district has answered one of its pushes: applied there, never heard here.
    const pushes = new Set<number>();
    let cut = false;
    const onDecision = (d: { n: number; method: string; path: string }): void => void (d.method === 'POST' && d.path.endsWith('/ops') && pushes.add(d.n));
    const onAnswered = (x: { n: number }): void => {
      if (!pushes.has(x.n) || cut) return;
      cut = true;
      proxyB.setOffline(true);
    };
    proxyB.on('decision', onDecision);
    proxyB.on('answered', onAnswered);
    await s.cutMidPush(t.b, c);
    await waitFor('console 2’s push to reach the district as its network is cut', () => cut, LONG);
    proxyB.off('decision', onDecision);
    proxyB.off('answered', onAnswered);
    await waitFor('console 2 to see it is offline', async () => (await t.b.sync!.status()).state === 'offline', LONG);

    await s.whileCut(t.a, t.b, c);
    await waitFor('console 1 to send its changes', async () => (await t.a.sync!.status()).pending === 0, LONG);
    // Console 2 keeps its work: the push whose answer was lost and what it did since.
    expect((await t.b.sync!.status()).pending).toBeGreaterThan(0);
    expect(diffDumps(await consoleDump(t.a), await consoleDump(t.b))).not.toEqual([]);

    proxyB.setOffline(false);
    t.b.sync!.poke();
    await converged(t);
    const [a, b] = [await consoleDump(t.a), await consoleDump(t.b)];
    expect(diffDumps(a, b, ['console 1', 'console 2'])).toEqual([]);
    // What people see is the same on both and holds every change made on either.
    const [seenA, seenB] = [await s.seen(t.a), await s.seen(t.b)];
    expect(seenB).toEqual(seenA);
    s.check(seenA);
    s.check(seenB);
    expect([...(await t.a.sync!.problems()), ...(await t.b.sync!.problems())]).toEqual([]);
    // Every op of each console at the district exactly once (the push whose answer was lost too).
    const served = await pullAllOps(t.server.url, TOWN, 'tok-d');
    for (const [core, node] of [
      [t.a, NODE_A],
      [t.b, NODE_B],
    ] as const) {
      const problems = exactlyOnceProblems(served, await core.db.read((sql) => readOutbox(sql)), node);
      expect(problems, problems.join('\n')).toEqual([]);
    }
  });
});

// ---- console 2 killed mid-pull -------------------------------------------------------------------

describe('console 2 killed (SIGKILL) in the middle of a pull and restarted on the same data', () => {
  let dir = '';
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('converges to console 1’s canonical dump: every kind, nothing applied twice, nothing lost', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dd-converge-kill-'));
    const clock = new ManualClock(BEFORE_JANUARY);
    const server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
    cleanups.push(() => server.close());
    const a = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: server.url, clock });
    cleanups.push(() => a.close());

    // Console 1 makes a mix of every kind (each scenario with console 1 on both sides), and a busy shift of events.
    const c: ScenarioContext = { clock, settle: async () => undefined, district: (ops) => districtUpsert({ clock, server }, ops) };
    const scenarios: KindScenario[] = Object.values(SCENARIOS).map((make) => make());
    for (const s of scenarios) {
      await s.online(a, a, c);
      await s.cutMidPush(a, c);
      await s.whileCut(a, a, c);
    }
    await busyShift(a, clock, 1400);
    await a.sync!.syncOnce();
    expect((await a.sync!.status()).pending).toBe(0);
    const total = (await pullAllOps(server.url, TOWN, 'tok-d')).length;
    expect(total).toBeGreaterThan(1000); // more than two pages of 500
    const entities = new Set((await pullAllOps(server.url, TOWN, 'tok-d')).map((op) => op.entity));
    for (const entity of ['event', 'absence', 'roster', 'shift', 'dutyLog', 'handover', 'catalogue', 'person', 'post', 'grid', 'wallLayout', 'planRun']) {
      expect(entities, `no ${entity} op in the pulled data`).toContain(entity);
    }

    // Console 2: a copy of the town, never synced, run as a real program through a proxy.
    const dataB = path.join(dir, 'b');
    await (
      await sampleTownCore({ dataDir: dataB, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, nodeId: NODE_B, backupIntervalMs: 0, startSync: false })
    ).close();
    const dbB = path.join(dataB, 'duty-desk.sqlite');
    const proxy = await startFaultProxy({ target: server.url, lifetimeMs: 600_000 });
    cleanups.push(() => proxy.close());
    // The first page goes through; every request after it is held (10 minutes): the kill comes first.
    let pages = 0;
    proxy.on('decision', (d: { method: string; path: string }) => {
      if (d.method === 'GET' && /\/ops\?/.test(d.path) && ++pages === 1) proxy.configure({ rates: { delay: 1 }, delayMs: [600_000, 600_000] });
    });
    const headless = (): Child =>
      spawnTsx('main/headless.ts', ['--data', dataB, '--upstream', proxy.url, '--token', 'tok-b', '--town', TOWN, '--node', NODE_B, '--status-every', '1'], cleanups);
    const first = headless();
    await waitFor(
      'console 2 to apply the first page',
      async () => (await readCursorOf(dbB)) > 0,
      LONG,
      () => first.lines.slice(-5).join('\n'),
    );
    expect(proxy.inFlight()).toBeGreaterThan(0); // the next page asked for, held
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await first.groupGone(10_000);
    const atKill = await readCursorOf(dbB);
    expect(atKill).toBe(500);
    const partial = await dumpConsoleFile(dbB);
    expect(diffDumps(partial, await consoleDump(a)).length).toBeGreaterThan(0);

    // Restarted on the same data folder, the network faithful again.
    proxy.passThrough();
    const second = headless();
    await waitFor(
      'console 2 to catch up with the district',
      async () => {
        const last = [...second.lines].reverse().find((l) => l.startsWith('{"state"') || l.includes('"pending"'));
        if (!last) return false;
        const status = JSON.parse(last) as { pending: number; cursor: string; state: string };
        const server_ = await dumpServer(server.url, TOWN, 'tok-d');
        return status.pending === 0 && status.cursor === server_.cursor && status.state === 'connected';
      },
      LONG,
      () => second.lines.slice(-3).join('\n'),
    );
    second.kill('SIGTERM');
    await second.groupGone(30_000);
    // Console 1 takes whatever console 2 sent meanwhile (a plan step it released, say).
    await a.sync!.syncOnce();

    const [dumpA, dumpB] = [await consoleDump(a), await dumpConsoleFile(dbB)];
    expect(diffDumps(dumpA, dumpB, ['console 1', 'console 2'])).toEqual([]);
    expect(diffDumps(dumpB, await dumpServer(server.url, TOWN, 'tok-d'), ['console 2', 'district'])).toEqual([]);
    expect(tableSizes(dumpB.tables!)).toEqual(tableSizes(dumpA.tables!));
    // Nothing applied twice: every event's timeline as long on console 2 as on console 1; nothing set aside.
    expect(await timelineCounts(openConsoleFile(dbB))).toEqual(await a.db.read((sql) => timelineCounts(sql)));
    const b = openConsoleFile(dbB);
    try {
      expect(await b.all(`SELECT reason, message FROM sync_inbox_problem`)).toEqual([]);
    } finally {
      b.close();
    }
    // What people see, kind by kind, is on console 2 (read through its services on the same data).
    const seenB = await sampleTownCore({ dataDir: dataB, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
    cleanups.push(() => seenB.close());
    for (const s of scenarios) expect(await s.seen(seenB)).toEqual(await s.seen(a));
  });
});

async function readCursorOf(file: string): Promise<number> {
  const db = openConsoleFile(file);
  try {
    const rows = await db.all<{ value: string }>(`SELECT value FROM meta WHERE key = 'sync_cursor'`);
    return Number(rows[0]?.value ?? 0);
  } finally {
    db.close();
  }
}

async function timelineCounts(sql: { all<T>(q: string): Promise<T[]>; close?(): void }): Promise<Record<string, number>> {
  try {
    const rows = await sql.all<{ event_id: string; n: number }>(`SELECT event_id, COUNT(*) AS n FROM event_timeline GROUP BY event_id ORDER BY event_id`);
    return Object.fromEntries(rows.map((r) => [r.event_id, Number(r.n)]));
  } finally {
    sql.close?.();
  }
}

/** Events reported, dispatched, acknowledged and noted on `core` until the district will hold more than `ops` ops. */
async function busyShift(core: Core, clock: ManualClock, ops: number): Promise<void> {
  const town = sampleTown(core);
  const count = async (): Promise<number> => (await core.db.read((sql) => sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')))!.n;
  for (let i = 0; (await count()) < ops; i++) {
    clock.advance(20_000);
    const id = await core.events.report(town.officer, {
      title: `巡查发现 ${i}`,
      categoryCode: town.itemCodes[i % town.itemCodes.length]!,
      level: 'general',
      source: 'grid',
      gridCode: town.gridCode,
    });
    const p = await core.events.proposeDispatch(town.officer, id);
    await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((x) => x.id) });
    await core.events.acknowledge(town.officer, id, p.lead.id);
    await core.events.note(town.officer, id, `现场处置中 ${i}`);
  }
}
