/**
 * The wall on this computer's displays (Electron only, and thin): reads `screen.getAllDisplays()`,
 * asks core's pure mapping which layout screens go on which display, and keeps one frameless
 * full-screen window per planned display — opening, re-pointing and closing windows as the plan
 * changes when a display is plugged in or out, its resolution changes, or the layout or the
 * "show on this computer" setting changes (feed topic `wall`). Each window shows its screens at
 * `#/wall/<layout>/<screens>` with an in-memory wall token, so it is a read-only wall viewer.
 */
import path from 'node:path';
import { BrowserWindow, screen, type Display } from 'electron';
import type { DisplayInfo, WallWindowPlan } from '../../preload/contract/wall-schemas';
import type { Core } from '../core/app-core';
import { mapWallToDisplays, planChanges } from '../core/wall/display-mapping';
import { APP_INDEX_URL } from '../web/app-scheme';
import { lockNavigation } from './security';

interface Log {
  info(line: string): void;
  error(line: string, error?: unknown): void;
}

interface WallWindow {
  window: BrowserWindow;
  plan: WallWindowPlan;
  layoutId: string;
  token: string;
}

export interface WallWindowsOptions {
  devServerUrl?: string;
  /** The console window: its display is kept free for it when there are others. */
  consoleWindow(): BrowserWindow | null;
  log: Log;
}

function displayInfo(d: Display, primaryId: number): DisplayInfo {
  return { id: String(d.id), bounds: { x: d.bounds.x, y: d.bounds.y, width: d.bounds.width, height: d.bounds.height }, scaleFactor: d.scaleFactor, primary: d.id === primaryId };
}

export function attachWallWindows(core: Core, options: WallWindowsOptions): () => void {
  const windows = new Map<string, WallWindow>();
  let plan: WallWindowPlan[] = [];
  let layoutId: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = Promise.resolve();
  let stopped = false;

  const load = (w: WallWindow): void => {
    const route = `/wall/${encodeURIComponent(w.layoutId)}/${w.plan.screenIds.map(encodeURIComponent).join('+')}?t=${encodeURIComponent(w.token)}`;
    if (options.devServerUrl) void w.window.loadURL(`${options.devServerUrl}#${route}`);
    else void w.window.loadURL(`${APP_INDEX_URL}#${route}`);
  };

  const open = (p: WallWindowPlan, id: string): void => {
    const window = new BrowserWindow({
      ...p.bounds,
      frame: false,
      fullscreen: true,
      autoHideMenuBar: true,
      skipTaskbar: true,
      title: '值班台大屏',
      backgroundColor: '#050d1c',
      show: false,
      // Written out (as in console-window.ts) so that static security checks can see them.
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
        // 语音播报 on a chosen wall screen: nobody clicks a wall before it may speak.
        autoplayPolicy: 'no-user-gesture-required',
      },
    });
    lockNavigation(window.webContents);
    const w: WallWindow = { window, plan: p, layoutId: id, token: core.wall.issueLocalToken(id, p.screenIds) };
    windows.set(p.displayId, w);
    window.once('ready-to-show', () => {
      window.setBounds(p.bounds);
      window.setFullScreen(true);
      window.showInactive();
    });
    // A crashed wall page comes back by itself: nobody stands at a wall with a mouse.
    window.webContents.on('render-process-gone', (_event, details) => {
      options.log.error(`wall window on display ${p.displayId} gone (${details.reason}); reloading`);
      setTimeout(() => {
        if (!window.isDestroyed()) load(w);
      }, 1000);
    });
    window.on('closed', () => {
      core.wall.dropLocalToken(w.token);
      if (windows.get(p.displayId) === w) windows.delete(p.displayId);
    });
    load(w);
  };

  const close = (displayId: string): void => {
    const w = windows.get(displayId);
    windows.delete(displayId);
    if (w && !w.window.isDestroyed()) w.window.destroy();
    if (w) core.wall.dropLocalToken(w.token);
  };

  const remap = async (): Promise<void> => {
    const primary = screen.getPrimaryDisplay().id;
    const displays = screen.getAllDisplays().map((d) => displayInfo(d, primary));
    const consoleWindow = options.consoleWindow();
    const consoleDisplay = consoleWindow && !consoleWindow.isDestroyed() ? String(screen.getDisplayMatching(consoleWindow.getBounds()).id) : null;
    // The console keeps its display when the wall has others to go on.
    const reserved = displays.length > 1 && consoleDisplay ? [consoleDisplay] : [];
    core.wall.reportDisplays(displays, reserved);
    const layout = stopped ? null : await core.wall.localLayout();
    const next = layout ? mapWallToDisplays(displays, layout.definition, { reservedDisplayIds: reserved }).windows : [];
    if (layout?.id !== layoutId) {
      // Another layout: every window starts afresh.
      for (const id of [...windows.keys()]) close(id);
      plan = [];
      layoutId = layout?.id ?? null;
    }
    const changes = planChanges(plan, next);
    for (const id of changes.close) close(id);
    for (const p of changes.update) {
      const w = windows.get(p.displayId);
      if (!w || w.window.isDestroyed()) {
        open(p, layoutId!);
        continue;
      }
      const screensChanged = w.plan.screenIds.join('+') !== p.screenIds.join('+');
      w.plan = p;
      w.window.setBounds(p.bounds);
      if (screensChanged) {
        core.wall.dropLocalToken(w.token);
        w.token = core.wall.issueLocalToken(w.layoutId, p.screenIds);
        load(w);
      }
    }
    for (const p of changes.open) open(p, layoutId!);
    plan = next;
    if (changes.open.length + changes.update.length + changes.close.length > 0) {
      options.log.info(`wall windows: ${next.map((w) => `${w.displayId}→${w.screenIds.join('+')}`).join(', ') || 'none'}`);
    }
  };

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    // Displays settle in bursts (a dock, a resolution change): map once they are quiet.
    timer = setTimeout(() => {
      timer = null;
      running = running.then(remap).catch((error: unknown) => options.log.error('mapping the wall onto the displays failed', error));
    }, 400);
  };

  screen.on('display-added', schedule);
  screen.on('display-removed', schedule);
  screen.on('display-metrics-changed', schedule);
  const offFeed = core.feed.subscribe((message) => {
    if (message.topic === 'wall') schedule();
  });
  schedule();

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    screen.off('display-added', schedule);
    screen.off('display-removed', schedule);
    screen.off('display-metrics-changed', schedule);
    offFeed();
    for (const id of [...windows.keys()]) close(id);
  };
}
