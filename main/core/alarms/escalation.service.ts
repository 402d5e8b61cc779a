/**
 * 升级提醒 (escalation chains, issue #17): while an alarm is open and its task not taken, each step of
 * its kind's chain tells one more person when its time comes — the B holder of the post (a plan task
 * still with A passes to B), the shift's duty leader, the centre director — and 立即升级 takes the next
 * step at once. Every step is a row of `alarm_step` (the alarm's history), shows in the event's
 * timeline or the plan run's log, names the person in their 我的任务, and goes to the message gateway.
 *
 * Two consoles of a town derive the same steps: a step falls due at a time computed from synced facts
 * (escalation-rules.ts) and names whoever the synced roster and posts say, so each console records it
 * without an op. A step taken by hand is a person's act: for an event it is also a `note` op carrying
 * `escalation`, and the other console, seeing it, records that step as taken instead of taking it again.
 * A task passed to B is the plan run's upsert, as any change to a run.
 */
import type { AlarmStepInfo, EscalationChain, EscalationKind, EscalationSettings, EscalationTarget } from '../../../preload/contract/escalation-schemas';
import { ESCALATION_KINDS } from '../../../preload/contract/escalation-schemas';
import { ALARM_KIND_WORDS } from '../../../preload/contract/voice-schemas';
import type { Clock } from '../kernel/clock';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { SYSTEM, withCommandScope, type Actor, type Kernel, type Tx } from '../kernel';
import { checkChain, DEFAULT_CHAINS, isEscalationKind, stepDueMs } from './escalation-rules';
import type { MessageGateway, OutgoingMessage } from './message-gateway';

/** What the service needs of the rest of the core (app-core.ts wires it). */
export interface EscalationParts {
  readonly kernel: Kernel;
  readonly clock: Clock;
  readonly person: (id: string) => { name: string; phone: string } | null;
  /** A post's B holder. */
  readonly bHolderOf: (postId: string) => string | null;
  /** Whether the person can act for the post at this instant (present, on duty). */
  readonly canAct: (personId: string, postId: string, at: Date) => boolean;
  /** The duty leader (带班领导) on the roster at this instant. */
  readonly leaderAt: (ms: number) => string | null;
  /** Writes a `note` on an event inside the caller's transaction (the timeline and the op). */
  readonly noteEvent: (tx: Tx, actor: Actor, eventId: string, payload: Record<string, unknown>) => Promise<void>;
  /** Passes a plan task still held by A to B inside the caller's transaction (run log, upsert); false when it is not A's. */
  readonly passTaskToB: (tx: Tx, runId: string, taskId: string, personId: string) => Promise<boolean>;
  /** Logs a step in the plan run's log. */
  readonly logTaskStep: (tx: Tx, runId: string, taskId: string, detail: Record<string, string>, actorId: string | null, at: string) => Promise<void>;
  readonly gateway: MessageGateway;
}

/** An open alarm a chain follows, with what deciding its next step needs. */
interface ChainAlarm {
  id: string;
  key: string;
  kind: EscalationKind;
  event_id: string | null;
  message: string;
  raised_at: string;
  last_step: number | null;
  /** Whether its task is still not taken (kind by kind, below). */
  still_due: number;
  /** When its task was taken, where that is known: a step due before then was still due (a console that was off takes it late). */
  taken_at: string | null;
  post_id: string | null;
  run_id: string | null;
  task_id: string | null;
  /** For an event task: who holds the lead post's task now, and as A or B. */
  holder_id: string | null;
  holder_as: string | null;
  /** The event's title or the plan step's. */
  subject: string | null;
}

/**
 * Open alarms of chain kinds with what their next step needs. "Still due" kind by kind: a task not
 * acknowledged (the event still `dispatched`; the plan task still `dispatched` for its ack clock,
 * still open for its completion clock, its run running); an overdue clock still the event's running
 * clock; a serious event, district dispatch or sensor alert not yet accepted; a first report not
 * filed; an update (续报) still owed at the due time the alarm carries (a report since moved it on).
 */
const OPEN_CHAIN_ALARMS = `
  SELECT a.id, a.key, a.kind, a.event_id, a.message, a.raised_at,
      (SELECT MAX(s.step) FROM alarm_step s WHERE s.alarm_id = a.id) AS last_step,
      CASE
        WHEN a.kind = 'ack_timeout' THEN COALESCE(e.state = 'dispatched', 0)
        WHEN a.kind = 'overdue' THEN COALESCE(e.is_open = 1 AND e.clock_paused_at IS NULL AND e.due_kind = a.message ->> '$.dueKind' AND e.due_at = a.message ->> '$.dueAt', 0)
        WHEN a.kind IN ('new_serious', 'district_dispatch', 'sensor_alert') THEN COALESCE(e.state = 'reported', 0)
        WHEN a.kind = 'plan_task_overdue' THEN COALESCE(r.status = 'running' AND (t.status = 'dispatched' OR (a.message ->> '$.clock' = 'done' AND t.status = 'acknowledged')), 0)
        WHEN a.kind = 'first_report_overdue' THEN COALESCE(e.first_report_at IS NULL AND e.first_report_due IS NOT NULL AND e.state NOT IN ('invalid', 'merged'), 0)
        WHEN a.kind = 'update_report_overdue' THEN COALESCE(e.update_report_due = a.message ->> '$.dueAt', 0)
        ELSE 0 END AS still_due,
      CASE
        WHEN a.kind = 'ack_timeout' THEN e.acknowledged_at
        WHEN a.kind IN ('new_serious', 'district_dispatch', 'sensor_alert') THEN e.accepted_at
        WHEN a.kind = 'plan_task_overdue' THEN CASE a.message ->> '$.clock' WHEN 'ack' THEN t.acked_at ELSE t.done_at END
        WHEN a.kind = 'first_report_overdue' THEN e.first_report_at
        ELSE NULL END AS taken_at,
      COALESCE(e.lead_post_id, t.post_id) AS post_id, t.run_id, t.id AS task_id,
      COALESCE(asg.person_id, t.holder_id) AS holder_id, COALESCE(asg.holder_as, t.holder_rule) AS holder_as,
      COALESCE(e.title, a.message ->> '$.stepTitle') AS subject
    FROM alarm a
    LEFT JOIN event e ON e.id = a.event_id
    LEFT JOIN assignment asg ON asg.event_id = e.id AND asg.post_id = e.lead_post_id AND asg.active = 1
    LEFT JOIN plan_task t ON t.id = a.message ->> '$.taskId' AND a.kind = 'plan_task_overdue'
    LEFT JOIN plan_run r ON r.id = t.run_id
    WHERE a.acked_at IS NULL AND a.kind IN (${ESCALATION_KINDS.map((k) => `'${k}'`).join(',')})
      -- one chain per event task: a second 接单超时 (B's own limit ran out) follows the first one's chain
      AND NOT (a.kind = 'ack_timeout' AND EXISTS (SELECT 1 FROM alarm o WHERE o.event_id = a.event_id AND o.kind = 'ack_timeout'
        AND o.acked_at IS NULL AND (o.raised_at, o.id) < (a.raised_at, a.id)))`;

interface StepRow {
  alarm_id: string;
  step: number;
  target: EscalationTarget;
  person_id: string | null;
  at: string;
  by_id: string | null;
  note: string | null;
  delivery: AlarmStepInfo['delivery'];
}

const TARGET_WORDS: Readonly<Record<EscalationTarget, string>> = { b: 'B岗', leader: '带班领导', director: '中心主任' };

export class EscalationService {
  constructor(private readonly parts: EscalationParts) {}

  // ---- settings --------------------------------------------------------------------------------

  private async chains(sql: Sql): Promise<Map<EscalationKind, EscalationChain>> {
    const rows = await sql.all<{ kind: string; enabled: number; steps: string }>(`SELECT kind, enabled, steps FROM escalation_chain`);
    const out = new Map<EscalationKind, EscalationChain>(ESCALATION_KINDS.map((k) => [k, DEFAULT_CHAINS[k]]));
    for (const r of rows) if (isEscalationKind(r.kind)) out.set(r.kind, { kind: r.kind, enabled: r.enabled === 1, steps: JSON.parse(r.steps) as EscalationChain['steps'] });
    return out;
  }

  private async directorId(sql: Sql): Promise<string | null> {
    return (await sql.get<{ value: string | null }>(`SELECT value FROM escalation_option WHERE key = 'director'`))?.value ?? null;
  }

  settings(): Promise<EscalationSettings> {
    return this.parts.kernel.read(async (sql) => {
      const directorId = await this.directorId(sql);
      return { chains: [...(await this.chains(sql)).values()], directorId, directorName: directorId ? (this.parts.person(directorId)?.name ?? null) : null };
    });
  }

  async saveChain(actor: Actor, c: EscalationChain): Promise<void> {
    checkChain(c);
    await this.parts.kernel.run(
      { name: 'escalation.chain', actor, permission: 'manageEscalation', audit: { entity: 'settings', entityId: `escalation:${c.kind}`, detail: c } },
      async (tx) => {
        await tx.sql.run(
          `INSERT INTO escalation_chain (kind, enabled, steps, updated_at, updated_by) VALUES (?,?,?,?,?)
            ON CONFLICT(kind) DO UPDATE SET enabled = excluded.enabled, steps = excluded.steps, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [c.kind, c.enabled ? 1 : 0, JSON.stringify(c.steps), tx.at, actor.id],
        );
        tx.emit({ topic: 'alarms' });
      },
    );
  }

  async saveDirector(actor: Actor, personId: string | null): Promise<void> {
    if (personId !== null && !this.parts.person(personId)) refuse('unknown_person', `no person ${personId}`, { id: personId });
    await this.parts.kernel.run(
      { name: 'escalation.director', actor, permission: 'manageEscalation', audit: { entity: 'settings', entityId: 'escalation:director', detail: { personId } } },
      async (tx) => {
        await tx.sql.run(`INSERT INTO escalation_option (key, value) VALUES ('director', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [personId]);
        tx.emit({ topic: 'alarms' });
      },
    );
  }

  // ---- the steps -------------------------------------------------------------------------------

  /** The steps these alarms took, oldest first per alarm. */
  async stepsOf(sql: Sql, alarmIds: readonly string[]): Promise<Map<string, AlarmStepInfo[]>> {
    const out = new Map<string, AlarmStepInfo[]>();
    if (alarmIds.length === 0) return out;
    const rows = await sql.all<StepRow>(
      `SELECT alarm_id, step, target, person_id, at, by_id, note, delivery FROM alarm_step WHERE alarm_id IN (SELECT value FROM json_each(?)) ORDER BY alarm_id, step`,
      [JSON.stringify(alarmIds)],
    );
    for (const r of rows) {
      const list = out.get(r.alarm_id) ?? [];
      list.push(this.info(r));
      out.set(r.alarm_id, list);
    }
    return out;
  }

  private info(r: StepRow): AlarmStepInfo {
    return {
      alarmId: r.alarm_id,
      step: r.step,
      to: r.target,
      personId: r.person_id,
      personName: r.person_id ? (this.parts.person(r.person_id)?.name ?? null) : null,
      at: r.at,
      byId: r.by_id,
      byName: r.by_id ? (this.parts.person(r.by_id)?.name ?? null) : null,
      note: r.note,
      delivery: r.delivery,
    };
  }

  /**
   * Takes every step that fell due by now, for every open alarm a chain follows; then hands each new
   * step's message to the gateway. Returns how many steps it took.
   */
  sweep(): Promise<number> {
    return withCommandScope({}, async () => {
      const now = this.parts.clock.now().getTime();
      const taken = await this.parts.kernel.run({ name: 'escalation.sweep', actor: SYSTEM, audit: false }, async (tx) => {
        const chains = await this.chains(tx.sql);
        const alarms = await tx.sql.all<ChainAlarm>(OPEN_CHAIN_ALARMS);
        const out: { alarm: ChainAlarm; step: number; personId: string | null; target: EscalationTarget }[] = [];
        for (const a of alarms) {
          const chain = chains.get(a.kind);
          if (!chain?.enabled) continue;
          const detail = JSON.parse(a.message) as Record<string, string>;
          const baseMs = Date.parse(detail.dueAt ?? a.raised_at);
          for (let i = a.last_step ?? 0; i < chain.steps.length; i++) {
            const dueMs = stepDueMs(chain, i, baseMs);
            if (dueMs > now) break;
            // Taken since (by a person here or on another console): a step that fell due before that was still owed.
            if (a.still_due !== 1 && !(a.taken_at && Date.parse(a.taken_at) > dueMs)) break;
            const byHand = a.event_id ? await this.stepTakenByHand(tx.sql, a.event_id, a.key, i + 1) : null;
            const at = byHand?.at ?? new Date(dueMs).toISOString();
            const personId = byHand ? byHand.personId : await this.take(tx, a, chain.steps[i].to, at, null);
            await this.record(tx.sql, a, i + 1, chain.steps[i].to, personId, at, byHand?.byId ?? null, byHand ? '由另一值班台升级' : null);
            if (!byHand) out.push({ alarm: a, step: i + 1, personId, target: chain.steps[i].to });
          }
        }
        if (out.length > 0) {
          tx.emit({ topic: 'alarms' });
          const events = [...new Set(out.map((o) => o.alarm.event_id).filter((x): x is string => x !== null))];
          if (events.length > 0) tx.emit({ topic: 'events', ids: events });
        }
        return out;
      });
      for (const t of taken) await this.deliver(t.alarm, t.step, t.target, t.personId);
      return taken.length;
    });
  }

  /** 立即升级: the alarm's next step at once, by a person at the desk. */
  async escalateNow(actor: Actor, alarmId: string, note: string | undefined): Promise<AlarmStepInfo> {
    const done = await this.parts.kernel.run(
      { name: 'alarm.escalate', actor, permission: 'escalateAlarm', audit: { entity: 'alarm', entityId: alarmId, detail: { note: note ?? null } } },
      async (tx) => {
        const a = await tx.sql.get<ChainAlarm>(`${OPEN_CHAIN_ALARMS} AND a.id = ?`, [alarmId]);
        if (!a) {
          const known = await tx.sql.get(`SELECT 1 FROM alarm WHERE id = ?`, [alarmId]);
          if (!known) refuse('not_found', `no alarm ${alarmId}`, { id: alarmId });
          refuse('no_next_step', 'this alarm is acknowledged or has no chain');
        }
        const chain = (await this.chains(tx.sql)).get(a.kind);
        const index = a.last_step ?? 0;
        if (!chain?.enabled || a.still_due !== 1 || index >= chain.steps.length) refuse('no_next_step', 'no further step for this alarm');
        const target = chain.steps[index].to;
        const personId = await this.take(tx, a, target, tx.at, actor);
        await this.record(tx.sql, a, index + 1, target, personId, tx.at, actor.id, note ?? null);
        if (a.event_id) {
          const who = personId ? (this.parts.person(personId)?.name ?? '') : '无人在岗';
          await this.parts.noteEvent(tx, actor, a.event_id, {
            text: `立即升级：告知${TARGET_WORDS[target]} ${who}${note ? `（${note}）` : ''}`,
            escalation: { alarmKey: a.key, step: index + 1, to: target, personId, byId: actor.id },
          });
          tx.emit({ topic: 'events', ids: [a.event_id] });
        }
        tx.emit({ topic: 'alarms' });
        return { alarm: a, step: index + 1, target, personId };
      },
    );
    await this.deliver(done.alarm, done.step, done.target, done.personId);
    const steps = await this.parts.kernel.read((sql) => this.stepsOf(sql, [alarmId]));
    return steps.get(alarmId)!.find((s) => s.step === done.step)!;
  }

  /** A step the other console took by hand for this event alarm (its note carries `escalation`). */
  private async stepTakenByHand(sql: Sql, eventId: string, alarmKey: string, step: number): Promise<{ personId: string | null; byId: string | null; at: string } | null> {
    const row = await sql.get<{ person_id: string | null; actor_id: string | null; at: string }>(
      `SELECT payload ->> '$.escalation.personId' AS person_id, payload ->> '$.escalation.byId' AS actor_id, at FROM event_timeline
        WHERE event_id = ? AND action = 'note' AND payload ->> '$.escalation.alarmKey' = ? AND payload ->> '$.escalation.step' = ? LIMIT 1`,
      [eventId, alarmKey, step],
    );
    return row ? { personId: row.person_id, byId: row.actor_id, at: row.at } : null;
  }

  /**
   * Who a step tells, and what it does besides: B takes a plan task still with A (when B can act
   * now); an event task already passed to B at its acknowledgement limit names that B.
   */
  private async take(tx: Tx, a: ChainAlarm, target: EscalationTarget, at: string, actor: Actor | null): Promise<string | null> {
    const p = this.parts;
    const atDate = new Date(at);
    let personId: string | null = null;
    if (target === 'leader') personId = p.leaderAt(atDate.getTime());
    else if (target === 'director') personId = await this.directorId(tx.sql);
    else {
      const b = a.post_id ? p.bHolderOf(a.post_id) : null;
      if (a.holder_as === 'B' && a.holder_id) personId = a.holder_id;
      else if (b && a.post_id && p.canAct(b, a.post_id, atDate)) {
        personId = b;
        if (a.run_id && a.task_id) await p.passTaskToB(tx, a.run_id, a.task_id, personId);
      }
    }
    if (a.run_id && a.task_id) {
      const who = `${TARGET_WORDS[target]} ${personId ? (p.person(personId)?.name ?? '') : '无人在岗'}`;
      await p.logTaskStep(tx, a.run_id, a.task_id, { to: target, personId: personId ?? '', holderName: who }, actor?.id ?? null, at);
    }
    return personId;
  }

  private record(sql: Sql, a: ChainAlarm, step: number, target: EscalationTarget, personId: string | null, at: string, byId: string | null, note: string | null): Promise<void> {
    return sql.run(
      `INSERT INTO alarm_step (alarm_id, step, target, person_id, at, by_id, note, event_id, run_id, task_id) VALUES (?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT(alarm_id, step) DO NOTHING`,
      [a.id, step, target, personId, at, byId, note, a.event_id, a.run_id, a.task_id],
    );
  }

  /** Hands the step's message to the gateway (outside any transaction) and records its answer on the step. */
  private async deliver(a: ChainAlarm, step: number, target: EscalationTarget, personId: string | null): Promise<void> {
    if (!personId) return;
    const person = this.parts.person(personId);
    let delivery: AlarmStepInfo['delivery'];
    if (!person?.phone) delivery = 'no_phone';
    else {
      const subject = a.subject ?? '';
      const message: OutgoingMessage = {
        key: `${a.id}:${step}`,
        dedupeKey: `${a.key}:${step}:${target}`,
        personId,
        personName: person.name,
        phone: person.phone,
        text: `【值班台】${ALARM_KIND_WORDS[a.kind] ?? ''}${subject ? `：${subject}` : ''}，已升级告知您（${TARGET_WORDS[target]}），请尽快处置。`.slice(0, 200),
      };
      try {
        delivery = (await this.parts.gateway.send(message)).status;
      } catch (error) {
        console.error('message gateway failed', error);
        delivery = 'failed';
      }
    }
    await withCommandScope({}, () =>
      this.parts.kernel.run({ name: 'escalation.delivered', actor: SYSTEM, audit: false }, async (tx) => {
        await tx.sql.run(`UPDATE alarm_step SET delivery = ? WHERE alarm_id = ? AND step = ?`, [delivery, a.id, step]);
        tx.emit({ topic: 'alarms' });
      }),
    );
  }
}
