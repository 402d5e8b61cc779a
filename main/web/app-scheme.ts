/**
 * The desktop app's pages come from its own privileged scheme, `app://duty-desk/…`, not from
 * `file://` (Electron's security checklist, item 18): one fixed origin that the CSP's `'self'`, the
 * navigation guard and the IPC sender check can pin, and that no other file on the disk shares.
 *
 * This is the part that needs no Electron (main/shell/app-protocol.ts registers the scheme and
 * hands each request here): which file of the built renderer a request URL names — never one
 * outside it — and its MIME type. Tested on its own (test/product/app-scheme.test.ts).
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'duty-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The console page; wall windows add `#/wall/<layout>/<screens>?t=<token>`. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The scheme's privileges (Electron's `registerSchemesAsPrivileged`): a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = {
  /** Parsed like http: relative URLs, an origin (`app://duty-desk`) for `'self'`, storage. */
  standard: true,
  /** A secure context, like https. */
  secure: true,
  /** `fetch()` of the app's own files (the grid shapes). */
  supportFetchAPI: true,
  /** Media (the alarm sound) may stream. */
  stream: true,
  /** V8 keeps compiled code for the scripts between starts (cold start). */
  codeCache: true,
  // Not corsEnabled: no other origin may read these files; not bypassCSP: the CSP applies.
} as const;

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
};

/** The MIME type of a file by its extension; unknown ones are served as bytes (and `nosniff`). */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFile =
  | { readonly ok: true; readonly file: string; readonly mimeType: string; readonly cacheControl: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404 | 405; readonly reason: string };

/** Whether `child` is `root` itself or lies inside it (by path, after resolution). */
function inside(root: string, child: string): boolean {
  const relative = path.relative(root, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The file of the built renderer (`rendererDir`, e.g. out/renderer) that an `app://duty-desk/…`
 * request names. Refused: another scheme or host (403), a method other than GET/HEAD (405), an
 * undecodable or NUL-carrying path (400), anything that resolves outside the renderer folder —
 * `..`, encoded `%2e%2e`, backslashes, a symbolic link pointing out (403). A path with no file
 * extension is a client route and gets index.html; a missing file is 404, not index.html, so a
 * wrong asset fails loudly instead of being parsed as a page.
 */
export function resolveAppRequest(rendererDir: string, requestUrl: string, method = 'GET'): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  // A standard scheme's host is case-insensitive (Chromium lower-cases it; Node's parser does not).
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return { ok: false, status: 403, reason: `not ${APP_ORIGIN}` };
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `method ${method}` };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'undecodable path' };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  // A backslash is a separator on Windows: `..\` must not slip past the check below anywhere.
  if (pathname.includes('\\')) return { ok: false, status: 403, reason: 'backslash in path' };
  const root = path.resolve(rendererDir);
  const segments = pathname.split('/').filter(Boolean);
  if (segments.some((s) => s === '..')) return { ok: false, status: 403, reason: 'outside the app' };
  let file = path.resolve(root, ...segments);
  if (!inside(root, file)) return { ok: false, status: 403, reason: 'outside the app' };
  if (file === root || (!path.extname(file) && !exists(file))) file = path.join(root, 'index.html');
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!stat.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  // The real file, after links, must be inside the real renderer folder too.
  try {
    if (!inside(realpathSync(root), realpathSync(file))) return { ok: false, status: 403, reason: 'links outside the app' };
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  const isPage = path.basename(file) === 'index.html';
  return {
    ok: true,
    file,
    mimeType: mimeTypeOf(file),
    // Built assets carry a content hash in their names; the page itself must be read afresh after an update.
    cacheControl: isPage ? 'no-store' : 'public, max-age=31536000, immutable',
  };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The response headers of every app:// response (the page's CSP travels with it). */
export function appResponseHeaders(contentSecurityPolicy: string, resolved?: Extract<AppFile, { ok: true }>): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (resolved) {
    headers['Content-Type'] = resolved.mimeType;
    headers['Cache-Control'] = resolved.cacheControl;
  }
  return headers;
}

/** Whether a URL is a page of the app's own origin (navigation guard, IPC sender check). */
export function isAppOrigin(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Where a page of the app may navigate: only within the app's own origin (or, in development, the
 * dev server's). Everything else — a link, a drag-and-drop, a script setting location — is stopped.
 */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  if (isAppOrigin(url)) return true;
  if (!devServerUrl) return false;
  try {
    return new URL(url).origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Requests any page of the app may make: its own origin, devtools, inline data and, in development,
 * the dev server's own origin (its HTTP and its hot-reload socket) — not any other loopback port.
 */
export function isAllowedRequest(url: string, devServerUrl?: string): boolean {
  if (isAppOrigin(url)) return true;
  if (/^(devtools|data|blob):/.test(url)) return true;
  if (!devServerUrl) return false;
  try {
    const asked = new URL(url);
    const dev = new URL(devServerUrl);
    const scheme = asked.protocol.replace(/^ws(s?):$/, 'http$1:');
    return scheme === dev.protocol && asked.host === dev.host;
  } catch {
    return false;
  }
}
