/**
 * Beijing time for display (Asia/Shanghai, 24 h). China has kept UTC+8 all year since 1991, so a
 * fixed offset is exact and far cheaper than Intl per row per second; whatever timezone the
 * workstation is set to, the desk shows Beijing time.
 */
import { fill, type Messages } from '../locales';

const OFFSET_MS = 8 * 3600_000;

const pad = (n: number): string => String(n).padStart(2, '0');

function shifted(instant: number | string): Date {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + OFFSET_MS);
}

/** `2026-11-23 09:05` (or with seconds). */
export function formatDateTime(instant: number | string, seconds = false): string {
  const d = shifted(instant);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

/** `11-23 09:05`: the form used in lists where the year is obvious. */
export function formatShort(instant: number | string): string {
  const d = shifted(instant);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `09:05:12`. */
export function formatClock(instant: number | string): string {
  const d = shifted(instant);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2026-11-23 星期一` style date line for the header (weekday names from the locale). */
export function beijingDate(instant: number | string): string {
  const d = shifted(instant);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A Beijing wall-clock string `YYYY-MM-DDTHH:mm:ss` → the ISO instant with +08:00. */
export function fromBeijingWallClock(wall: string): string {
  return new Date(`${wall}+08:00`).toISOString();
}

/** The Beijing wall clock of an instant as `YYYY-MM-DDTHH:mm:ss` (for date pickers). */
export function toBeijingWallClock(instant: number | string): string {
  const d = shifted(instant);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A countdown: `04:59`, `2:04:59`, or `3天4时` past a day. Sign is handled by the caller. */
export function formatCountdown(ms: number, m: Messages): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (days > 0) return fill(m.time.dayShort, { d: days, h: hours });
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(secs)}`;
  return `${pad(minutes)}:${pad(secs)}`;
}

/** How long ago: `45秒`, `12分钟`, `3小时5分`, `2天4时`. */
export function formatAge(ms: number, m: Messages): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return fill(m.time.secondsShort, { s: total });
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return fill(m.time.minuteShort, { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return fill(m.time.hourShort, { h: hours, m: minutes % 60 });
  return fill(m.time.dayShort, { d: Math.floor(hours / 24), h: hours % 24 });
}

/**
 * The Beijing dates [first, last] (both included) of the day, the week (Monday to Sunday) or the month
 * holding `today` (YYYY-MM-DD).
 */
export function periodDates(period: 'day' | 'week' | 'month', today: string): [string, string] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const day = Date.UTC(y, m - 1, d);
  if (period === 'day') return [today, today];
  if (period === 'week') {
    const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
    return [at(monday), at(monday + 6 * 86_400_000)];
  }
  return [at(Date.UTC(y, m - 1, 1)), at(Date.UTC(y, m, 0))];
}
