/**
 * The Electron main process: a thin shell around the core. Single instance; the core opens the
 * database under the user data folder; IPC is registered through main/ipc/handle.ts; the change
 * feed is forwarded to every window.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import { FEED_CHANNEL } from '../preload/contract/channels';
import { createCore, type Core } from './core/app-core';
import { registerIpc } from './ipc/handle';
import { openConsoleWindow } from './shell/console-window';
import { hardenSession } from './shell/security';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
let core: Core | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(async () => {
    hardenSession();
    core = await createCore({
      dataDir: process.env.DUTY_DESK_DATA ?? path.join(app.getPath('userData'), 'data'),
      resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources'),
    });
    registerIpc(ipcMain, core, { devServerUrl });
    const window = openConsoleWindow(devServerUrl);
    core.feed.subscribe((message) => {
      for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(FEED_CHANNEL, message);
    });
    window.on('closed', () => app.quit());
  });

  app.on('before-quit', () => {
    void core?.close();
  });
}
