/**
 * electron-updater behind the core's update service: the service decides (main/core/update), this
 * file only downloads the version it chose from the district's generic HTTP feed, installs it when
 * told, and shows the officers the offer at a handover. Nothing here decides anything.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { autoUpdater } from 'electron-updater';
import { verifySignature } from 'electron-updater/out/windowsExecutableCodeSignatureVerifier';
import type { Core } from '../core/app-core';
import type { RotatingLog } from '../core/logging/rotating-log';
import { UpdateSignatureError, type UpdateDriver } from '../core/update/update.service';

export function attachUpdater(core: Core, log: RotatingLog, window: () => BrowserWindow | null): void {
  // Only packaged builds carry app-update.yml and an installer format electron-updater can replace.
  if (!app.isPackaged) {
    log.info('updates: not a packaged build; the update service only reports');
    return;
  }
  const logger = {
    info: (m: unknown) => log.info(`updater: ${String(m)}`),
    warn: (m: unknown) => log.warn(`updater: ${String(m)}`),
    error: (m: unknown) => log.error(`updater: ${String(m)}`),
    debug: () => undefined,
  };
  autoUpdater.logger = logger;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.autoRunAppAfterInstall = true;

  const driver: UpdateDriver = {
    platform: process.platform,
    async download(feedUrl, version, allowDowngrade, publisherNames) {
      autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
      autoUpdater.allowDowngrade = allowDowngrade;
      const result = await autoUpdater.checkForUpdates();
      if (!result || !result.isUpdateAvailable) throw new Error(`electron-updater sees no update at ${feedUrl}`);
      if (result.updateInfo.version !== version) {
        throw new Error(`the feed changed meanwhile: it now offers ${result.updateInfo.version}, the policy chose ${version}`);
      }
      const files = await autoUpdater.downloadUpdate();
      if (publisherNames) {
        // Windows: the installer's Authenticode signature against the publishers the administrator
        // configured (electron-updater's own check runs only when app-update.yml names one).
        const installer = files.find((f) => f.toLowerCase().endsWith('.exe'));
        const refusal = installer ? await verifySignature([...publisherNames], installer, logger) : 'no installer was downloaded';
        if (refusal !== null) throw new UpdateSignatureError(`${version}: ${refusal}`);
      }
      // Closing the app installs it (the policy's `quit` moment: nothing restarts under the officers).
      autoUpdater.autoInstallOnAppQuit = true;
      log.info(`updates: ${version} downloaded and verified; offered at the next handover`);
    },
    install(restart) {
      log.info(`updates: installing now${restart ? ' and restarting' : ''}`);
      setImmediate(() => autoUpdater.quitAndInstall(true, restart));
    },
  };

  core.updates.onOffer((version) => {
    const parent = window();
    const options = {
      type: 'question' as const,
      title: '值班台',
      message: `值班台新版本 ${version} 已下载。`,
      detail: '交接班已完成。现在安装并重新启动值班台吗？安装约需一分钟，期间界面不可用，数据不受影响。',
      buttons: ['现在安装', '以后再说'],
      defaultId: 1,
      cancelId: 1,
    };
    void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options)).then(async ({ response }) => {
      if (response !== 0) return;
      const decision = await core.updates.install('accepted');
      if (decision.install === 'no') {
        log.info(`updates: accepted at handover but now blocked by ${decision.blockedBy.join(', ')}`);
      }
    });
  });

  void core.updates.attach(driver);
}
