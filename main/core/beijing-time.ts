/**
 * Beijing time (Asia/Shanghai, UTC+8 all year: China has no daylight saving since 1991).
 * Storage is UTC; rules that speak of local days and working hours convert here.
 */
export const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since Beijing midnight of an instant. */
export function beijingMinuteOfDay(instant: Date): number {
  const shifted = new Date(instant.getTime() + BEIJING_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60 + shifted.getUTCMilliseconds() / 60000;
}

/** The UTC instant of a Beijing wall-clock time on a Beijing date. */
export function fromBeijing(date: string, minuteOfDay: number): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - BEIJING_OFFSET_MS + minuteOfDay * 60_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** "HH:MM" → minutes. */
export function parseHm(hm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!match) throw new Error(`not a HH:MM time: ${hm}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new Error(`not a time of day: ${hm}`);
  return minutes;
}
