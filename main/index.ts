/**
 * The Electron main process: a thin shell around the core. Single instance; errors to a rotating
 * log; the core opens (checks, repairs, migrates) the database under the user data folder; IPC is
 * registered through main/ipc/handle.ts; the change feed is forwarded to every window; updates and
 * restores are carried out here as the core decides.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { FEED_CHANNEL } from '../preload/contract/channels';
import { createCore, type Core } from './core/app-core';
import { DatabaseAbandonedError } from './core/backup/database-safety';
import { isTrustedSenderUrl, registerIpc } from './ipc/handle';
import { registerAppScheme, serveAppScheme } from './shell/app-protocol';
import { startMainLog } from './shell/app-log';
import { openConsoleWindow } from './shell/console-window';
import { secretStoreFor } from './shell/secret-store';
import { askAboutCorruptDatabase, showStartupNotice } from './shell/database-dialogs';
import { attachNotify } from './shell/notify';
import { hardenSession, lockAllWebContents } from './shell/security';
import { attachUpdater } from './shell/updater';
import { attachWallWindows } from './shell/wall-windows';
import { startWallAccess } from './web/wall-access';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;

/** `--name VALUE` or `--name=VALUE` on the command line (npm start -- --data DIR). */
function argValue(name: string): string | undefined {
  const argv = process.argv;
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] ? argv[at + 1] : undefined;
}
let core: Core | null = null;
let closing = false;

// The pages come from app://duty-desk, registered as a privileged scheme before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const log = startMainLog();
  lockAllWebContents(devServerUrl);
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app
    .whenReady()
    .then(async () => {
      // The camera players' stream origins (issue #18), from the register once the core runs.
      const cameraOrigins = async (): Promise<readonly string[]> => (core ? core.cameras.mediaOrigins() : []);
      hardenSession(devServerUrl, cameraOrigins);
      serveAppScheme(path.join(__dirname, '../renderer'), log, cameraOrigins);
      try {
        const data = argValue('--data');
        const dataDir = data ? path.resolve(data) : (process.env.DUTY_DESK_DATA ?? path.join(app.getPath('userData'), 'data'));
        core = await createCore({
          dataDir,
          // The district token: the system's key store where there is one (main/shell/secret-store.ts).
          secrets: secretStoreFor(dataDir),
          // `--demo` (npm start): an empty data folder gets the demo town; without it, the set-up flow.
          demo: process.argv.includes('--demo'),
          resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources'),
          appVersion: app.getVersion(),
          backupDir: process.env.DUTY_DESK_BACKUPS,
          onCorruptDatabase: askAboutCorruptDatabase,
        });
      } catch (error) {
        log.error('the core did not start', error);
        if (!(error instanceof DatabaseAbandonedError)) {
          dialog.showErrorBox('值班台无法启动', `${error instanceof Error ? error.message : String(error)}\n\n日志：${log.file}`);
        }
        app.exit(1);
        return;
      }
      const started = core;
      log.info(`database ${started.dbFile}: ${JSON.stringify(started.backups.startup)}`);
      // `--upstream URL --token T [--town CODE]`: the district link, saved as 系统设置 → 上级联网 does.
      const upstream = argValue('--upstream');
      if (upstream) {
        await started.link
          .useFromCommandLine({ upstream, token: argValue('--token'), townCode: argValue('--town') })
          .catch((error: unknown) => log.error('--upstream refused', error));
      }
      registerIpc(ipcMain, started, { devServerUrl });
      attachNotify(ipcMain, (url) => isTrustedSenderUrl(url, devServerUrl));
      const window = openConsoleWindow(devServerUrl);
      window.webContents.once('did-finish-load', () => showStartupNotice(window, started.backups.startup));
      started.feed.subscribe((message) => {
        for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(FEED_CHANNEL, message);
      });
      // A restore is carried out by the next start, when nothing holds the database file.
      started.backups.onRestartRequested(() => {
        log.info('restore staged; restarting');
        app.relaunch();
        app.quit();
      });
      attachUpdater(started, log, () => (window.isDestroyed() ? null : window));
      // The wall: windows on this computer's displays when a layout is set to show here, and wall
      // pages for browsers on the network only while an admin allows it (off by default).
      const detachWall = attachWallWindows(started, { devServerUrl, consoleWindow: () => (window.isDestroyed() ? null : window), log });
      const wallAccess = startWallAccess(started, { rendererDir: path.join(__dirname, '../renderer'), log: (line) => log.info(line) });
      app.once('before-quit', () => {
        detachWall();
        void wallAccess.close();
      });
      window.on('closed', () => app.quit());
    })
    .catch((error: unknown) => {
      // Anything that throws after the core started (IPC, windows, the wall) would leave a half-started app.
      log.error('the app did not start', error);
      app.exit(1);
    });

  // Close the database properly (the WAL checkpointed, a running backup finished) before exiting.
  app.on('before-quit', (event) => {
    if (!core || closing) return;
    event.preventDefault();
    closing = true;
    const open = core;
    core = null;
    void open
      .close()
      .catch((error: unknown) => log.error('closing the core failed', error))
      .finally(() => app.quit());
  });
}
