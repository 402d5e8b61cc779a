/**
 * 上级联网 through the door, against a real reference district on loopback (白鹭镇, never the demo
 * town): 测试连接 says what is wrong (unreachable, 401, 403 another town's or another node's token, a certificate nobody
 * vouches for, not a district at all) and changes nothing; only an administrator saves; a bad address
 * or another town's code is refused with its field; saved, sync starts at once without a restart (an
 * event reaches the district), the token is kept apart from the database in a 0600 file and never
 * audited; a restart links again from what was saved; removed, sync stops and the token is gone.
 */
import { readFileSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi, type Session } from '../../main/ipc/handlers';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { SAMPLE_PASSWORD, SET_UP, sampleTown, sampleTownCore } from '../support/sample-town-core';
import { NODE_A, TOKENS, TOWN } from './harness';

const OTHER_TOWN = '330110999000';
const tokens = { ...TOKENS, 'tok-other': { townCode: OTHER_TOWN, nodeId: 'e0000000-0000-4000-8000-00000000000e' } };

let dir: string;
let server: DistrictServer;
let core: Core | null = null;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-link-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens, pingIntervalMs: 200 });
});
afterEach(async () => {
  await core?.close();
  core = null;
  for (const close of closers.splice(0)) await close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = () =>
  sampleTownCore({
    dataDir: path.join(dir, 'console'),
    clock: new ManualClock('2026-11-23T01:00:00.000Z'),
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    nodeId: NODE_A,
    backupIntervalMs: 0,
    syncTuning: { requestTimeoutMs: 3000 },
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked against their schemas (checkResponses)
const call = (session: Session, channel: string, request: unknown = {}) => callApi(core!, session, channel, request, { checkResponses: true }) as Promise<any>;

async function signIn(username: string, password: string): Promise<Session> {
  const session: Session = { actor: null };
  expect((await call(session, 'session:login', { username, password })).ok).toBe(true);
  return session;
}

/** A plain server on loopback that is no district (answers what `answer` says), closed after the test. */
async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return String((server.address() as AddressInfo).port);
}

describe('上级联网', () => {
  it('测试连接 says what is wrong, in a way the page can name, and changes nothing', async () => {
    core = await open();
    const admin = await signIn(SET_UP.admin.username, SET_UP.admin.password);
    const test = (over: Record<string, unknown>) => call(admin, 'link:test', { upstream: server.url, townCode: TOWN, token: 'tok-a', ...over });

    expect(await test({})).toMatchObject({ ok: true, data: { ok: true } });
    expect(await test({ token: 'nobody-knows-me' })).toMatchObject({ ok: true, data: { ok: false, fault: 'unauthorized' } });
    expect(await test({ token: 'tok-other' })).toMatchObject({ ok: true, data: { ok: false, fault: 'wrong_town' } });
    // The town's token for another console (node): the pull answers, the push would not.
    expect(await test({ token: 'tok-b' })).toMatchObject({ ok: true, data: { ok: false, fault: 'wrong_node' } });

    // Nobody listens there.
    const closed = createHttpServer();
    const port = await listening(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    closers.pop();
    expect(await test({ upstream: `http://127.0.0.1:${port}` })).toMatchObject({ ok: true, data: { ok: false, fault: 'unreachable' } });

    // A web server that is not a district.
    const web = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>内网门户</html>'));
    expect(await test({ upstream: `http://127.0.0.1:${await listening(web)}` })).toMatchObject({ ok: true, data: { ok: false, fault: 'not_district' } });

    // https with a certificate nobody vouches for (self-signed).
    const fixtures = path.join(__dirname, 'fixtures');
    const tls = createHttpsServer({ cert: readFileSync(path.join(fixtures, 'self-signed.crt')), key: readFileSync(path.join(fixtures, 'self-signed.key')) }, (_req, res) =>
      res.writeHead(200).end('{"ops":[]}'),
    );
    expect(await test({ upstream: `https://127.0.0.1:${await listening(tls)}` })).toMatchObject({ ok: true, data: { ok: false, fault: 'certificate' } });

    expect((await call(admin, 'link:status')).data).toMatchObject({ configured: false, running: false, tokenStored: false });
    expect(core.sync).toBeNull();
  });

  it('only an administrator saves; a bad address or another town is refused with its field; nothing is saved', async () => {
    core = await open();
    const admin = await signIn(SET_UP.admin.username, SET_UP.admin.password);
    const officer = await signIn(core.town.people.get(sampleTown(core).officer.id)!.username!, SAMPLE_PASSWORD);
    const good = { upstream: server.url, townCode: TOWN, token: 'tok-a' };
    expect(await call(officer, 'link:save', good)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(officer, 'link:status')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(admin, 'link:save', { ...good, upstream: 'ftp://district/' })).toMatchObject({ ok: false, error: { code: 'invalid', params: { field: 'upstream' } } });
    expect(await call(admin, 'link:save', { ...good, upstream: 'http://user:pw@district/' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', params: { field: 'upstream' } },
    });
    expect(await call(admin, 'link:save', { ...good, townCode: OTHER_TOWN })).toMatchObject({ ok: false, error: { code: 'town_code_mismatch', params: { expected: TOWN } } });
    expect(await call(admin, 'link:save', { upstream: server.url, townCode: TOWN })).toMatchObject({ ok: false, error: { code: 'invalid', params: { field: 'token' } } });
    expect((await call(admin, 'link:status')).data).toMatchObject({ configured: false, running: false });
    expect(existsSync(path.join(dir, 'console', 'district-token'))).toBe(false);
  });

  it('saved: sync starts without a restart, the token is a 0600 file and in no table; a restart links again; removed: it stops', async () => {
    core = await open();
    const admin = await signIn(SET_UP.admin.username, SET_UP.admin.password);
    const saved = await call(admin, 'link:save', { upstream: `${server.url}/`, townCode: TOWN, token: 'tok-a' });
    expect(saved).toMatchObject({ ok: true, data: { configured: true, running: true, upstream: server.url, townCode: TOWN, tokenStored: true, protection: 'file' } });
    const tokenFile = path.join(dir, 'console', 'district-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8')).toBe('tok-a');
    const everything = await core.db.read(async (sql) => JSON.stringify([await sql.all(`SELECT * FROM meta`), await sql.all(`SELECT * FROM audit_log`)]));
    expect(everything).not.toContain('tok-a');

    // The loop runs: a report reaches the district.
    const town = sampleTown(core);
    const eventId = await core.events.report(town.officer, { title: '芦花村口积水', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    const districtHas = async () => {
      const res = await fetch(`${server.url}/v1/towns/${TOWN}/snapshot`, { headers: { Authorization: 'Bearer tok-d' } });
      return ((await res.json()) as { entities: { entityId: string }[] }).entities.some((e) => e.entityId === eventId);
    };
    await expect.poll(districtHas, { timeout: 60_000, interval: 50 }).toBe(true);
    await expect.poll(async () => (await core!.sync!.status()).state, { timeout: 60_000, interval: 50 }).toBe('connected');

    // A restart without any option links from what was saved.
    await core.close();
    core = await open();
    expect(core.sync).not.toBeNull();
    const again = await signIn(SET_UP.admin.username, SET_UP.admin.password);
    expect((await call(again, 'link:status')).data).toMatchObject({ configured: true, running: true });

    // Removed: stopped at once, the token gone, audited both times.
    expect(await call(again, 'link:remove')).toMatchObject({ ok: true, data: { configured: false, running: false, tokenStored: false } });
    expect(core.sync).toBeNull();
    expect(existsSync(tokenFile)).toBe(false);
    const audited = await core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'link.%' ORDER BY id`));
    expect(audited.map((a) => a.action)).toEqual(['link.save', 'link.remove']);
  });
});
