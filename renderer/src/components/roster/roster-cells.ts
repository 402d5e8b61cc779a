/**
 * Small pure helpers of the roster tabs: the cells of a month (for swaps), the people the desk knows
 * (for absences), and an absence's span as Beijing days or times.
 */
import type { Absence, PostInfo, RosterView } from '../../../../preload/contract';
import { beijingDate, formatDateTime } from '../../lib/beijing-time';

/** One occupied-or-not place of a month's roster: `(shiftId, roleKey, slot)`. */
export interface RosterCell {
  key: string;
  shiftId: string;
  roleKey: string;
  slot: number;
  personId: string | null;
  name: string | null;
  date: string;
  weekday: number;
  shiftName: string;
  roleLabel: string;
  /** The role has more than one slot (so the label names the slot). */
  several: boolean;
  startsAt: string;
  started: boolean;
}

export const cellKeyOf = (shiftId: string, roleKey: string, slot: number): string => `${shiftId}|${roleKey}|${slot}`;

export function rosterCells(view: RosterView | null): RosterCell[] {
  if (!view) return [];
  return view.days.flatMap((d) =>
    d.shifts.flatMap((s) =>
      s.roles.flatMap((r) =>
        r.slots.map((x) => ({
          key: cellKeyOf(s.id, r.key, x.slot),
          shiftId: s.id,
          roleKey: r.key,
          slot: x.slot,
          personId: x.personId,
          name: x.name,
          date: d.date,
          weekday: d.weekday,
          shiftName: s.name,
          roleLabel: r.label,
          several: r.slots.length > 1,
          startsAt: s.startsAt,
          started: s.started || s.ended,
        })),
      ),
    ),
  );
}

export interface KnownPerson {
  id: string;
  name: string;
}

/** Everyone the desk can name: the posts' A and B holders, the month's pools and cells, and me. */
export function knownPeople(posts: readonly PostInfo[], view: RosterView | null, me: KnownPerson): KnownPerson[] {
  const byId = new Map<string, string>();
  const add = (id: string | null | undefined, name: string | null | undefined) => {
    if (id && name && !byId.has(id)) byId.set(id, name);
  };
  add(me.id, me.name);
  for (const pool of view?.pools ?? []) for (const p of pool.people) add(p.personId, p.name);
  for (const c of rosterCells(view)) add(c.personId, c.name);
  for (const p of posts) {
    add(p.a?.id, p.a?.name);
    add(p.b?.id, p.b?.name);
  }
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

const isBeijingMidnight = (iso: string): boolean => (Date.parse(iso) + 8 * 3600_000) % 86_400_000 === 0;

/** An absence as shown: whole Beijing days (`to` inclusive) when it is made of days, else times. */
export function absenceSpan(a: Pick<Absence, 'startsAt' | 'endsAt'>): { from: string; to: string; days: boolean } {
  if (isBeijingMidnight(a.startsAt) && isBeijingMidnight(a.endsAt)) {
    return { from: beijingDate(a.startsAt), to: beijingDate(Date.parse(a.endsAt) - 1), days: true };
  }
  return { from: formatDateTime(a.startsAt), to: formatDateTime(a.endsAt), days: false };
}
