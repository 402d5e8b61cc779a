/**
 * 我的任务's desktop notification in the Electron app (issue #17, reaching people): the console page
 * asks through the preload's `notify(title, body)`; main checks the sender (our own app page, its top
 * frame — the same check as the API's, passed in by main/index.ts) and the payload (zod), shows an OS
 * notification and flashes the window's taskbar button until the window is focused. A click on the
 * notification brings the console to the front.
 */
import { BrowserWindow, Notification, type IpcMain } from 'electron';
import { NOTIFY_CHANNEL } from '../../preload/contract/notify-channel';
import { NotifyRequest } from '../../preload/contract/task-schemas';

export function attachNotify(ipcMain: IpcMain, trustedSender: (url: string) => boolean): () => void {
  // Shown notifications are kept until they close: one that is collected can no longer be clicked.
  const shown = new Set<Notification>();
  ipcMain.handle(NOTIFY_CHANNEL, (event, request: unknown) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !trustedSender(frame.url)) {
      return { ok: false, error: { code: 'forbidden', message: 'calls are accepted only from the console page' } };
    }
    const parsed = NotifyRequest.safeParse(request);
    if (!parsed.success) return { ok: false, error: { code: 'invalid_request', message: parsed.error.message } };
    const window = BrowserWindow.fromWebContents(event.sender);
    const bringToFront = (): void => {
      if (!window || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    };
    if (Notification.isSupported()) {
      const notification = new Notification({ title: parsed.data.title, body: parsed.data.body });
      shown.add(notification);
      notification.on('click', bringToFront);
      notification.on('close', () => shown.delete(notification));
      notification.show();
    }
    if (window && !window.isDestroyed() && !window.isFocused()) {
      window.flashFrame(true);
      window.once('focus', () => {
        if (!window.isDestroyed()) window.flashFrame(false);
      });
    }
    return { ok: true };
  });
  return () => {
    ipcMain.removeHandler(NOTIFY_CHANNEL);
    shown.clear();
  };
}
