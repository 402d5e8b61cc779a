/** The console window: one per workstation, restored to where it was; reloaded if it crashes. */
import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import { lockNavigation, secureWebPreferences } from './security';

export function openConsoleWindow(devServerUrl: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    minWidth: 1200,
    minHeight: 760,
    title: '值班台',
    backgroundColor: '#f5f7fa',
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, '../preload/index.js')),
  });
  lockNavigation(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error('renderer gone', details);
    void dialog.showMessageBox(window, { type: 'warning', message: '值班台界面异常退出，已自动重新载入。', detail: details.reason });
    window.reload();
  });
  window.on('unresponsive', () => {
    console.error('renderer unresponsive; reloading');
    window.webContents.forcefullyCrashRenderer();
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(path.join(__dirname, '../renderer/index.html'));
  return window;
}
