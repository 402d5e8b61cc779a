/**
 * What comes down from the district, over real HTTP:
 * - a district that misbehaves (an op with a `null` payload, an op that is not JSON on the stream,
 *   an op of an unknown entity) cannot stop the pull: the bad op is quarantined — kept, listed in
 *   同步问题 with its reason, counted in the status — and every op after it is applied;
 * - a console started against a district that already holds ops of every kind applies every one on
 *   its first start (the worker starts only after every sink is registered).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { sampleTown, sampleTownSeed, type SampleTown } from '../support/sample-town-core';
import { NODE_A, NODE_B, NODE_D, syncingCore, TOKENS, TOWN, districtOp, districtReport } from './harness';

let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-inbox-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

/** The town's codes, for the district's ops. */
let town: SampleTown;
beforeAll(async () => {
  town = await sampleTownSeed();
});

const report = (title: string) => districtReport(town, clock, title);

const serverOp = (serverSeq: number, over: Record<string, unknown> = {}) => districtOp(town, clock, serverSeq, over);

/** A district that serves whatever ops it is given, as they are: a real HTTP server that does not keep the protocol. */
async function looseDistrict(): Promise<{ url: string; ops: Record<string, unknown>[]; streamBody: string[] }> {
  const ops: Record<string, unknown>[] = [];
  const streamBody: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('X-Server-Time', new Date().toISOString());
    if (req.method === 'POST' && url.pathname.endsWith('/ops')) {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as { ops: { opId: string }[] };
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ results: body.ops.map((op, i) => ({ opId: op.opId, status: 'applied', version: 1, serverSeq: 10_000 + i })) }));
      });
      return;
    }
    if (url.pathname.endsWith('/ops')) {
      const after = Number(url.searchParams.get('after') ?? '0');
      const page = ops.filter((op) => typeof op.serverSeq !== 'number' || op.serverSeq > after);
      const last = page.reduce((max, op) => (typeof op.serverSeq === 'number' ? Math.max(max, op.serverSeq) : max), after);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ ops: page, cursor: String(last), more: false }));
      return;
    }
    if (url.pathname.endsWith('/snapshot')) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ cursor: '0', entities: [] }));
      return;
    }
    if (url.pathname.endsWith('/stream')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      for (const block of streamBody) res.write(block);
      return; // left open, like a live stream
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => void server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ops, streamBody };
}

async function titles(core: Core): Promise<string[]> {
  const rows = await core.db.read((sql) => sql.all<{ title: string }>(`SELECT title FROM event ORDER BY title`));
  return rows.map((r) => r.title);
}

describe('the inbox', () => {
  it('a pulled op with a null payload is quarantined and listed, and never blocks the ops after it', async () => {
    const district = await looseDistrict();
    district.ops.push(serverOp(1), serverOp(2, { payload: null }), serverOp(3, { entity: 'spaceship', kind: 'upsert', action: undefined, payload: {} }), serverOp(4));
    const core = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: district.url, clock, sync: { live: false } });
    cleanups.push(() => core.close());

    await core.sync!.syncOnce();
    expect(await titles(core)).toEqual(['区级转办 1', '区级转办 4']);
    const problems = await core.sync!.problems();
    expect(problems.map((p) => [p.direction, p.status, p.reason, p.entityId === district.ops[1]!.entityId || p.entityId === district.ops[2]!.entityId])).toEqual([
      ['pull', 'quarantined', 'invalid', true],
      ['pull', 'quarantined', 'invalid', true],
    ]);
    expect(problems.map((p) => p.message).join(' ')).toMatch(/payload/);
    const status = await core.sync!.status();
    expect(status.quarantined).toBe(2);
    expect(status.cursor).toBe('4');

    // The next op arrives as usual; the quarantined ones are not asked for again.
    district.ops.push(serverOp(5));
    await core.sync!.syncOnce();
    expect(await titles(core)).toEqual(['区级转办 1', '区级转办 4', '区级转办 5']);
    expect((await core.sync!.problems()).length).toBe(2);
  });

  it('a streamed event that is not JSON is quarantined and the stream goes on', async () => {
    const district = await looseDistrict();
    const first = serverOp(1);
    const third = serverOp(3);
    district.streamBody.push(`id: 1\ndata: ${JSON.stringify(first)}\n\n`, `id: 2\ndata: {"opId": "half an op\n\n`, `id: 3\ndata: ${JSON.stringify(third)}\n\n`);
    const core = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: district.url, clock, sync: { live: true, pollIntervalMs: 60_000 } });
    cleanups.push(() => core.close());
    core.sync!.start();
    await expect.poll(() => titles(core), { timeout: 60_000 }).toEqual(['区级转办 1', '区级转办 3']);
    await expect.poll(async () => (await core.sync!.problems()).map((p) => [p.direction, p.reason]), { timeout: 60_000 }).toEqual([['pull', 'invalid']]);
    expect((await core.sync!.status()).cursor).toBe('3');
  });

  it('a console started against a district that holds ops of every kind applies every one on its first start', async () => {
    const server: DistrictServer = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
    cleanups.push(() => server.close());
    // Another console of the town does a day's work: an absence, the duty log, the month's roster.
    const b = await syncingCore({ dir, name: 'b', nodeId: NODE_B, token: 'tok-b', upstream: server.url, clock });
    const leader = sampleTown(b).leader;
    const post = [...b.town.posts.values()].find((p) => p.aPersonId && p.bPersonId)!;
    const { absence } = await b.roster.addAbsence(leader, { personId: post.aPersonId!, kind: 'business_trip', from: '2026-11-23', to: '2026-11-24' });
    await b.dutyLog.add(sampleTown(b).officer, { kind: 'call', text: '区应急局来电：注意今夜降雨' });
    await b.roster.generate(leader, '2026-11');
    await b.sync!.syncOnce();
    await b.close();
    // The district sends an event and a plan template.
    const push = async (op: Record<string, unknown>, n: number): Promise<void> => {
      const body = {
        nodeId: NODE_D,
        ops: [{ opId: randomUUID(), nodeId: NODE_D, seq: n, hlc: `${clock.now().toISOString()}-${String(n).padStart(4, '0')}-${NODE_D}`, at: clock.now().toISOString(), ...op }],
      };
      const res = await fetch(`${server.url}/v1/towns/${TOWN}/ops`, {
        method: 'POST',
        headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(((await res.json()) as { results: { status: string }[] }).results[0]!.status).toBe('applied');
    };
    const eventId = randomUUID();
    await push({ entity: 'event', entityId: eventId, kind: 'action', action: 'assign_to_town', payload: report('区级转办：河道漂浮物') }, 1);
    const templateId = randomUUID();
    const postId = post.id;
    await push(
      {
        entity: 'planTemplate',
        entityId: templateId,
        kind: 'upsert',
        payload: {
          name: '区级防汛预案',
          kind: 'flood',
          description: '',
          triggers: [{ kind: 'manual' }],
          steps: [{ id: 's1', title: '巡查河道', postId, ackMinutes: 5, limitMinutes: 30, after: [], checklist: [] }],
          contacts: [],
        },
      },
      2,
    );

    // First start of console A, its sync loop running from the start.
    const a = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: server.url, clock, sync: { live: false, pollIntervalMs: 60_000 }, startSync: true });
    cleanups.push(() => a.close());
    await expect.poll(async () => (await a.sync!.status()).cursor, { timeout: 60_000 }).not.toBe('0');
    const cursor = Number((await a.sync!.status()).cursor);
    expect(cursor).toBeGreaterThanOrEqual(5);
    // Every kind is where a person sees it.
    expect(await titles(a)).toContain('区级转办：河道漂浮物');
    expect((await a.roster.absences(sampleTown(a).leader, { includeCancelled: false })).map((x) => x.id)).toEqual([absence.id]);
    expect((await a.plans.templates(sampleTown(a).leader)).find((t) => t.id === templateId)).toMatchObject({ source: 'district', name: '区级防汛预案' });
    const records = await a.db.read((sql) => sql.all<{ entity: string }>(`SELECT DISTINCT entity FROM sync_record ORDER BY entity`));
    expect(records.map((r) => r.entity)).toEqual(expect.arrayContaining(['absence', 'dutyLog', 'planTemplate', 'roster']));
    expect(await a.sync!.problems()).toEqual([]);
  });
});
