/**
 * Electron security defaults, applied to every window: the renderer is sandboxed and isolated,
 * cannot navigate or open windows, gets no permissions, and runs under the strict CSP.
 */
import { app, session, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
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

export function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Nothing from the internet: only the app's own files (and the dev server on loopback).
  s.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const local = url.startsWith('file:') || url.startsWith('devtools:') || url.startsWith('data:') || url.startsWith('blob:') || /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url) || /^wss?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url);
    callback({ cancel: !local });
  });
}

export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Every web contents the app ever creates (a window opened later, a devtools host) gets the same
 * navigation lock, whoever created it: a safety net under the per-window calls.
 */
export function lockAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
}
