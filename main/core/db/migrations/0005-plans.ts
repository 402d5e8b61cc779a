import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contingency plans: templates (the whole template as JSON, versioned; `district` ones arrive by
 * sync), proposals (an event matched a trigger; one per event and template), runs with their
 * tasks (one per step, with the holder the AB rules gave at release) and the run's log. And the
 * sensor reading of a sensor alert, beside its event (plans trigger on type and threshold).
 */
export class Plans1700000000005 implements MigrationInterface {
  name = 'Plans1700000000005';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE event_sensor (event_id TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, value REAL NOT NULL, unit TEXT)`,
      `CREATE TABLE plan_template (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        version INTEGER NOT NULL, source TEXT NOT NULL, body TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT)`,
      `CREATE TABLE plan_proposal (id TEXT PRIMARY KEY NOT NULL, event_id TEXT NOT NULL, template_id TEXT NOT NULL,
        trigger TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, decided_by TEXT, decided_at TEXT,
        reason TEXT, run_id TEXT, UNIQUE (event_id, template_id))`,
      `CREATE INDEX idx_plan_proposal_status ON plan_proposal (status, created_at)`,
      `CREATE TABLE plan_run (id TEXT PRIMARY KEY NOT NULL, template_id TEXT NOT NULL, template_version INTEGER NOT NULL,
        name TEXT NOT NULL, kind TEXT NOT NULL, drill INTEGER NOT NULL, status TEXT NOT NULL, scenario TEXT,
        event_id TEXT, started_at TEXT NOT NULL, started_by TEXT NOT NULL, ended_at TEXT, ended_by TEXT,
        end_reason TEXT, contacts TEXT NOT NULL, version INTEGER NOT NULL, hlc TEXT NOT NULL)`,
      `CREATE INDEX idx_plan_run_status ON plan_run (status, started_at)`,
      `CREATE TABLE plan_task (id TEXT PRIMARY KEY NOT NULL, run_id TEXT NOT NULL, ord INTEGER NOT NULL,
        step_id TEXT NOT NULL, title TEXT NOT NULL, post_id TEXT NOT NULL, after TEXT NOT NULL, checklist TEXT NOT NULL,
        instructions TEXT, ack_minutes INTEGER NOT NULL, limit_minutes INTEGER NOT NULL, status TEXT NOT NULL,
        holder_id TEXT, holder_rule TEXT NOT NULL, released_at TEXT, ack_due TEXT, due_at TEXT,
        acked_at TEXT, acked_by TEXT, done_at TEXT, done_by TEXT, note TEXT,
        ack_alarmed INTEGER NOT NULL DEFAULT 0, done_alarmed INTEGER NOT NULL DEFAULT 0, UNIQUE (run_id, step_id))`,
      `CREATE INDEX idx_plan_task_run ON plan_task (run_id, ord)`,
      `CREATE INDEX idx_plan_task_ack_due ON plan_task (ack_due) WHERE status = 'dispatched' AND ack_alarmed = 0`,
      `CREATE INDEX idx_plan_task_due ON plan_task (due_at) WHERE status IN ('dispatched', 'acknowledged') AND done_alarmed = 0`,
      `CREATE INDEX idx_plan_task_holder ON plan_task (holder_id, status)`,
      `CREATE TABLE plan_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, at TEXT NOT NULL,
        kind TEXT NOT NULL, task_id TEXT, actor_id TEXT, detail TEXT NOT NULL)`,
      `CREATE INDEX idx_plan_log_run ON plan_log (run_id, seq)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['plan_log', 'plan_task', 'plan_run', 'plan_proposal', 'plan_template', 'event_sensor']) await q.query(`DROP TABLE ${table}`);
  }
}
