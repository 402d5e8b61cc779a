/**
 * The renderer served from `app://duty-desk/…` (Electron only, and thin): the scheme is registered
 * as privileged before `ready`, and each request is answered with the built file that
 * main/web/app-scheme.ts resolves — inside out/renderer only, with its MIME type and the CSP.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY as STRICT_POLICY, contentSecurityPolicy } from '../web/csp';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appResponseHeaders, resolveAppRequest } from '../web/app-scheme';

/** Must run before the app is ready (Electron allows one such call). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves `rendererDir` (the built renderer) on the default session; after `ready`. */
export function serveAppScheme(
  rendererDir: string,
  log: { error(line: string, error?: unknown): void },
  /** The enabled cameras' stream origins (issue #18): the page's CSP admits their media, nothing else from outside. */
  cameraOrigins: () => Promise<readonly string[]> = async () => [],
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const cameras = await cameraOrigins().catch(() => []);
    const CONTENT_SECURITY_POLICY = cameras.length > 0 ? contentSecurityPolicy([], cameras) : STRICT_POLICY;
    const resolved = resolveAppRequest(rendererDir, request.url, request.method);
    if (!resolved.ok) {
      if (resolved.status !== 404) log.error(`app:// refused ${request.method} ${request.url}: ${resolved.reason}`);
      return new Response(null, { status: resolved.status, headers: appResponseHeaders(CONTENT_SECURITY_POLICY) });
    }
    try {
      const body = request.method === 'HEAD' ? null : await readFile(resolved.file);
      return new Response(body, { status: 200, headers: appResponseHeaders(CONTENT_SECURITY_POLICY, resolved) });
    } catch (error) {
      // A file that vanished mid-update: a failed request, not a crashed main process.
      log.error(`app:// could not read ${resolved.file}`, error);
      return new Response(null, { status: 404, headers: appResponseHeaders(CONTENT_SECURITY_POLICY) });
    }
  });
}
