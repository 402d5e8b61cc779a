/**
 * The desktop app's own scheme, app://duty-desk: which file a request gets (only files of the built
 * renderer, with their MIME type, the page never cached), what is refused (traversal in every
 * spelling, links out, other hosts and schemes, other methods), where pages may navigate and
 * what they may request; then the Electron handler itself with Electron replaced by a fake (no
 * Electron binary here): real Request in, real Response out, with the CSP.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  isAllowedNavigation,
  isAllowedRequest,
  isAppOrigin,
  mimeTypeOf,
  resolveAppRequest,
} from '../../main/web/app-scheme';
import { CONTENT_SECURITY_POLICY } from '../../main/web/csp';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
}));

vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) => electron.privileged.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => electron.handlers.set(scheme, handler),
  },
}));

let work: string;
let root: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-app-scheme-'));
  root = path.join(work, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'map'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>值班台</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'noto.woff2'), 'font');
  writeFileSync(path.join(root, 'assets', '值班 台.svg'), '<svg/>');
  writeFileSync(path.join(root, 'map', 'grids.geojson'), '{}');
  writeFileSync(path.join(root, 'assets', 'blob.bin'), 'x');
  // Beside the renderer folder: what a traversal would be after.
  writeFileSync(path.join(work, 'secret.txt'), 'the database password');
  mkdirSync(path.join(work, 'renderer-evil'));
  writeFileSync(path.join(work, 'renderer-evil', 'index.html'), 'evil');
  symlinkSync(path.join(work, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const resolve = (url: string, method?: string) => resolveAppRequest(root, url, method);

describe('app://duty-desk resolves to the built renderer', () => {
  it('serves the page and its assets with their MIME types; the page is never cached', () => {
    for (const url of ['app://duty-desk/', 'app://duty-desk', APP_INDEX_URL, 'app://DUTY-DESK/index.html']) {
      expect(resolve(url), url).toEqual({ ok: true, file: path.join(root, 'index.html'), mimeType: 'text/html; charset=utf-8', cacheControl: 'no-store' });
    }
    expect(resolve('app://duty-desk/assets/index-abc123.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'index-abc123.js'),
      mimeType: 'text/javascript; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    const mime = (url: string) => {
      const r = resolve(url);
      return r.ok ? r.mimeType : `refused ${r.status}`;
    };
    expect(mime('app://duty-desk/assets/index-abc123.css')).toBe('text/css; charset=utf-8');
    expect(mime('app://duty-desk/assets/noto.woff2')).toBe('font/woff2');
    expect(mime('app://duty-desk/map/grids.geojson')).toBe('application/json; charset=utf-8');
    expect(mime(`app://duty-desk/assets/${encodeURIComponent('值班 台.svg')}`)).toBe('image/svg+xml');
    expect(mime('app://duty-desk/assets/blob.bin')).toBe('application/octet-stream');
    expect(mimeTypeOf('A.PNG')).toBe('image/png');
    // Query and fragment do not name files.
    expect(resolve('app://duty-desk/assets/index-abc123.js?v=2#x')).toMatchObject({ ok: true, file: path.join(root, 'assets', 'index-abc123.js') });
  });

  it('gives client routes the page, and a missing file a 404 (not the page)', () => {
    expect(resolve('app://duty-desk/wall/L1/s1-1')).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    expect(resolve('app://duty-desk/event/abc')).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    expect(resolve('app://duty-desk/assets/missing-123.js')).toMatchObject({ ok: false, status: 404 });
    expect(resolve('app://duty-desk/assets')).toMatchObject({ ok: false, status: 404 });
  });

  it('never serves a file outside the renderer folder, however the path is spelled', () => {
    const attempts = [
      'app://duty-desk/../secret.txt',
      'app://duty-desk/%2e%2e/secret.txt',
      'app://duty-desk/assets/..%2F..%2Fsecret.txt',
      'app://duty-desk/..%2fsecret.txt',
      'app://duty-desk/%2E%2E%2F%2E%2E%2Fsecret.txt',
      'app://duty-desk/..%5Csecret.txt',
      'app://duty-desk/assets%5C..%5C..%5Csecret.txt',
      'app://duty-desk/%2Fetc%2Fpasswd',
      'app://duty-desk//etc/passwd',
      `app://duty-desk/${encodeURIComponent(path.join(work, 'secret.txt'))}`,
      'app://duty-desk/..%2Frenderer-evil%2Findex.html',
      'app://duty-desk/assets/link.txt',
    ];
    for (const url of attempts) {
      const r = resolve(url);
      if (r.ok) {
        // Whatever was asked, what is served lies inside the renderer folder.
        expect(path.relative(root, r.file).startsWith('..'), url).toBe(false);
        expect(r.file, url).not.toContain('secret');
      } else expect([400, 403, 404], url).toContain(r.status);
    }
    expect(resolve('app://duty-desk/assets/..%2F..%2Fsecret.txt')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('app://duty-desk/..%5Csecret.txt')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('app://duty-desk/assets/link.txt')).toMatchObject({ ok: false, status: 403, reason: 'links outside the app' });
    expect(resolve('app://duty-desk/index.html%00.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolve('app://duty-desk/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });

  it('answers only its own origin and only GET and HEAD', () => {
    expect(resolve('app://evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('app://duty-desk.evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('app://duty-desk:8080/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('file:///etc/passwd')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('https://duty-desk/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolve('not a url')).toMatchObject({ ok: false, status: 400 });
    expect(resolve(APP_INDEX_URL, 'HEAD')).toMatchObject({ ok: true });
    expect(resolve(APP_INDEX_URL, 'POST')).toMatchObject({ ok: false, status: 405 });
    expect(resolve(APP_INDEX_URL, 'PUT')).toMatchObject({ ok: false, status: 405 });
  });
});

describe('navigation and requests from the app', () => {
  it('navigates only within app://duty-desk (and the dev server in development)', () => {
    expect(isAllowedNavigation('app://duty-desk/index.html#/wall/L1/s1')).toBe(true);
    expect(isAllowedNavigation('app://other/index.html')).toBe(false);
    expect(isAllowedNavigation('file:///opt/duty-desk/out/renderer/index.html')).toBe(false);
    expect(isAllowedNavigation('https://evil.example/')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:5173/')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:5173/#/x', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5174/', 'http://127.0.0.1:5173')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', 'http://127.0.0.1:5173')).toBe(false);
    expect(isAppOrigin('app://duty-desk/assets/x.js')).toBe(true);
    expect(isAppOrigin('app://duty-desk.evil/x.js')).toBe(false);
  });

  it('requests nothing from outside: not the internet, not file://', () => {
    expect(isAllowedRequest('app://duty-desk/assets/index-abc123.js')).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    // The dev server's own origin (its files and its hot-reload socket) in development only…
    const dev = 'http://127.0.0.1:5173';
    expect(isAllowedRequest('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://127.0.0.1:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://127.0.0.1:5173/src/main.tsx')).toBe(false);
    // …and never another loopback port (a local service the page has no business with).
    expect(isAllowedRequest('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:8080/admin')).toBe(false);
    expect(isAllowedRequest('ws://127.0.0.1:5870/ws')).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequest('https://cdn.example/antd.js')).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1.evil.example/')).toBe(false);
    expect(isAllowedRequest('app://elsewhere/x.js')).toBe(false);
  });
});

describe('the Electron handler (Electron faked)', () => {
  it('registers a standard, secure scheme that bypasses nothing', async () => {
    const { registerAppScheme } = await import('../../main/shell/app-protocol');
    registerAppScheme();
    expect(electron.privileged).toEqual([{ scheme: 'app', privileges: { ...APP_SCHEME_PRIVILEGES } }]);
    const privileges = electron.privileged[0]!.privileges;
    expect(privileges).toMatchObject({ standard: true, secure: true });
    expect(privileges.bypassCSP).toBeUndefined();
    expect(privileges.corsEnabled).toBeUndefined();
  });

  it('answers with the file, its MIME type and the CSP; refusals carry no body', async () => {
    const { serveAppScheme } = await import('../../main/shell/app-protocol');
    const errors: string[] = [];
    serveAppScheme(root, { error: (line) => errors.push(line) });
    const handler = electron.handlers.get('app')!;
    const page = await handler(new Request(APP_INDEX_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('值班台');
    const script = await handler(new Request('app://duty-desk/assets/index-abc123.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    const head = await handler(new Request('app://duty-desk/assets/index-abc123.js', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    const traversal = await handler(new Request('app://duty-desk/assets/..%2F..%2Fsecret.txt'));
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).toBe('');
    expect(traversal.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler(new Request('app://duty-desk/assets/missing.js'))).status).toBe(404);
    expect((await handler(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    // Refusals other than a missing file are logged.
    expect(errors).toEqual([expect.stringContaining('..%2F..%2Fsecret.txt'), expect.stringContaining('POST')]);
    expect(appResponseHeaders('x')).not.toHaveProperty('Content-Type');
  });
});
