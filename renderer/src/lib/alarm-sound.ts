/**
 * The alarm sound: a two-tone beep from a WebAudio oscillator (no sound file to ship or load).
 * Browsers start an AudioContext suspended until a person interacts with the page; `unlock()` is
 * called on the first key or click so the beep can sound afterwards.
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
  return context;
}

/** The page's one AudioContext (the beep and 语音播报 share it), or null where there is none. */
export function alarmAudioContext(): AudioContext | null {
  return audio();
}

export function unlockAlarmSound(): void {
  const ctx = audio();
  if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
}

/** Whether the browser lets the page make sound now. */
export function alarmSoundReady(): boolean {
  return audio()?.state === 'running';
}

/** One beep-beep (about 0.6 s). Silent if audio is unavailable or still locked. */
export function beep(): void {
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  for (const [offset, frequency] of [
    [0, 988],
    [0.3, 784],
  ] as const) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.27);
  }
}
