/**
 * Cold start of the web console: the page is served while the core is still starting (checking and
 * opening the database), a socket that arrives meanwhile waits and is then answered by the core;
 * a core that fails to start leaves sockets refused, never half-served.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../main/core/app-core';
import { startWebConsole, type WebConsole } from '../../main/web/server';
import { makeCore, type TestCore } from '../support/core';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let rendererDir: string;
let web: WebConsole | null = null;
let t: TestCore | null = null;

beforeEach(() => {
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'dd-cold-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>值班台</title>');
});

afterEach(async () => {
  await web?.close();
  web = null;
  await t?.core.close();
  t = null;
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('the web console while its core is starting', () => {
  it('serves the page at once and answers a waiting socket when the core is ready', async () => {
    const starting = deferred<Core>();
    web = await startWebConsole(starting.promise, { rendererDir });
    const page = await fetch(`http://127.0.0.1:${web.port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('值班台');

    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    const events: string[] = [];
    ws.on('open', () => events.push('open'));
    const reply = new Promise<{ id: number; result: { ok: boolean; data: unknown } }>((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (!('feed' in message)) resolve(message);
      }),
    );
    // The server has handled later requests, and still holds the socket: no core yet.
    expect((await fetch(`http://127.0.0.1:${web.port}/assets/x.js`)).status).toBe(200);
    expect(events).toEqual([]);

    t = await makeCore();
    starting.resolve(t.core);
    await new Promise<void>((resolve) => ws.once('open', () => resolve()));
    ws.send(JSON.stringify({ id: 1, channel: 'session:me', args: {} }));
    expect(await reply).toEqual({ id: 1, result: { ok: true, data: null } });
    ws.close();
  });

  it('refuses a wrong token without waiting, and every socket once the core has failed', async () => {
    const starting = deferred<Core>();
    web = await startWebConsole(starting.promise, { rendererDir });
    const status = (query: string): Promise<number> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${web!.port}/ws${query}`);
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('error', () => undefined);
      });
    expect(await status('')).toBe(401);
    const waiting = status(`?token=${web.token}`);
    starting.reject(new Error('the database failed its integrity check and was set aside'));
    expect(await waiting).toBe(503);
    expect(await status(`?token=${web.token}`)).toBe(503);
    // The page itself is still served (it will show that it cannot connect).
    expect((await fetch(`http://127.0.0.1:${web.port}/`)).status).toBe(200);
  });
});
