/**
 * Attachments' transport (PROTOCOL.md v1.1 "Attachments"): two consoles of the sample town 白鹭镇 and
 * the reference district server on loopback, real HTTP, real files. A blob goes up before the op that
 * names it, comes down when another console opens it, is missing (never an error) when the district
 * lacks it, is checked by its hash both ways, and an upload the district fails keeps the op unsent.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { blobsNamedBy, MAX_BLOB_BYTES, sha256Of } from '../../main/core/sync/blob-store';
import { callApi, type Session } from '../../main/ipc/handlers';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { refusedWith } from '../support/refused';
import { SAMPLE_PASSWORD, sampleTown, sampleTownSeed, type SampleTown } from '../support/sample-town-core';
import { districtOp, NODE_A, NODE_B, syncingCore, TOKENS, TOWN } from './harness';

let dir: string;
let server: DistrictServer;
const cores: Core[] = [];
const closers: (() => Promise<void>)[] = [];
const clock = new ManualClock('2026-11-23T01:00:00.000Z');
let town: SampleTown;

beforeAll(async () => {
  town = await sampleTownSeed();
});
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-sync-blobs-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS });
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const close of closers.splice(0)) await close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function consoleCore(name: string, nodeId: string, token: string, options: { upstream?: string; fetch?: typeof fetch } = {}): Promise<Core> {
  const core = await syncingCore({ dir, name, nodeId, token, upstream: options.upstream ?? server.url, clock, sync: options.fetch ? { fetch: options.fetch } : {} });
  cores.push(core);
  return core;
}

const blobUrl = (sha: string): string => `${server.url}/v1/towns/${TOWN}/blobs/${sha}`;
const districtHas = async (sha: string): Promise<boolean> => (await fetch(blobUrl(sha), { method: 'HEAD', headers: { Authorization: 'Bearer tok-d' } })).status === 200;

/** An event reported on `core`, and an op of it that names `shas` (a note with `payload.blobs`), written through the kernel. */
async function noteNaming(core: Core, shas: string[]): Promise<{ eventId: string; opId: string }> {
  const officer = sampleTown(core).officer;
  const eventId = await core.events.report(officer, { title: '井盖缺失', categoryCode: town.itemCode, level: 'general', source: 'phone' });
  await core.kernel.run({ name: 'test.noteWithAttachments', actor: officer, audit: false }, (tx) =>
    tx.outbox({ entity: 'event', entityId: eventId, kind: 'action', action: 'note', payload: { text: '现场照片', blobs: shas }, hlc: tx.hlc.now(), at: tx.at }),
  );
  const opId = await core.kernel.read(async (sql) => (await sql.get<{ op_id: string }>(`SELECT op_id FROM outbox ORDER BY seq DESC LIMIT 1`))!.op_id);
  return { eventId, opId };
}

const outboxStatus = (core: Core, opId: string): Promise<string | undefined> =>
  core.kernel.read(async (sql) => (await sql.get<{ status: string }>(`SELECT status FROM outbox WHERE op_id = ?`, [opId]))?.status);

async function districtOps(): Promise<{ opId: string; payload: Record<string, unknown> }[]> {
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-d' } });
  return ((await res.json()) as { ops: { opId: string; payload: Record<string, unknown> }[] }).ops;
}

describe('how an op names blobs', () => {
  it("an attach action's payload.sha256 and any op's payload.blobs; nothing else", () => {
    const x = 'a'.repeat(64);
    const y = 'b'.repeat(64);
    expect(blobsNamedBy({ action: 'attach', payload: { sha256: x, name: '照片.jpg', mime: 'image/jpeg', bytes: 3 } })).toEqual([x]);
    expect(blobsNamedBy({ action: 'note', payload: { text: 't', blobs: [x, y, x] } })).toEqual([x, y]);
    expect(blobsNamedBy({ action: 'note', payload: { sha256: x } })).toEqual([]);
    expect(blobsNamedBy({ payload: { blobs: ['not-a-hash', x.toUpperCase(), 7] } })).toEqual([]);
  });
});

describe('attachments between two consoles through the district', () => {
  it('console 1 uploads the blob before the op naming it; console 2 opens it: the same bytes, kept', async () => {
    const order: string[] = [];
    const watching = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      if (method === 'POST' && url.pathname.endsWith('/ops')) {
        const body = JSON.parse(String(init?.body)) as { ops: { payload: Record<string, unknown> }[] };
        // At the moment the op goes, the district must hold every blob it names.
        for (const op of body.ops) for (const sha of blobsNamedBy(op)) order.push(`op naming ${sha.slice(0, 8)}: district has it ${await districtHas(sha)}`);
      }
      const res = await fetch(input, init);
      if (method === 'PUT') order.push(`PUT ${url.pathname.split('/').pop()!.slice(0, 8)} ${res.status}`);
      return res;
    }) as typeof fetch;
    const a = await consoleCore('a', NODE_A, 'tok-a', { fetch: watching });
    const b = await consoleCore('b', NODE_B, 'tok-b');

    const bytes = randomBytes(300_000);
    const sha = await a.blobs.put(bytes);
    expect(sha).toBe(sha256Of(bytes));
    expect(readFileSync(path.join(dir, 'a', 'blobs', sha)).equals(bytes)).toBe(true);
    expect(await a.blobs.pendingUpload(sha)).toBe(true);
    expect(await districtHas(sha)).toBe(false);
    const { opId } = await noteNaming(a, [sha]);

    await a.sync!.syncOnce();
    expect(order).toEqual([`PUT ${sha.slice(0, 8)} 201`, `op naming ${sha.slice(0, 8)}: district has it true`]);
    expect(await outboxStatus(a, opId)).toBe('sent');
    expect(await a.blobs.pendingUpload(sha)).toBe(false);

    await b.sync!.syncOnce();
    expect(existsSync(path.join(dir, 'b', 'blobs', sha))).toBe(false); // the pull fetches no blob
    const opened = await b.blobs.open(sha);
    expect(opened.missing).toBe(false);
    expect(!opened.missing && opened.bytes.equals(bytes)).toBe(true);
    expect(readFileSync(path.join(dir, 'b', 'blobs', sha)).equals(bytes)).toBe(true); // kept: opened again without the district
    await server.close();
    const again = await b.blobs.open(sha);
    expect(!again.missing && again.bytes.equals(bytes)).toBe(true);
  });

  it('a blob the district lacks is missing on open, and the pull carries on', async () => {
    const b = await consoleCore('b', NODE_B, 'tok-b');
    const lacking = sha256Of(Buffer.from('照片从未上传'));
    const op = districtOp(town, clock, 1, {});
    (op.payload as Record<string, unknown>).blobs = [lacking];
    const push = await fetch(`${server.url}/v1/towns/${TOWN}/ops`, {
      method: 'POST',
      headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
      body: JSON.stringify({ nodeId: op.nodeId, ops: [{ ...op, serverSeq: undefined, receivedAt: undefined }] }),
    });
    expect(push.status).toBe(200);

    expect((await b.sync!.syncOnce()).pulled).toBe(1);
    expect(await b.blobs.open(lacking)).toEqual({ missing: true, reason: 'not_found' });
    expect(existsSync(path.join(dir, 'b', 'blobs', lacking))).toBe(false);
    // The pull goes on as before: the next op of the district arrives.
    const next = districtOp(town, clock, 2, {});
    await fetch(`${server.url}/v1/towns/${TOWN}/ops`, {
      method: 'POST',
      headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
      body: JSON.stringify({ nodeId: next.nodeId, ops: [{ ...next, serverSeq: undefined, receivedAt: undefined }] }),
    });
    expect((await b.sync!.syncOnce()).pulled).toBe(1);
    expect((await b.sync!.problems()).length).toBe(0);

    // A district that cannot be reached: missing too, said so.
    await server.close();
    expect(await b.blobs.open(lacking)).toEqual({ missing: true, reason: 'unreachable' });
  });

  it('a damaged file here is detected: moved aside and fetched again; bytes from the district that are not the named ones are not kept', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const b = await consoleCore('b', NODE_B, 'tok-b');
    const bytes = randomBytes(5000);
    const sha = await a.blobs.put(bytes);
    await noteNaming(a, [sha]);
    await a.sync!.syncOnce();

    const file = path.join(dir, 'a', 'blobs', sha);
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 4999), Buffer.from([bytes[4999]! ^ 1])]));
    const opened = await a.blobs.open(sha);
    expect(!opened.missing && opened.bytes.equals(bytes)).toBe(true);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(dir, 'a', 'blobs', 'corrupt')).map((f) => f.split('.')[0])).toEqual([sha]);

    // The district's copy damaged on its disk: console 2 does not keep it, and says the blob is damaged.
    writeFileSync(path.join(dir, 'district', 'blobs', TOWN, sha), Buffer.from('not the photo'));
    expect(await b.blobs.open(sha)).toEqual({ missing: true, reason: 'corrupt' });
    expect(existsSync(path.join(dir, 'b', 'blobs', sha))).toBe(false);
  });

  it('an op naming a blob lost here before its upload is set aside (blob_missing); the ops after it go on', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const sha = await a.blobs.put(randomBytes(2000));
    const { opId } = await noteNaming(a, [sha]);
    writeFileSync(path.join(dir, 'a', 'blobs', sha), Buffer.from('damaged'));
    const later = await a.events.report(sampleTown(a).officer, { title: '路灯不亮', categoryCode: town.itemCode, level: 'general', source: 'phone' });

    await a.sync!.syncOnce();
    expect(await outboxStatus(a, opId)).toBe('quarantined');
    expect(await districtHas(sha)).toBe(false);
    const sent = await districtOps();
    expect(sent.some((op) => op.opId === opId)).toBe(false);
    expect(sent.length).toBe(2); // the report before it and the report after it
    const problem = (await a.sync!.problems()).find((p) => p.opId === opId);
    expect(problem?.reason).toBe('blob_missing');
    expect(later).toBeTruthy();
  });

  it('an upload the district fails (500) keeps the op unsent until the blob goes', async () => {
    // A real HTTP hop in front of the district that answers 500 to blob uploads while `failing`.
    let failing = true;
    const proxy = http.createServer((req, res) => {
      if (failing && req.method === 'PUT' && req.url?.includes('/blobs/')) {
        req.resume();
        req.on('end', () => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end('{"error":{"code":"internal","message":"disk full"}}');
        });
        return;
      }
      const target = new URL(server.url);
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const a = await consoleCore('a', NODE_A, 'tok-a', { upstream: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });

    const bytes = randomBytes(10_000);
    const sha = await a.blobs.put(bytes);
    const { opId } = await noteNaming(a, [sha]);
    await expect(a.sync!.syncOnce()).rejects.toMatchObject({ status: 500 });
    await expect(a.sync!.syncOnce()).rejects.toMatchObject({ status: 500 });
    expect(await outboxStatus(a, opId)).toBe('pending');
    expect(await a.blobs.pendingUpload(sha)).toBe(true);
    expect((await districtOps()).some((op) => op.opId === opId)).toBe(false);

    failing = false;
    await a.sync!.syncOnce();
    expect(await outboxStatus(a, opId)).toBe('sent');
    expect(await districtHas(sha)).toBe(true);
    expect((await districtOps()).find((op) => op.opId === opId)?.payload.blobs).toEqual([sha]);
  });

  it('refuses an attachment over 20 MiB (blob_too_large) and keeps nothing', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    await refusedWith(a.blobs.put(Buffer.alloc(MAX_BLOB_BYTES + 1)), 'blob_too_large');
    expect(existsSync(path.join(dir, 'a', 'blobs')) ? readdirSync(path.join(dir, 'a', 'blobs')).filter((f) => /^[0-9a-f]{64}$/.test(f)) : []).toEqual([]);
  });

  it('blobs:open at the door: zod checks the address, the bytes come back as a file, a missing one as missing', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const b = await consoleCore('b', NODE_B, 'tok-b');
    const bytes = randomBytes(3000);
    const sha = await a.blobs.put(bytes);
    await noteNaming(a, [sha]);
    await a.sync!.syncOnce();

    const session: Session = { actor: null };
    const username = b.town.people.get(sampleTown(b).officer.id)!.username!;
    expect((await callApi(b, session, 'session:login', { username, password: SAMPLE_PASSWORD })).ok).toBe(true);
    const call = (request: unknown) => callApi(b, session, 'blobs:open', request, { checkResponses: true });

    const opened = await call({ sha256: sha, name: '现场照片.jpg', mime: 'image/jpeg' });
    expect(opened).toMatchObject({ ok: true, data: { missing: false, fileName: '现场照片.jpg', mimeType: 'image/jpeg' } });
    expect(Buffer.from((opened as { data: { dataBase64: string } }).data.dataBase64, 'base64').equals(bytes)).toBe(true);
    expect(await call({ sha256: sha256Of(Buffer.from('无此附件')) })).toEqual({ ok: true, data: { missing: true, reason: 'not_found' } });
    expect(await call({ sha256: sha.toUpperCase() })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call({ sha256: sha, extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(b, { actor: null }, 'blobs:open', { sha256: sha })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
