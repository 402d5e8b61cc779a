/**
 * The sync contract under faults (PROTOCOL.md "What must hold"): nothing lost, nothing applied twice,
 * convergence once the network is quiet, rejected ops shown with their reason. Real HTTP on loopback,
 * real SQLite on both sides; the district server and the headless console run as real child processes
 * where the scenario kills them (SIGKILL of the whole process group, as a crash would).
 *
 *   a. a fault-injecting proxy (drops, lost answers, delays, duplicates, resets, 503s) under ~300 commands;
 *   b. the district killed mid-push and restarted on the same data dir;
 *   c. the console killed mid-push and restarted on the same data dir;
 *   d. two consoles of one town, offline on the same events, reconnecting: conflicts shown, all converge;
 *   e. a live stream gone silent without closing (half-open) is noticed and reopened.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock, systemClock, type Clock } from '../../main/core/kernel/clock';
import type { Actor } from '../../main/core/kernel/actor';
import type { SyncOptions } from '../../main/core/sync/sync-worker';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { sleep, spawnTsx, waitFor, type Child } from './child';
import { diffDumps, dumpConsole, dumpConsoleFile, dumpServer, exactlyOnceProblems, openConsoleFile, pullAllOps, readOutbox, type CanonicalDump } from './canonical-dump';
import { seededRandom, startFaultProxy, type FaultProxy } from './fault-proxy';
import { sampleTown, sampleTownCore, sampleTownSeed, type SampleTown } from '../support/sample-town-core';
import { NODE_A, NODE_B, NODE_D, syncingCore, TOKENS, TOWN } from './harness';

let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-faults-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch {
      // keep cleaning up
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

// ---- helpers -------------------------------------------------------------------------------------

async function consoleCore(name: string, nodeId: string, token: string, upstream: string, clock: Clock, sync: Partial<SyncOptions> = {}): Promise<Core> {
  const core = await syncingCore({ dir, name, nodeId, token, upstream, clock, sync: { maxBackoffMs: 400, pollIntervalMs: 500, ...sync } });
  cleanups.push(() => core.close());
  return core;
}

const officerOf = (core: Core): Actor => sampleTown(core).officer;
const leaderOf = (core: Core): Actor => sampleTown(core).leader;
/** The town's codes, for the district's reports. */
let town: SampleTown;
beforeAll(async () => {
  town = await sampleTownSeed();
});

async function inProcessServer(name = 'district'): Promise<DistrictServer> {
  const server = await startDistrictServer({ port: 0, dataDir: path.join(dir, name), tokens: TOKENS, pingIntervalMs: 200 });
  cleanups.push(() => server.close());
  return server;
}

async function proxyTo(target: string, options: Partial<Parameters<typeof startFaultProxy>[0]> = {}): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ target, lifetimeMs: 120_000, ...options });
  cleanups.push(() => proxy.close());
  return proxy;
}

let districtSeq = 0;
beforeEach(() => {
  districtSeq = 0;
});

/** A push as the district (tok-d), straight to the server. */
async function districtPush(
  url: string,
  clock: Clock,
  ops: { entityId: string; action: string; payload: Record<string, unknown> }[],
): Promise<{ status: string; reason?: string }[]> {
  const at = clock.now().toISOString();
  const body = {
    nodeId: NODE_D,
    ops: ops.map((o) => ({
      opId: randomUUID(),
      nodeId: NODE_D,
      seq: ++districtSeq,
      hlc: `${at}-${String(districtSeq % 10000).padStart(4, '0')}-${NODE_D}`,
      entity: 'event',
      entityId: o.entityId,
      kind: 'action',
      action: o.action,
      payload: o.payload,
      at,
    })),
  };
  const res = await fetch(`${url}/v1/towns/${TOWN}/ops`, {
    method: 'POST',
    headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`district push answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { results: { status: string; reason?: string }[] }).results;
}

const serverDump = (url: string): Promise<CanonicalDump & { cursor: string }> => dumpServer(url, TOWN, 'tok-d');

/**
 * Waits until every console has nothing pending and has folded in every server op, every proxy is
 * quiet, and every console's dump equals the server's. Fails with the differences.
 */
async function waitConverged(url: string, cores: readonly Core[], proxies: readonly FaultProxy[], timeoutMs: number): Promise<CanonicalDump> {
  let last = '';
  let server: CanonicalDump & { cursor: string } = { cursor: '0', events: [], records: [] };
  await waitFor(
    'convergence',
    async () => {
      server = await serverDump(url);
      for (const core of cores) {
        const s = await core.sync!.status();
        if (s.pending > 0 || s.cursor !== server.cursor) {
          last = `${core.nodeId}: pending ${s.pending}, cursor ${s.cursor} of ${server.cursor}, state ${s.state}, streaming ${s.streaming}, lastError ${s.lastError}`;
          return false;
        }
      }
      for (const proxy of proxies) {
        if (proxy.inFlight() > 0) {
          last = `proxy ${proxy.url} has ${proxy.inFlight()} requests in flight`;
          return false;
        }
      }
      for (const core of cores) {
        const local = await core.db.read((sql) => dumpConsole(sql));
        const diff = diffDumps(local, server, [core.nodeId.slice(0, 1), 'server']);
        if (diff.length > 0) {
          last = `${core.nodeId} differs from the server:\n  ${diff.join('\n  ')}`;
          return false;
        }
      }
      return true;
    },
    timeoutMs,
    () => last,
  );
  return server;
}

/** A small, seeded duty shift: reports, one-key dispatches, acknowledgements, arrivals, report-backs,
 * verifications, desk closes, escalations, notes — until the outbox holds `ops` ops. */
async function dutyShift(core: Core, clock: ManualClock, seed: number, ops: number): Promise<void> {
  const rng = seededRandom(seed);
  const officer = officerOf(core);
  const leader = leaderOf(core);
  const categories = [...core.town.catalogue.keys()];
  const grids = [...core.town.grids.keys()];
  const open: string[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const outboxCount = async (): Promise<number> => (await core.db.read((sql) => sql.get<{ n: number }>('SELECT count(*) AS n FROM outbox')))!.n;
  while ((await outboxCount()) < ops) {
    clock.advance(1000 + Math.floor(rng() * 5000));
    if (open.length < 8 || rng() < 0.15) {
      open.push(
        await core.events.report(officer, {
          title: `巡查发现 ${open.length}`,
          categoryCode: pick(categories),
          level: rng() < 0.9 ? 'general' : 'major',
          source: pick(['grid', 'phone', 'hotline'] as const),
          gridCode: pick(grids),
        }),
      );
      continue;
    }
    const id = pick(open);
    const e = await core.events.detail(officer, id);
    const r = rng();
    switch (e.state) {
      case 'reported':
        if (r < 0.75) {
          const p = await core.events.proposeDispatch(officer, id);
          await core.events.acceptAndDispatch(officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
        } else if (r < 0.85) await core.events.accept(officer, id);
        else if (r < 0.92) await core.events.escalate(officer, id, '需区级协调');
        else await core.events.markInvalid(officer, id, '重复来电');
        break;
      case 'accepted':
        if (r < 0.7) {
          const p = await core.events.proposeDispatch(officer, id);
          await core.events.dispatch(officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
        } else await core.events.close(officer, id, '电话答复，窗口办结');
        break;
      case 'dispatched': {
        const lead = e.assignments.find((a) => a.active && a.role === 'lead')!;
        await core.events.acknowledge(officer, id, lead.postId);
        break;
      }
      case 'in_progress': {
        const lead = e.assignments.find((a) => a.active && a.role === 'lead')!;
        if (r < 0.3) await core.events.arrive(officer, id, lead.postId);
        else if (r < 0.5) await core.events.note(officer, id, '现场处置中');
        else await core.events.reportBack(officer, id, '已处置完毕');
        break;
      }
      case 'resolved':
        if (r < 0.8) await core.events.verify(leader, id);
        else await core.events.reject(leader, id, '处置不到位');
        break;
      default:
        // closed, invalid, escalated: leaves the desk's hands (a note on an escalated one now and then).
        if (e.state === 'escalated' && r < 0.3) await core.events.note(officer, id, '群众再次来电');
        else open.splice(open.indexOf(id), 1);
    }
  }
}

async function expectExactlyOnce(url: string, outboxOf: () => Promise<Awaited<ReturnType<typeof readOutbox>>>, nodeId: string): Promise<number> {
  const served = await pullAllOps(url, TOWN, 'tok-d');
  const outbox = await outboxOf();
  const problems = exactlyOnceProblems(served, outbox, nodeId);
  expect(problems, problems.join('\n')).toEqual([]);
  return outbox.filter((o) => o.status === 'sent').length;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---- the scenarios -------------------------------------------------------------------------------

describe('sync under faults', () => {
  it('a. through drops, lost answers, delays, duplicates, resets and 503s (30 %): every op once, converged', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00.000Z');
    const server = await inProcessServer();
    const proxy = await proxyTo(server.url, {
      seed: 20261123,
      rates: { drop: 0.06, lose: 0.07, delay: 0.06, duplicate: 0.06, reset: 0.04, unavailable: 0.01 },
      delayMs: [10, 150],
      faultStreams: true,
      streamCutMs: [100, 1500],
    });
    const a = await consoleCore('a', NODE_A, 'tok-a', proxy.url, clock, { batchSize: 20 });
    a.sync!.start();
    // One live stream at a time, whatever the faults do to it.
    let maxStreams = 0;
    const sampler = setInterval(() => (maxStreams = Math.max(maxStreams, proxy.openStreams())), 10);
    cleanups.push(() => clearInterval(sampler));
    await dutyShift(a, clock, 7, 300);
    await waitConverged(server.url, [a], [proxy], 60_000);
    clearInterval(sampler);
    expect(maxStreams).toBe(1);
    await a.sync!.stop();
    const sent = await expectExactlyOnce(server.url, () => a.db.read((sql) => readOutbox(sql)), NODE_A);
    expect(sent).toBeGreaterThanOrEqual(300);
    expect(await a.sync!.problems()).toEqual([]);
    // The faults really happened.
    const s = proxy.stats;
    expect(s.byFault.drop + s.byFault.lose + s.byFault.duplicate + s.byFault.reset, JSON.stringify(s)).toBeGreaterThan(10);
    expect(s.byFault.lose, JSON.stringify(s)).toBeGreaterThan(0);
    expect(s.byFault.duplicate, JSON.stringify(s)).toBeGreaterThan(0);
  });

  it('b. the district killed (SIGKILL) mid-push and restarted on the same data: the loop recovers, once, converged', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00.000Z');
    const tokensFile = path.join(dir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify(TOKENS));
    const port = await freePort();
    const dataDir = path.join(dir, 'district-b');
    const startDistrict = async (): Promise<Child> => {
      const child = spawnTsx('test/district/cli.ts', ['--port', String(port), '--data', dataDir, '--tokens', tokensFile, '--ping-ms', '200'], cleanups);
      await child.waitLine(/^listening on http:\/\/127\.0\.0\.1:\d+/, 60_000);
      return child;
    };
    const url = `http://127.0.0.1:${port}`;
    let district = await startDistrict();
    // The proxy only watches (pass-through): it says when a push has gone to the server unanswered.
    const proxy = await proxyTo(url, { seed: 2 });
    const a = await consoleCore('a', NODE_A, 'tok-a', proxy.url, clock, { batchSize: 40 });
    await dutyShift(a, clock, 11, 400);
    const total = (await a.sync!.status()).pending;
    let pushes = 0;
    let killedAt = -1;
    proxy.on('forwarded', (f: { method: string; path: string }) => {
      if (f.method !== 'POST' || ++pushes !== 3) return;
      killedAt = pushes;
      district.kill('SIGKILL');
    });
    a.sync!.start();
    await waitFor('the district to be killed mid-push', () => killedAt > 0, 60_000);
    const gone = await district.exited;
    expect(gone.signal).toBe('SIGKILL');
    await district.groupGone(5000); // the server itself, not only npx
    // While it is down the console keeps working and says it is offline.
    await waitFor(
      'the console to notice',
      async () => (await a.sync!.status()).state === 'offline',
      10_000,
      async () => JSON.stringify(await a.sync!.status()),
    );
    const stillPending = (await a.sync!.status()).pending;
    expect(stillPending).toBeGreaterThan(0);
    expect(stillPending).toBeLessThan(total);
    await a.events.report(officerOf(a), { title: '断网期间受理', categoryCode: town.itemCode, level: 'general', source: 'phone' });
    district = await startDistrict();
    await waitConverged(url, [a], [proxy], 60_000);
    await a.sync!.stop();
    const sent = await expectExactlyOnce(url, () => a.db.read((sql) => readOutbox(sql)), NODE_A);
    expect(sent).toBe(total + 1);
    // A clean stop of the restarted server (the whole group: npx, tsx and the server itself).
    district.kill('SIGTERM');
    await district.groupGone(10_000);
  });

  it('c. the console (headless) killed (SIGKILL) mid-push and restarted on the same data: every op made before reaches the server once', async () => {
    const server = await inProcessServer();
    const consoleDir = path.join(dir, 'console-c');
    // Seed the console's database in-process: local work done offline, never pushed.
    {
      const seed = await sampleTownCore({ dataDir: consoleDir, clock: systemClock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, nodeId: NODE_A });
      const officer = officerOf(seed);
      const categories = [...seed.town.catalogue.keys()];
      for (let i = 0; seed && i < 220; i++) {
        const id = await seed.events.report(officer, { title: `离线受理 ${i}`, categoryCode: categories[i % categories.length]!, level: 'general', source: 'phone' });
        await seed.events.accept(officer, id);
        if (i % 2 === 0) await seed.events.note(officer, id, '已电话回访');
        if (i % 3 === 0) await seed.events.close(officer, id, '窗口办结');
      }
      await seed.close();
    }
    const dbFile = path.join(consoleDir, 'duty-desk.sqlite');
    const before = await (async () => {
      const db = openConsoleFile(dbFile);
      try {
        return await readOutbox(db);
      } finally {
        db.close();
      }
    })();
    expect(before.length).toBeGreaterThan(500); // more than one push (500 ops) of work
    expect(before.every((o) => o.status === 'pending')).toBe(true);

    const proxy = await proxyTo(server.url, { seed: 3 });
    const headless = (): Child =>
      spawnTsx('main/headless.ts', ['--data', consoleDir, '--upstream', proxy.url, '--token', 'tok-a', '--town', TOWN, '--node', NODE_A, '--status-every', '1'], cleanups);
    // Killed the moment its first push is on the wire: the server applies it, the console never hears.
    let first: Child | null = null;
    const onForward = (f: { method: string }): void => {
      if (f.method === 'POST' && first) first.kill('SIGKILL');
    };
    proxy.on('forwarded', onForward);
    first = headless();
    await first.waitLine(/^\{"ready":true/, 60_000).catch((e: unknown) => {
      // It may be killed before it prints anything more; only a startup failure matters here.
      if (!/exited \(.*\) before printing/.test(String(e))) throw e;
    });
    const exit = await Promise.race([first.exited, sleep(30_000).then(() => null)]);
    expect(exit, 'the headless console should have been killed mid-push').not.toBeNull();
    expect(exit!.signal).toBe('SIGKILL');
    await first.groupGone(5000); // the console itself, not only npx
    proxy.off('forwarded', onForward);
    // The server did apply that first push…
    await waitFor('the server to apply the first push', async () => (await pullAllOps(server.url, TOWN, 'tok-d')).length >= 500, 60_000);
    const appliedBeforeRestart = (await pullAllOps(server.url, TOWN, 'tok-d')).length;
    expect(appliedBeforeRestart).toBe(500);
    // …and the console never learnt it: its whole outbox is still pending.
    const afterKill = await (async () => {
      const db = openConsoleFile(dbFile);
      try {
        return await readOutbox(db);
      } finally {
        db.close();
      }
    })();
    expect(afterKill.filter((o) => o.status === 'pending').length).toBe(before.length);

    const second = headless();
    await second.waitLine(/^\{"ready":true/, 60_000);
    await waitFor(
      'every op of the console at the server',
      async () => (await pullAllOps(server.url, TOWN, 'tok-d')).length >= before.length,
      30_000,
      async () => `${(await pullAllOps(server.url, TOWN, 'tok-d')).length} of ${before.length}; headless said: ${second.lines.slice(-3).join(' | ')}`,
    );
    await waitFor(
      'the console to record every answer',
      () => second.lines.some((l) => /"pending":0\b/.test(l) && /"state":"connected"/.test(l)),
      15_000,
      () => second.lines.slice(-3).join(' | '),
    );
    await proxy.waitQuiet(200, 60_000);
    second.kill('SIGTERM');
    await second.groupGone(10_000);

    const outbox = await (async () => {
      const db = openConsoleFile(dbFile);
      try {
        return await readOutbox(db);
      } finally {
        db.close();
      }
    })();
    expect(outbox.map((o) => o.opId)).toEqual(before.map((o) => o.opId));
    const sent = await expectExactlyOnce(server.url, async () => outbox, NODE_A);
    expect(sent).toBe(before.length);
    const diff = diffDumps(await dumpConsoleFile(dbFile), await serverDump(server.url), ['console', 'server']);
    expect(diff, diff.join('\n')).toEqual([]);
  });

  it.each(['A first', 'B first', 'together'] as const)(
    'd. two consoles offline on the same events, reconnecting %s: conflicts are rejected and shown with their reason; all converge',
    async (order) => {
      const clock = new ManualClock('2026-11-23T01:00:00.000Z');
      const server = await inProcessServer();
      const proxyA = await proxyTo(server.url, { seed: 41 });
      const proxyB = await proxyTo(server.url, { seed: 42 });
      const a = await consoleCore('a', NODE_A, 'tok-a', proxyA.url, clock);
      const b = await consoleCore('b', NODE_B, 'tok-b', proxyB.url, clock);
      const assign = (title: string): { entityId: string; action: string; payload: Record<string, unknown> } => ({
        entityId: randomUUID(),
        action: 'assign_to_town',
        payload: { title, categoryCode: town.itemCode, level: 'general', source: 'district', reportedAt: clock.now().toISOString() },
      });
      const assigned = Array.from({ length: 18 }, (_, i) => assign(`12345转办 ${i}`));
      await districtPush(server.url, clock, assigned);
      const ids = assigned.map((o) => o.entityId);
      a.sync!.start();
      b.sync!.start();
      await waitConverged(server.url, [a, b], [proxyA, proxyB], 60_000);
      // A few are accepted while online, so both consoles may dispatch them offline.
      const accepted = ids.slice(0, 3);
      for (const id of accepted) await a.events.accept(officerOf(a), id);
      await waitConverged(server.url, [a, b], [proxyA, proxyB], 60_000);

      // The network goes: both keep working on the same events.
      proxyA.setOffline(true);
      proxyB.setOffline(true);
      const offA = officerOf(a);
      const offB = officerOf(b);
      const leaderB = leaderOf(b);
      const dispatchAll = async (core: Core, actor: Actor, id: string): Promise<void> => {
        const p = await core.events.proposeDispatch(actor, id);
        await core.events.acceptAndDispatch(actor, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
      };
      for (const id of accepted) {
        // Both dispatch it, to different lead posts: the later dispatch in the server's order names the lead.
        clock.advance(2000);
        const p = await a.events.proposeDispatch(offA, id);
        await a.events.dispatch(offA, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
        const other = [...b.town.posts.keys()].find((x) => x !== p.lead.id)!;
        await b.events.dispatch(offB, { eventId: id, leadPostId: other, cooperatingPostIds: [], overrideReason: '属地岗位就近处置' });
      }
      for (let i = 3; i < ids.length; i++) {
        const id = ids[i]!;
        clock.advance(2000);
        switch (i % 6) {
          case 0: {
            // Both accept and dispatch — to different lead posts — and both note: the server's order decides the lead.
            await dispatchAll(a, offA, id);
            await a.events.note(offA, id, 'A：已联系责任人');
            const p = await b.events.proposeDispatch(offB, id);
            const other = [...b.town.posts.keys()].find((x) => x !== p.lead.id)!;
            await b.events.acceptAndDispatch(offB, { eventId: id, leadPostId: other, cooperatingPostIds: [], overrideReason: '属地岗位就近处置' });
            await b.events.note(offB, id, 'B：已联系责任人');
            break;
          }
          case 1: // A closes at the desk; B dispatches
            await a.events.accept(offA, id);
            await a.events.close(offA, id, '电话答复办结');
            await dispatchAll(b, offB, id);
            break;
          case 2: // A escalates; B accepts and notes
            await a.events.escalate(offA, id, '需区级协调');
            await b.events.accept(offB, id);
            await b.events.note(offB, id, 'B：受理');
            break;
          case 3: // A notes only; B's leader returns it to the district
            await a.events.note(offA, id, 'A：待核实');
            await b.events.requestReturn(leaderB, id, '不属于本镇');
            break;
          case 4: // both mark it invalid / accept
            await a.events.markInvalid(offA, id, '重复');
            await b.events.accept(offB, id);
            await b.events.close(offB, id, '已答复');
            break;
          default: // only A works on it
            await dispatchAll(a, offA, id);
        }
      }
      // Meanwhile the district hands over more work.
      const more = [assign('区级转办 甲'), assign('区级转办 乙')];
      await districtPush(server.url, clock, more);
      await sleep(300);
      expect((await a.sync!.status()).pending).toBeGreaterThan(0);
      expect((await b.sync!.status()).pending).toBeGreaterThan(0);

      // The network comes back: for one console and then the other (each wins the races on the server),
      // or for both at once (the server's order is whatever the network makes it).
      const reconnect = async (core: Core, proxy: FaultProxy): Promise<void> => {
        proxy.setOffline(false);
        core.sync!.poke();
      };
      if (order === 'together') {
        await reconnect(a, proxyA);
        await reconnect(b, proxyB);
      } else {
        const [first, second] =
          order === 'A first'
            ? ([
                [a, proxyA],
                [b, proxyB],
              ] as const)
            : ([
                [b, proxyB],
                [a, proxyA],
              ] as const);
        await reconnect(...first);
        await waitFor('the first console to push everything', async () => (await first[0].sync!.status()).pending === 0, 60_000);
        await reconnect(...second);
      }
      await waitConverged(server.url, [a, b], [proxyA, proxyB], 60_000);

      const problems = [...(await a.sync!.problems()), ...(await b.sync!.problems())];
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p).toMatchObject({ status: 'rejected', entity: 'event' });
        expect(p.reason).toBe('conflict');
        expect(p.message).not.toBe('');
        expect(ids).toContain(p.entityId);
      }
      const statusA = await a.sync!.status();
      const statusB = await b.sync!.status();
      expect(statusA.rejected + statusB.rejected).toBe(problems.length);
      // Both consoles hold the district's later work too, and the same state as each other.
      for (const m of more) {
        expect((await a.events.detail(offA, m.entityId)).state).toBe('reported');
        expect((await b.events.detail(offB, m.entityId)).state).toBe('reported');
      }
      const dumpA = await a.db.read((sql) => dumpConsole(sql));
      const dumpB = await b.db.read((sql) => dumpConsole(sql));
      expect(diffDumps(dumpA, dumpB, ['A', 'B'])).toEqual([]);
      await a.sync!.stop();
      await b.sync!.stop();
      await expectExactlyOnce(server.url, () => a.db.read((sql) => readOutbox(sql)), NODE_A);
      await expectExactlyOnce(server.url, () => b.db.read((sql) => readOutbox(sql)), NODE_B);
    },
  );

  it("e. a live stream gone silent without closing (half-open) is given up and reopened: the district's work still arrives", async () => {
    const clock = new ManualClock('2026-11-23T01:00:00.000Z');
    const server = await inProcessServer();
    const proxy = await proxyTo(server.url, { seed: 5 });
    // Polling so rare that only the stream can bring the district's op in time.
    const a = await consoleCore('a', NODE_A, 'tok-a', proxy.url, clock, { pollIntervalMs: 60_000, streamIdleMs: 1000 });
    a.sync!.start();
    await waitFor('the stream to open', async () => (await a.sync!.status()).streaming, 60_000);
    const opened = proxy.stats.streamsOpened;
    proxy.stall(); // the path goes silent: no bytes, no FIN, no RST
    const [op] = [
      {
        entityId: randomUUID(),
        action: 'assign_to_town',
        payload: { title: '静默断流后转办', categoryCode: town.itemCode, level: 'general', source: 'district', reportedAt: clock.now().toISOString() },
      },
    ];
    await districtPush(server.url, clock, [op!]);
    await waitFor(
      "the district's op on the console",
      async () => (await a.db.read((sql) => sql.get('SELECT id FROM event WHERE id = ?', [op!.entityId]))) !== undefined,
      10_000,
      async () => JSON.stringify({ status: await a.sync!.status(), proxy: proxy.stats }),
    );
    // The silent stream is given up and a new one opened (the op itself may come by either path).
    await waitFor('a new stream to be opened', async () => proxy.stats.streamsOpened > opened, 60_000);
    await waitFor('the stream to be open again', async () => (await a.sync!.status()).streaming, 60_000);
    await waitConverged(server.url, [a], [], 60_000);
  });
});
