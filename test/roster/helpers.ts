/** Helpers of the roster tests: a core before January 2026, the state of the watch's tables, people by role. */
import type { Actor } from '../../main/core/kernel/actor';
import { fromBeijing } from '../../main/core/beijing-time';
import { makeCore, type TestCore } from '../support/core';

/** Saturday 20 December 2025, 09:00 Beijing: January 2026 has not started. */
export const BEFORE_JANUARY = '2025-12-20T01:00:00.000Z';

export async function rosterCore(start = BEFORE_JANUARY): Promise<TestCore> {
  return makeCore(start);
}

/** A Beijing wall time as an ISO instant. */
export function bj(date: string, hm: string): string {
  return fromBeijing(date, Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))).toISOString();
}

/** Everything the watch writes, to show that a refused command changed nothing. */
export async function watchState(t: TestCore): Promise<string> {
  return t.core.db.read(async (sql) =>
    JSON.stringify(
      await Promise.all(
        ['roster', 'shift', 'shift_slot', 'absence', 'roster_swap', 'duty_log', 'handover', 'handover_item', 'outbox', 'audit_log'].map((table) =>
          sql.all(`SELECT * FROM ${table} ORDER BY rowid`),
        ),
      ),
    ),
  );
}

export function actorOf(t: TestCore, personId: string): Actor {
  const p = t.core.town.people.get(personId);
  if (!p) throw new Error(`no person ${personId}`);
  return { id: p.id, roles: p.roles };
}

export function usernameOf(t: TestCore, personId: string): string {
  return t.core.town.people.get(personId)!.username;
}

export async function outboxOf(t: TestCore, entity: string): Promise<{ entity_id: string; kind: string; payload: Record<string, unknown> }[]> {
  const rows = await t.core.db.read((sql) =>
    sql.all<{ entity_id: string; kind: string; payload: string }>(`SELECT entity_id, kind, payload FROM outbox WHERE entity = ? ORDER BY seq`, [entity]),
  );
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}
