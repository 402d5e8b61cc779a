/**
 * Pinyin initials for the queue's search (`slyh` → 森林烟火…). pinyin-pro carries its dictionary
 * (≈290 KB of script), so it is loaded after the queue is on screen rather than before it: until
 * then a search by initials simply matches nothing more than a plain search, and the queue
 * filters again the moment it arrives (`usePinyinReady`).
 */
import { useSyncExternalStore } from 'react';

type Pinyin = typeof import('pinyin-pro').pinyin;

let pinyin: Pinyin | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/** Starts loading pinyin-pro (once); resolves when initials can be computed. */
export function loadPinyin(): Promise<void> {
  loading ??= import('pinyin-pro')
    .then((module) => {
      pinyin = module.pinyin;
      for (const listener of [...listeners]) listener();
    })
    .catch((error: unknown) => {
      // A failed chunk load (an update replaced the files) may be retried by the next call.
      loading = null;
      console.error('loading pinyin-pro failed', error);
    });
  return loading;
}

/** The lower-case pinyin initials of `text`, or null while pinyin-pro is not loaded yet. */
export function pinyinInitials(text: string): string | null {
  if (!pinyin) return null;
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders when pinyin-pro has arrived. */
export function usePinyinReady(): boolean {
  return useSyncExternalStore(subscribe, () => pinyin !== null);
}
