/**
 * Electron security defaults, applied to every window: the renderer is sandboxed and isolated,
 * cannot navigate or open windows, gets no permissions, and runs under the strict CSP.
 */
import { app, session, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRequest } from '../web/app-scheme';
import { CONTENT_SECURITY_POLICY } from '../web/csp';

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

export function hardenSession(devServerUrl?: string): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Nothing from the internet, and no file:// either: only the app's own origin (app://duty-desk),
  // and in development the dev server's own origin (main/web/app-scheme.ts decides).
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, devServerUrl) }));
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
