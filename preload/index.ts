/**
 * The preload: exposes `window.dutyDesk`, one method per API channel (never ipcRenderer itself),
 * and the change feed. Runs sandboxed with context isolation; main validates every call.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, FEED_CHANNEL } from './contract/channels';
import { NOTIFY_CHANNEL } from './contract/notify-channel';

const api: Record<string, Record<string, (request: unknown) => Promise<unknown>> | ((listener: (m: unknown) => void) => () => void)> = {};
for (const channel of CHANNEL_NAMES) {
  const [group, method] = channel.split(':') as [string, string];
  const target = (api[group] ??= {}) as Record<string, (request: unknown) => Promise<unknown>>;
  target[method] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
api.onFeed = (listener: (message: unknown) => void) => {
  const handler = (_event: IpcRendererEvent, message: unknown): void => listener(message);
  ipcRenderer.on(FEED_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(FEED_CHANNEL, handler);
  };
};
// 我的任务: a desktop notification and the taskbar flashing (main/shell/notify.ts checks the sender and the payload).
(api as Record<string, unknown>).notify = (title: string, body: string): void => {
  void ipcRenderer.invoke(NOTIFY_CHANNEL, { title, body });
};

contextBridge.exposeInMainWorld('dutyDesk', api);
