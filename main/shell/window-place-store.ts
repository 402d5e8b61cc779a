/**
 * Keeps the console window's place in `<userData>/window-place.json`: read at start and fitted to
 * today's monitors by main/core/window/window-place.ts, written (debounced) as the window moves.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { app, screen, type BrowserWindow } from 'electron';
import { CONSOLE_WINDOW_DEFAULTS, parseSavedPlace, placeToSave, restorePlace, serializePlace, type DisplayInfo, type WindowPlace } from '../core/window/window-place';

function placeFile(): string {
  return path.join(app.getPath('userData'), 'window-place.json');
}

function displays(): DisplayInfo[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea, primary: d.id === primaryId }));
}

/** Where to open the console window now. */
export function loadWindowPlace(): WindowPlace {
  let text: string | null = null;
  try {
    text = readFileSync(placeFile(), 'utf8');
  } catch {
    // First start: no file yet.
  }
  return restorePlace(parseSavedPlace(text), displays(), CONSOLE_WINDOW_DEFAULTS);
}

/** Saves the window's place whenever it moves, resizes, (un)maximizes or closes. */
export function trackWindowPlace(window: BrowserWindow): void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed() || window.isMinimized()) return;
    const place = placeToSave(window.getNormalBounds(), { maximized: window.isMaximized(), fullScreen: window.isFullScreen() }, displays());
    const file = placeFile();
    try {
      writeFileSync(`${file}.tmp`, serializePlace(place));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      console.warn('could not save the window place', error);
    }
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  for (const event of ['move', 'resize', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) {
    window.on(event as 'move', later);
  }
  window.on('close', save);
}
