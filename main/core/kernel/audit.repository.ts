/** The audit trail: the one statement that writes it. Only the kernel's runner calls it. */
import type { Sql } from '../db/db';

export interface AuditEntry {
  readonly at: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly detail?: unknown;
}

export function appendAudit(sql: Sql, e: AuditEntry): Promise<void> {
  return sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
    e.at,
    e.actorId,
    e.action,
    e.entity,
    e.entityId,
    JSON.stringify(e.detail ?? {}),
  ]);
}
