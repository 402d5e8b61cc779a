/**
 * The Electron app itself, where its binary is installed: the window opens on the sign-in page,
 * and the renderer is isolated (no Node, only the preload's `window.dutyDesk`).
 *
 * The binary is looked up by file, never through `require('electron')`: that module downloads the
 * binary when it is missing, which these machines cannot do.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(path.join(dir, 'dist')) || !existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

test('the console window opens isolated, on the sign-in page', async () => {
  const executablePath = electronBinary();
  test.skip(!executablePath, 'Electron binary not installed on this machine (its download is blocked); the same console is tested through the web console in Chromium');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-electron-'));
  const app = await electron.launch({
    executablePath: executablePath!,
    args: [path.join(ROOT, 'out/main/index.js')],
    cwd: ROOT,
    env: { ...process.env, DUTY_DESK_DATA: dataDir },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('signin-username')).toBeVisible({ timeout: 20_000 });
    const isolation = await window.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      dutyDesk: typeof (window as unknown as { dutyDesk?: unknown }).dutyDesk,
      ipcRenderer: typeof (window as unknown as { dutyDesk?: { ipcRenderer?: unknown } }).dutyDesk?.ipcRenderer,
    }));
    expect(isolation).toEqual({ require: 'undefined', process: 'undefined', dutyDesk: 'object', ipcRenderer: 'undefined' });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
