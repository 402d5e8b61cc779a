/**
 * Registers every API channel on Electron's IPC. The only caller of `ipcMain.handle`: checks the
 * sender frame (our own app page, top frame), then hands to callApi (schema → session → core).
 * Takes ipcMain as an argument so this folder does not import Electron itself.
 */
import { CHANNELS } from '../../preload/contract/api';
import type { Core } from '../core/app-core';
import { APP_INDEX_URL, isAppOrigin } from '../web/app-scheme';
import { callApi, type Session } from './handlers';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, request: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcInvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** Whether a frame's URL is our own app page (app://duty-desk/index.html, or the dev server on loopback). */
export function isTrustedSenderUrl(url: string, devServerUrl?: string): boolean {
  try {
    const parsed = new URL(url);
    if (isAppOrigin(url)) return parsed.pathname === new URL(APP_INDEX_URL).pathname;
    if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
    return false;
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: IpcMainLike, core: Core, options: { devServerUrl?: string } = {}): () => void {
  const sessions = new Map<number, Session>();
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, request) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedSenderUrl(frame.url, options.devServerUrl)) {
        return { ok: false, error: { code: 'forbidden', message: 'calls are accepted only from the console page' } };
      }
      let session = sessions.get(event.sender.id);
      if (!session) {
        session = { actor: null, address: 'local' };
        sessions.set(event.sender.id, session);
      }
      return callApi(core, session, channel, request);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
    sessions.clear();
  };
}
