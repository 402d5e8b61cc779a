/**
 * The main process's log: `<logs>/main.log`, rotated by size (main/core/logging), every line with
 * the app version. Uncaught errors and console.error/warn (where the core reports failures) go there.
 */
import { app } from 'electron';
import { captureProcessErrors, RotatingLog } from '../core/logging/rotating-log';

export function startMainLog(): RotatingLog {
  const log = new RotatingLog({ dir: app.getPath('logs'), appVersion: app.getVersion(), maxBytes: 2 * 1024 * 1024, keep: 5 });
  captureProcessErrors(log);
  log.info(`start: ${app.getName()} ${app.getVersion()}, Electron ${process.versions.electron}, ${process.platform} ${process.arch}`);
  return log;
}
