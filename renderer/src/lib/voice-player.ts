/**
 * 语音播报 in the page: the core's WAV of a line, decoded once per text into a Web Audio buffer and
 * played through a gain node at the screen's volume. The same in the web console, the Electron
 * console and the wall. What was played is counted (`voicePlayed`), for the screen's own test hook.
 */
import { alarmAudioContext } from './alarm-sound';

const buffers = new Map<string, Promise<AudioBuffer>>();
const MAX_BUFFERS = 50;

function decode(ctx: AudioContext, base64: string): Promise<AudioBuffer> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return ctx.decodeAudioData(bytes.buffer);
}

/** The decoded buffer of a text (fetched with `fetchWav` the first time). */
export function voiceBuffer(text: string, fetchWav: () => Promise<string>): Promise<AudioBuffer> | null {
  const ctx = alarmAudioContext();
  if (!ctx) return null;
  let made = buffers.get(text);
  if (!made) {
    made = fetchWav().then((wav) => decode(ctx, wav));
    made.catch(() => buffers.delete(text));
    buffers.set(text, made);
    while (buffers.size > MAX_BUFFERS) buffers.delete(buffers.keys().next().value!);
  }
  return made;
}

export interface Played {
  readonly text: string;
  /** The buffer's length in sample frames. */
  readonly length: number;
  readonly durationMs: number;
}

/** Plays a buffer at a volume of 0–100; resolves when it has started. Null when the page may not make sound yet. */
export function playBuffer(buffer: AudioBuffer, volume: number): boolean {
  const ctx = alarmAudioContext();
  if (!ctx || ctx.state !== 'running') return false;
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  const gain = ctx.createGain();
  gain.gain.value = Math.max(0, Math.min(1, volume / 100));
  source.connect(gain).connect(ctx.destination);
  source.start();
  return true;
}
