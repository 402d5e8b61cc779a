/**
 * The rules of 语音播报 that the core and the renderer both apply: whether a screen speaks at an
 * instant (on, not muted, outside its quiet hours — Beijing time), and a template's placeholders.
 */
import { VOICE_PLACEHOLDERS, type VoiceMute, type VoiceScreen } from './voice-schemas';

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Minutes since Beijing midnight of an instant. */
export function beijingMinuteOfDay(at: Date): number {
  const ms = (at.getTime() + BEIJING_OFFSET_MS) % 86_400_000;
  return Math.floor((ms < 0 ? ms + 86_400_000 : ms) / 60_000);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Whether the instant falls in the quiet hours [from, to) (Beijing time; 23:00–07:00 crosses midnight). */
export function inQuietHours(screen: Pick<VoiceScreen, 'quietFrom' | 'quietTo'>, at: Date): boolean {
  if (!screen.quietFrom || !screen.quietTo) return false;
  const from = minutesOf(screen.quietFrom);
  const to = minutesOf(screen.quietTo);
  const now = beijingMinuteOfDay(at);
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** Whether a mute holds at the instant (it ends by itself at `until`). */
export function muteHolds(mute: Pick<VoiceMute, 'until'> | null, at: Date): boolean {
  return !!mute && new Date(mute.until).getTime() > at.getTime();
}

/** Why a screen does not speak at the instant, or null when it speaks. */
export function silencedBy(screen: VoiceScreen, mute: VoiceMute | null, at: Date): 'off' | 'muted' | 'quiet' | null {
  if (!screen.enabled || screen.volume === 0) return 'off';
  if (muteHolds(mute, at)) return 'muted';
  if (inQuietHours(screen, at)) return 'quiet';
  return null;
}

/** The placeholders a template names that are not known (`{grid}` is, `{foo}` is not). */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = VOICE_PLACEHOLDERS;
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((name) => !known.includes(name));
}

/** Fills a template; a placeholder with no value says nothing. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return template
    .replace(/\{(\w+)\}/g, (_whole, name: string) => values[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
