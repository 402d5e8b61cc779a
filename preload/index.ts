/**
 * The preload: exposes `window.dutyDesk`, one method per API channel (never ipcRenderer itself),
 * and the change feed. Runs sandboxed with context isolation; main validates every call.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, FEED_CHANNEL } from './contract/channels';

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

contextBridge.exposeInMainWorld('dutyDesk', api);
