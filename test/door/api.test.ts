/**
 * The API's front doors with hostile input: the handler table through callApi, and the web
 * console's WebSocket on a real loopback port. Every bad call gets a clear error and the database
 * stays exactly as it was.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callApi, type Session } from '../../main/ipc/handlers';
import { isTrustedSenderUrl, registerIpc, type IpcInvokeEventLike } from '../../main/ipc/handle';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { startWebConsole, type WebConsole } from '../../main/web/server';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

async function dbState(): Promise<string> {
  return t.core.db.read(async (sql) =>
    JSON.stringify(
      await Promise.all(['event', 'event_timeline', 'outbox', 'assignment', 'approval', 'alarm', 'calendar_override'].map((table) => sql.all(`SELECT * FROM ${table}`))),
    ),
  );
}

async function signedIn(username = 'zhangwei'): Promise<Session> {
  const session: Session = { actor: null };
  const result = await callApi(t.core, session, 'session:login', { username, password: DEMO_PASSWORD });
  expect(result.ok).toBe(true);
  return session;
}

describe('callApi refuses bad calls with a clear error and changes nothing', () => {
  it('unknown commands, missing sign-in, wrong types, huge strings, extra fields', async () => {
    const session = await signedIn();
    const report = { title: '路灯不亮', categoryCode: 'SAFE-001', level: 'general', source: 'phone' };
    await callApi(t.core, session, 'events:report', report);
    const before = await dbState();
    const cases: [unknown, unknown, string, RegExp][] = [
      ['events:explode', {}, 'bad_request', /unknown command/],
      [{ toString: 1 }, {}, 'bad_request', /unknown command/],
      ['__proto__', {}, 'bad_request', /unknown command/],
      ['events:report', { ...report, level: 'apocalyptic' }, 'bad_request', /level/],
      ['events:report', { ...report, title: 'x'.repeat(1_000_000) }, 'bad_request', /title/],
      ['events:report', { ...report, title: 42 }, 'bad_request', /title/],
      ['events:report', { ...report, sql: "'; DROP TABLE event; --" }, 'bad_request', /sql/],
      ['events:report', null, 'bad_request', /title/],
      ['events:report', 'a string', 'bad_request', /expected object/],
      ['events:accept', { eventId: 'does-not-exist' }, 'not_found', /no event/],
      ['events:dispatch', { eventId: 'x', leadPostId: 'y', cooperatingPostIds: 'z' }, 'bad_request', /cooperatingPostIds/],
      ['events:queue', { limit: -5 }, 'bad_request', /limit/],
      ['events:report', { ...report, location: { lng: 'east', lat: 0 } }, 'bad_request', /location/],
      ['calendar:setYear', { year: 2027, holidays: [], workdays: [] }, 'forbidden', /may not/],
    ];
    for (const [channel, args, code, message] of cases) {
      const result = await callApi(t.core, session, channel, args);
      expect(result.ok, `${JSON.stringify(channel)} should be refused`).toBe(false);
      if (!result.ok) {
        expect(result.error.code, JSON.stringify(channel)).toBe(code);
        expect(result.error.message).toMatch(message);
      }
    }
    expect(await dbState()).toBe(before);
  });

  it('refuses everything but sign-in before sign-in, and wrong passwords', async () => {
    const session: Session = { actor: null };
    const before = await dbState();
    expect(await callApi(t.core, session, 'events:queue', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await callApi(t.core, session, 'events:report', { title: 'x', categoryCode: 'SAFE-001', level: 'general', source: 'phone' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await callApi(t.core, session, 'session:login', { username: 'zhangwei', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await callApi(t.core, session, 'session:login', { username: 'nobody', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await dbState()).toBe(before);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['login.failed', 'login.failed']);
  });

  it('every response of a full loop matches its schema', async () => {
    const session = await signedIn();
    const ok = async (channel: string, args: unknown) => {
      const r = await callApi(t.core, session, channel, args, { checkResponses: true });
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.data as Record<string, unknown>;
    };
    const { eventId } = (await ok('events:report', { title: '井盖缺失', categoryCode: 'SAFE-001', level: 'major', source: 'walk_in', gridCode: 'G03' })) as { eventId: string };
    const proposal = (await ok('events:proposeDispatch', { eventId })) as { lead: { id: string }; cooperating: { id: string }[] };
    await ok('events:acceptAndDispatch', { eventId, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((c) => c.id) });
    for (const [channel, args] of [
      ['events:queue', { limit: 50 }],
      ['events:get', { eventId }],
      ['town:get', {}],
      ['town:grids', {}],
      ['alarms:list', {}],
      ['catalogue:search', { q: 'aq' }],
      ['calendar:status', {}],
      ['approvals:list', { pendingOnly: true }],
      ['session:me', {}],
      ['clock:now', {}],
    ] as const) {
      await ok(channel, args);
    }
  });
});

describe('Electron IPC front door', () => {
  it('accepts calls only from the console page in the top frame', async () => {
    expect(isTrustedSenderUrl('app://duty-desk/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://duty-desk/index.html#/wall/L1/s1-1?t=x')).toBe(true);
    // Pages no longer come from file://, and no other page of the scheme is the console.
    expect(isTrustedSenderUrl('file:///opt/duty-desk/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isTrustedSenderUrl('app://duty-desk/assets/evil.html')).toBe(false);
    expect(isTrustedSenderUrl('app://elsewhere/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://evil.example/index.html')).toBe(false);
    expect(isTrustedSenderUrl('http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isTrustedSenderUrl('http://127.0.0.1:9999/', 'http://127.0.0.1:5173')).toBe(false);
    const handlers = new Map<string, (event: IpcInvokeEventLike, request: unknown) => Promise<unknown>>();
    const unregister = registerIpc({ handle: (c, l) => handlers.set(c, l), removeHandler: (c) => handlers.delete(c) }, t.core);
    const login = handlers.get('session:login')!;
    const page = { sender: { id: 1 }, senderFrame: { url: 'app://duty-desk/index.html', parent: null } };
    const iframe = { sender: { id: 1 }, senderFrame: { url: 'app://duty-desk/index.html', parent: {} } };
    const foreign = { sender: { id: 2 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await login(iframe, { username: 'zhangwei', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await login(foreign, { username: 'zhangwei', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await login(page, { username: 'zhangwei', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    // The session belongs to that window only.
    expect(await handlers.get('events:queue')!(page, { limit: 5 })).toMatchObject({ ok: true });
    expect(await handlers.get('events:queue')!({ ...page, sender: { id: 3 } }, { limit: 5 })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('web console WebSocket', () => {
  let web: WebConsole;
  beforeEach(async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'dd-renderer-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
    web = await startWebConsole(t.core, { rendererDir });
  });
  afterEach(async () => {
    await web.close();
  });

  const open = (query: string, headers: Record<string, string> = {}): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws${query}`, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });

  const ask = (ws: WebSocket, payload: string | Buffer): Promise<{ id: unknown; result: { ok: boolean; error?: { code: string; message: string } } }> =>
    new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString());
        if ('feed' in message) return;
        ws.off('message', onMessage);
        resolve(message);
      };
      ws.on('message', onMessage);
      ws.send(payload);
    });

  it('listens on 127.0.0.1 only and sends the CSP', async () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const res = await fetch(`http://127.0.0.1:${web.port}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    // The page may open a socket to its own console's port only, not to every loopback port.
    const connect = /connect-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    expect(connect).toBe(`'self' ws://127.0.0.1:${web.port}`);
    expect((await fetch(`http://127.0.0.1:${web.port}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(500);
  });

  it('refuses a socket without the token, with a wrong one, or from a foreign page', async () => {
    await expect(open('')).rejects.toThrow(/401/);
    await expect(open('?token=wrong')).rejects.toThrow(/401/);
    await expect(open(`?token=${web.token}`, { Origin: 'https://evil.example' })).rejects.toThrow(/401/);
    const ws = await open(`?token=${web.token}`);
    ws.close();
  });

  it('answers malformed messages with an error and keeps the database unchanged', async () => {
    const before = await dbState();
    const ws = await open(`?token=${web.token}`);
    const garbage = await ask(ws, '{not json');
    expect(garbage).toMatchObject({ id: null, result: { ok: false, error: { code: 'bad_request' } } });
    expect(await ask(ws, '[1,2,3]')).toMatchObject({ result: { ok: false, error: { code: 'bad_request' } } });
    expect(await ask(ws, JSON.stringify({ id: 1, channel: 'events:report', args: { title: 'x', categoryCode: 'SAFE-001', level: 'general', source: 'phone' } }))).toMatchObject({
      id: 1,
      result: { ok: false, error: { code: 'unauthenticated' } },
    });
    expect(await ask(ws, JSON.stringify({ id: 2, channel: 'session:login', args: { username: 'zhangwei', password: DEMO_PASSWORD } }))).toMatchObject({
      id: 2,
      result: { ok: true },
    });
    expect(await ask(ws, JSON.stringify({ id: 3, channel: 'no:such', args: {} }))).toMatchObject({ id: 3, result: { ok: false, error: { code: 'bad_request' } } });
    expect(await ask(ws, JSON.stringify({ id: 4, channel: 'events:accept', args: { eventId: ['array'] } }))).toMatchObject({
      id: 4,
      result: { ok: false, error: { code: 'bad_request' } },
    });
    // A message over the size limit closes the socket (1009) without touching the database.
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 5, channel: 'events:note', args: { eventId: 'x', text: 'y'.repeat(2_000_000) } }));
    expect(await closed).toBe(1009);
    expect(await dbState()).toBe(before);
  });

  it('pushes the change feed to a signed-in socket', async () => {
    const ws = await open(`?token=${web.token}`);
    await ask(ws, JSON.stringify({ id: 1, channel: 'session:login', args: { username: 'zhangwei', password: DEMO_PASSWORD } }));
    const feed = new Promise<unknown>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.feed) resolve(m.feed);
      }),
    );
    const reply = await ask(ws, JSON.stringify({ id: 2, channel: 'events:report', args: { title: '测试', categoryCode: 'SAFE-001', level: 'general', source: 'phone' } }));
    expect(reply.result.ok).toBe(true);
    expect(await feed).toMatchObject({ topic: 'events' });
    ws.close();
  });
});
