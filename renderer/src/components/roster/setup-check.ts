/**
 * Why a shift setup cannot be saved, in the console's words. The server decides
 * (main/core/roster/shift-templates.ts `templateProblem` and the request schema) and refuses with a
 * code; this mirrors its rules only to name the shift and the times in the sentence shown.
 */
import type { DutySettings, ShiftTemplate } from '../../../../preload/contract';

export interface SetupProblem {
  key: string;
  params: Record<string, string | number>;
}

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const hmMinutes = (hm: string): number => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

export function minutesHm(minutes: number): string {
  const x = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
}

/** When the shift ends (`HH:MM`) and whether that is the next day; null for a bad start. */
export function shiftEnd(t: Pick<ShiftTemplate, 'start' | 'hours'>): { end: string; nextDay: boolean } | null {
  if (!HM.test(t.start) || !Number.isFinite(t.hours)) return null;
  const end = hmMinutes(t.start) + t.hours * 60;
  return { end: minutesHm(end), nextDay: end >= 1440 };
}

const roleKey = (r: ShiftTemplate['roles'][number]) => (r.kind === 'on_call' ? `on_call:${r.boardCode ?? ''}` : r.kind);

export function setupProblem(templates: readonly ShiftTemplate[], settings: DutySettings, roleName: (kind: string) => string): SetupProblem | null {
  if (templates.length === 0) return { key: 'none', params: {} };
  for (const [i, t] of templates.entries()) {
    const name = t.name.trim();
    if (!name) return { key: 'name', params: { n: i + 1 } };
    if (!HM.test(t.start)) return { key: 'start', params: { name } };
    if (!Number.isInteger(t.hours) || t.hours < 1 || t.hours > 24) return { key: 'hours', params: { name, hours: String(t.hours ?? '') } };
    if (t.roles.length === 0) return { key: 'roles', params: { name } };
    const keys = new Set<string>();
    for (const r of t.roles) {
      if (r.kind === 'on_call' && !r.boardCode) return { key: 'board', params: { name } };
      if (!r.label.trim()) return { key: 'label', params: { name } };
      const key = roleKey(r);
      if (keys.has(key)) return { key: 'roleTwice', params: { name, role: r.label || roleName(r.kind) } };
      keys.add(key);
    }
    if (t.roles.filter((r) => r.kind === 'leader').length !== 1 || t.roles.some((r) => r.kind === 'leader' && r.count !== 1)) return { key: 'leader', params: { name } };
  }
  const sorted = [...templates].sort((a, b) => hmMinutes(a.start) - hmMinutes(b.start));
  let covered = 0;
  for (const [i, t] of sorted.entries()) {
    const next = sorted[(i + 1) % sorted.length]!;
    const end = hmMinutes(t.start) + t.hours * 60;
    const nextStart = hmMinutes(next.start) + (i + 1 === sorted.length ? 1440 : 0);
    if (end !== nextStart) {
      return { key: end > nextStart ? 'overlap' : 'gap', params: { name: t.name.trim(), end: minutesHm(end), next: next.name.trim(), nextStart: minutesHm(nextStart) } };
    }
    covered += t.hours;
  }
  if (covered !== 24) return { key: 'total', params: { hours: covered } };
  const labels = settings.fixedChecks.map((c) => c.label.trim());
  if (labels.some((l) => !l) || new Set(labels).size !== labels.length) return { key: 'check', params: {} };
  return null;
}
