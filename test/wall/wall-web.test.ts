/**
 * Wall screens through the web console: a per-screen wall token opens a read-only connection (no
 * sign-in, no console channel, no other screen), revoking it ends the connection at once, nested
 * client routes get the app's assets, and the network listener exists only while an admin has
 * turned it on and accepts wall tokens only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebConsole, type WebConsole } from '../../main/web/server';
import { startWallAccess } from '../../main/web/wall-access';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
let web: WebConsole;
let rendererDir: string;

beforeEach(async () => {
  t = await makeCore();
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  web = await startWebConsole(t.core, { rendererDir });
});
afterEach(async () => {
  await web.close();
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Client {
  ws: WebSocket;
  call(channel: string, args?: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;
  closed: Promise<number>;
}

function connect(port: number, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
    let next = 1;
    const pending = new Map<number, (r: never) => void>();
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as { id?: number; result?: never };
      if (typeof m.id === 'number') pending.get(m.id)?.(m.result!);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('open', () =>
      resolve({
        ws,
        closed,
        call: (channel, args = {}) =>
          new Promise((r) => {
            const id = next++;
            pending.set(id, r as never);
            ws.send(JSON.stringify({ id, channel, args }));
          }),
      }),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

async function layoutWithToken(screenId = 's2-1') {
  const { id } = await t.core.wall.save(t.officer, { name: '大厅', definition: templateLayout(3, 2) });
  const issued = await t.core.wall.issueToken(t.officer, id, screenId);
  return { id, ...issued };
}

describe('wall tokens on the web console', () => {
  it('a wall token opens its screen read-only, and nothing else', async () => {
    const { id, token } = await layoutWithToken();
    const c = await connect(web.port, token);
    const screen = await c.call('wall:screen', { layoutId: id, screenIds: ['s2-1'] });
    expect(screen.ok).toBe(true);
    expect((screen.data as { viewer: boolean }).viewer).toBe(true);
    expect((await c.call('wall:counts')).ok).toBe(true);
    expect((await c.call('town:grids')).ok).toBe(true);
    expect((await c.call('wall:screen', { layoutId: id, screenIds: ['s1-1'] })).error?.code).toBe('forbidden');
    for (const [channel, args] of [
      ['session:login', { username: 'zhangwei', password: 'duty1234' }],
      ['events:queue', {}],
      ['events:report', { title: 'x', categoryCode: 'FIRE-001', level: 'general', source: 'grid' }],
      ['wall:save', { name: 'x', definition: templateLayout(1, 1) }],
      ['wall:issueToken', { layoutId: id, screenId: 's1-1' }],
      ['alarms:list', {}],
    ] as const) {
      expect((await c.call(channel, args)).error?.code, channel).toBe('forbidden');
    }
    c.ws.close();
  });

  it('revoking the token ends the connection at once and refuses the next one', async () => {
    const { token, tokenId } = await layoutWithToken();
    const c = await connect(web.port, token);
    await t.core.wall.revokeToken(t.leader, tokenId);
    expect(await c.closed).toBe(4001);
    await expect(connect(web.port, token)).rejects.toThrow('HTTP 401');
  });

  it('the console token still opens the console, whose sessions may turn into a wall viewer with wall:signIn', async () => {
    const { id, token } = await layoutWithToken('s1-1');
    const c = await connect(web.port, web.token);
    expect((await c.call('wall:screen', { layoutId: id, screenIds: ['s1-1'] })).error?.code).toBe('unauthenticated');
    expect((await c.call('wall:signIn', { token: 'wt_not-a-real-token-0000' })).error?.code).toBe('unauthenticated');
    const signed = await c.call('wall:signIn', { token });
    expect(signed.data).toEqual({ layoutId: id, screenIds: ['s1-1'] });
    expect((await c.call('wall:screen', { layoutId: id, screenIds: ['s1-1'] })).ok).toBe(true);
    c.ws.close();
    await expect(connect(web.port, 'wt_wrong')).rejects.toThrow('HTTP 401');
  });

  it('serves the app and its assets under /wall/<layout>/<screen>', async () => {
    const html = await fetch(`http://127.0.0.1:${web.port}/wall/abc/s1-1?token=x`);
    expect(await html.text()).toContain('<div id="root">');
    const js = await fetch(`http://127.0.0.1:${web.port}/wall/abc/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain('console.log');
  });
});

describe('wall pages for the network', () => {
  it('listen only while an admin has turned it on, and accept wall tokens only', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const lines: string[] = [];
    const access = startWallAccess(t.core, { rendererDir, host: '127.0.0.1', log: (l) => lines.push(l) });
    try {
      const { token } = await layoutWithToken();
      await new Promise((r) => setTimeout(r, 50));
      expect(access.url()).toBeNull();
      await expect(connect(port, token)).rejects.toThrow();

      await t.core.wall.setSettings(t.admin, { lanEnabled: true, lanPort: port });
      await expect.poll(() => access.url()).toBe(`http://127.0.0.1:${port}/`);
      const viewer = await connect(port, token);
      expect((await viewer.call('wall:counts')).ok).toBe(true);
      viewer.ws.close();
      await expect(connect(port, web.token)).rejects.toThrow('HTTP 401');

      await t.core.wall.setSettings(t.admin, { lanEnabled: false });
      await expect.poll(() => access.url()).toBeNull();
      await expect(connect(port, token)).rejects.toThrow();
      expect(lines.join('\n')).toContain('wall tokens only');
    } finally {
      await access.close();
    }
  });
});
