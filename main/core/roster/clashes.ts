/**
 * Clash detection, as a pure function over shifts and their slots: a person on two shifts at once
 * (or twice on one), on leave or unavailable while rostered, without rest after 24 hours on duty,
 * and a role slot left empty. The first three are errors (a hand edit that makes one is refused);
 * no rest and empty roles are warnings (allowed, listed).
 */
import type { AbsenceKind, Clash, ClashKind, RoleSpec } from '../../../preload/contract/roster-schemas';
import { HOUR_MS, roleKey } from './shift-templates';

export interface ClashShift {
  readonly id: string;
  readonly date: string;
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly roles: readonly RoleSpec[];
  /** role key → person per slot. */
  readonly slots: ReadonlyMap<string, readonly (string | null)[]>;
}

export interface AbsenceSpan {
  readonly kind: AbsenceKind;
  readonly startMs: number;
  readonly endMs: number;
}

export interface ClashInput {
  /** The shifts clashes are reported on (a month). */
  readonly shifts: readonly ClashShift[];
  /** Shifts around them (the neighbouring months' edges) that count for overlap and rest, never reported. */
  readonly context?: readonly ClashShift[];
  readonly absences: (personId: string) => readonly AbsenceSpan[];
  readonly available: (personId: string) => boolean;
  readonly personName: (personId: string) => string | null;
  readonly restAfter24hMs: number;
}

export const CLASH_SEVERITY: Readonly<Record<ClashKind, 'error' | 'warning'>> = {
  double_booked: 'error',
  on_leave: 'error',
  unavailable: 'error',
  no_rest: 'warning',
  empty_role: 'warning',
};

interface Booking {
  readonly shift: ClashShift;
  readonly role: RoleSpec;
  readonly slot: number;
  readonly reported: boolean;
}

export function detectClashes(input: ClashInput): Clash[] {
  const out: Clash[] = [];
  const add = (
    kind: ClashKind,
    b: { shift: ClashShift; role: RoleSpec | null; slot: number | null },
    personId: string | null,
    extra: { otherShiftId?: string; absenceKind?: AbsenceKind },
    message: string,
  ) => {
    out.push({
      kind,
      severity: CLASH_SEVERITY[kind],
      shiftId: b.shift.id,
      date: b.shift.date,
      shiftName: b.shift.name,
      roleKey: b.role ? roleKey(b.role) : null,
      roleLabel: b.role?.label ?? null,
      slot: b.slot,
      personId,
      personName: personId ? input.personName(personId) : null,
      otherShiftId: extra.otherShiftId ?? null,
      absenceKind: extra.absenceKind ?? null,
      message: `${b.shift.date} ${b.shift.name}${b.role ? ` ${b.role.label}` : ''}: ${message}`,
    });
  };

  const byPerson = new Map<string, Booking[]>();
  const collect = (shift: ClashShift, reported: boolean) => {
    for (const role of shift.roles) {
      const people = shift.slots.get(roleKey(role)) ?? [];
      for (let slot = 0; slot < role.count; slot++) {
        const id = people[slot] ?? null;
        if (id === null) {
          if (reported) add('empty_role', { shift, role, slot }, null, {}, `slot ${slot + 1} is empty`);
          continue;
        }
        let list = byPerson.get(id);
        if (!list) byPerson.set(id, (list = []));
        list.push({ shift, role, slot, reported });
      }
    }
  };
  for (const s of input.shifts) collect(s, true);
  const reportedIds = new Set(input.shifts.map((s) => s.id));
  for (const s of input.context ?? []) if (!reportedIds.has(s.id)) collect(s, false);

  for (const [personId, bookings] of byPerson) {
    const name = input.personName(personId) ?? personId;
    bookings.sort((a, b) => a.shift.startMs - b.shift.startMs || a.shift.endMs - b.shift.endMs);
    const available = input.available(personId);
    const absences = input.absences(personId);
    for (const b of bookings) {
      if (!b.reported) continue;
      if (!available) add('unavailable', b, personId, {}, `${name} is marked unavailable`);
      const away = absences.find((a) => a.startMs < b.shift.endMs && b.shift.startMs < a.endMs);
      if (away) add('on_leave', b, personId, { absenceKind: away.kind }, `${name} is away (${away.kind})`);
    }
    // Two bookings at once: reported on the later one (or the earlier when only it is reported).
    for (let i = 0; i < bookings.length; i++) {
      for (let j = i + 1; j < bookings.length && bookings[j]!.shift.startMs < bookings[i]!.shift.endMs; j++) {
        const [a, b] = [bookings[i]!, bookings[j]!];
        const target = b.reported ? b : a.reported ? a : null;
        if (!target) continue;
        const other = target === b ? a : b;
        add(
          'double_booked',
          target,
          personId,
          { otherShiftId: other.shift.id },
          a.shift.id === b.shift.id ? `${name} fills two slots of this shift` : `${name} is also on ${other.shift.date} ${other.shift.name}`,
        );
      }
    }
    // Rest: stretches of back-to-back shifts; past 24 hours, or a shift too soon after 24 hours on duty.
    let stretchStart = -Infinity;
    let stretchEnd = -Infinity;
    let stretchShiftId = '';
    for (const b of bookings) {
      const s = b.shift;
      if (s.startMs < stretchEnd) continue; // the same shift twice or an overlap: reported above
      if (s.startMs === stretchEnd) {
        stretchEnd = s.endMs;
        if (stretchEnd - stretchStart > 24 * HOUR_MS && b.reported) {
          add('no_rest', b, personId, { otherShiftId: stretchShiftId }, `${name} would be on duty ${Math.round((stretchEnd - stretchStart) / HOUR_MS)} hours in a row`);
        }
      } else {
        if (stretchEnd - stretchStart >= 24 * HOUR_MS && s.startMs - stretchEnd < input.restAfter24hMs && b.reported) {
          add('no_rest', b, personId, { otherShiftId: stretchShiftId }, `${name} has not rested ${Math.round(input.restAfter24hMs / HOUR_MS)} hours after 24 hours on duty`);
        }
        stretchStart = s.startMs;
        stretchEnd = s.endMs;
      }
      stretchShiftId = s.id;
    }
  }
  const order: Record<ClashKind, number> = { double_booked: 0, on_leave: 1, unavailable: 2, no_rest: 3, empty_role: 4 };
  const startOf = new Map(input.shifts.map((s) => [s.id, s.startMs]));
  return out.sort(
    (a, b) =>
      (startOf.get(a.shiftId) ?? 0) - (startOf.get(b.shiftId) ?? 0) ||
      order[a.kind] - order[b.kind] ||
      (a.roleKey ?? '').localeCompare(b.roleKey ?? '') ||
      (a.slot ?? 0) - (b.slot ?? 0),
  );
}
