/** SQL of the calendar's own table (calendar_override): the admin-entered holidays and adjusted workdays. */
import type { Sql } from '../db/db';
import type { DayOverride } from './work-calendar';

export function overrides(sql: Sql): Promise<DayOverride[]> {
  return sql.all<DayOverride>(`SELECT date, kind, name FROM calendar_override ORDER BY date`);
}

/** Replaces one year's overrides. */
export async function replaceYear(sql: Sql, year: number, holidays: readonly { date: string; name: string }[], workdays: readonly { date: string; name: string }[]): Promise<void> {
  await sql.run(`DELETE FROM calendar_override WHERE date LIKE ?`, [`${year}-%`]);
  for (const h of holidays) await sql.run(`INSERT INTO calendar_override (date, kind, name) VALUES (?, 'holiday', ?)`, [h.date, h.name]);
  for (const w of workdays) await sql.run(`INSERT INTO calendar_override (date, kind, name) VALUES (?, 'workday', ?)`, [w.date, w.name]);
}
