/** The console window: one per workstation, restored to where it was; reloaded if it crashes or hangs. */
import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import { RendererRecovery } from '../core/window/renderer-recovery';
import { APP_INDEX_URL } from '../web/app-scheme';
import { CONSOLE_WINDOW_DEFAULTS } from '../core/window/window-place';
import { lockNavigation } from './security';
import { loadWindowPlace, trackWindowPlace } from './window-place-store';

export function openConsoleWindow(devServerUrl: string | undefined): BrowserWindow {
  const place = loadWindowPlace();
  const window = new BrowserWindow({
    ...place.bounds,
    minWidth: CONSOLE_WINDOW_DEFAULTS.minWidth,
    minHeight: CONSOLE_WINDOW_DEFAULTS.minHeight,
    title: '值班台',
    backgroundColor: '#f5f7fa',
    show: false,
    // Written out here (not spread from a helper) so that Electronegativity's static checks can see
    // them; main/shell/security.ts's secureWebPreferences() gives other windows the same set.
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  lockNavigation(window.webContents);
  trackWindowPlace(window);
  window.once('ready-to-show', () => {
    if (place.fullScreen) window.setFullScreen(true);
    else if (place.maximized) window.maximize();
    window.show();
  });

  // A crashed or hung renderer is reloaded and the officer is told why; after too many in a row
  // main stops and asks instead of looping (main/core/window/renderer-recovery.ts decides).
  const recovery = new RendererRecovery();
  let hangTimer: NodeJS.Timeout | null = null;
  let endedForHang = false;
  const load = (): void => {
    if (devServerUrl) void window.loadURL(devServerUrl);
    else void window.loadURL(APP_INDEX_URL);
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    if (window.isDestroyed()) return;
    const reason = endedForHang ? 'hung' : details.reason;
    endedForHang = false;
    const decision = recovery.onGone(reason, Date.now(), details.exitCode);
    if (decision.action === 'ignore') return;
    console.error(decision.logLine);
    if (decision.action === 'reload') {
      load();
      void dialog.showMessageBox(window, { type: 'warning', title: '值班台', message: decision.notice, detail: `原因：${reason}` });
    } else {
      void dialog
        .showMessageBox(window, { type: 'error', title: '值班台', message: decision.notice, detail: `原因：${reason}`, buttons: ['重新载入', '稍后'], defaultId: 0, cancelId: 1 })
        .then(({ response }) => {
          if (response === 0 && !window.isDestroyed()) {
            recovery.reset();
            load();
          }
        });
    }
  });
  window.on('unresponsive', () => {
    if (hangTimer) return;
    console.error(`renderer unresponsive; ending it in ${recovery.hangGraceMs} ms unless it recovers`);
    hangTimer = setTimeout(() => {
      hangTimer = null;
      if (window.isDestroyed()) return;
      endedForHang = true;
      window.webContents.forcefullyCrashRenderer();
    }, recovery.hangGraceMs);
  });
  window.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  });
  load();
  return window;
}
