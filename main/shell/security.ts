/**
 * Electron security defaults, applied to every window: the renderer is sandboxed and isolated,
 * cannot navigate or open windows, gets no permissions, and runs under the strict CSP.
 */
import { app, session, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRequest } from '../web/app-scheme';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from '../web/csp';

export function secureWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    disableBlinkFeatures: 'Auxclick',
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * `cameraOrigins` (issue #18): the enabled cameras' stream origins (core.cameras.mediaOrigins, cached
 * per change), the only outside origins a page may reach, and only for the players' media.
 */
export function hardenSession(devServerUrl?: string, cameraOrigins: () => Promise<readonly string[]> = async () => []): void {
  const s = session.defaultSession;
  const origins = (): Promise<readonly string[]> => cameraOrigins().catch(() => []);
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.webRequest.onHeadersReceived((details, callback) => {
    void origins().then((cameras) =>
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [cameras.length > 0 ? contentSecurityPolicy([], cameras) : CONTENT_SECURITY_POLICY] } }),
    );
  });
  // Nothing from the internet, and no file:// either: only the app's own origin (app://duty-desk),
  // and in development the dev server's own origin (main/web/app-scheme.ts decides); and the camera
  // platforms' stream origins for the players.
  s.webRequest.onBeforeRequest((details, callback) => {
    if (isAllowedRequest(details.url, devServerUrl)) return callback({ cancel: false });
    void origins().then((cameras) => callback({ cancel: !cameras.includes(originOf(details.url)) }));
  });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

let navigationDevServer: string | undefined;

/** Pages may navigate only within the app's origin (app://duty-desk), or the dev server's in development. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, navigationDevServer)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, navigationDevServer)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Every web contents the app ever creates (a window opened later, a devtools host) gets the same
 * navigation lock, whoever created it: a safety net under the per-window calls.
 */
export function lockAllWebContents(devServerUrl?: string): void {
  navigationDevServer = devServerUrl;
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
}
