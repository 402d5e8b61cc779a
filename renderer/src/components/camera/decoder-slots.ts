/**
 * The decoders a page may run at once (issue #18): every playing camera holds one slot; a player over
 * the cap waits (等待解码资源) until a slot frees, first come first served. Module-level: one count per
 * page (a wall window, the console). The cap defaults to 4 and is a setting (setDecoderCap).
 */
export const DEFAULT_DECODER_CAP = 4;
export const DECODER_CAP_RANGE = [1, 16] as const;

let cap = DEFAULT_DECODER_CAP;
let held = 0;
const waiting: Array<() => void> = [];
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function grantWaiting(): void {
  while (held < cap && waiting.length > 0) {
    held++;
    const next = waiting.shift()!;
    next();
  }
  notify();
}

/** The cap, clamped to DECODER_CAP_RANGE; players already waiting are granted if it grew. */
export function setDecoderCap(n: number): void {
  if (!Number.isFinite(n)) return;
  cap = Math.min(DECODER_CAP_RANGE[1], Math.max(DECODER_CAP_RANGE[0], Math.floor(n)));
  grantWaiting();
}

export function decoderCap(): number {
  return cap;
}

/** How many decoders run now (for tests and the soak: flat when the wall is idle). */
export function decodersInUse(): number {
  return held;
}

export function onDecodersChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Asks for a slot: `granted` is called (now or later) once one is held. The returned function gives
 * the slot back, or leaves the queue when it was not granted yet; calling it twice does nothing.
 */
export function acquireDecoder(granted: () => void): () => void {
  let state: 'waiting' | 'held' | 'done' = 'waiting';
  const grant = (): void => {
    state = 'held';
    granted();
  };
  if (held < cap) {
    held++;
    state = 'held';
    notify();
    granted();
  } else waiting.push(grant);
  return () => {
    if (state === 'held') {
      held--;
      state = 'done';
      grantWaiting();
    } else if (state === 'waiting') {
      const i = waiting.indexOf(grant);
      if (i >= 0) waiting.splice(i, 1);
      state = 'done';
    }
  };
}

if (typeof window !== 'undefined') {
  // For the e2e and the soak: the count of decoders this page runs, read without the React tree.
  (window as unknown as { __cameraDecoders?: () => { inUse: number; cap: number } }).__cameraDecoders = () => ({ inUse: held, cap });
}
