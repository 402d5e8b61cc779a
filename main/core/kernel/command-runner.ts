/**
 * The one write path of the core. Every change to data is a command run here:
 *   1. the role is checked with the one permit();
 *   2. a repeated client command id returns the first result and changes nothing;
 *   3. the single writer transaction is opened and the domain change runs in it, writing its audit
 *      row, outbox op(s) and alarm rows through the kernel's repositories (`tx.audit`, `tx.outbox`,
 *      `tx.raiseAlarm` …), the same way for every command;
 *   4. it commits; only then are the change-feed messages emitted, the after-commit hooks run, and
 *      (when the command wrote an outbox op) the sync worker woken.
 * A refused command (any throw) rolls back whole and emits nothing.
 */
import type { FeedMessage } from '../../../preload/contract/feed';
import { permit, type Permission } from './permissions';
import type { Db, Sql } from '../db/db';
import type { ChangeFeed } from '../feed';
import type { HybridLogicalClock } from './hlc';
import { SYSTEM, type Actor } from './actor';
import { ackAlarm, ackAlarms, raiseAlarm, settleAlarm, type RaiseAlarm } from './alarm.repository';
import { appendAudit } from './audit.repository';
import type { Clock } from './clock';
import { currentScope } from './command-scope';
import { refuse } from '../errors';
import { appendOutbox, type OutboxOp } from './outbox.repository';

/** How long a command id is remembered: a client retries within seconds, never after a week. */
const COMMAND_ID_RETENTION_MS = 7 * 24 * 3600_000;

export interface CommandSpec {
  /** `feature.verb`, e.g. `events.dispatch`: the audit's action and the command id's namespace. */
  readonly name: string;
  readonly actor: Actor;
  /** Checked with permit() before anything is read; several must all hold. */
  readonly permission?: Permission | readonly Permission[];
  /**
   * Writes no audit row of its own (the default writes `{name}` on `{entity}`): for commands whose
   * trail is elsewhere (the event timeline, the plan log) or that are the system's housekeeping.
   */
  readonly audit?: false | { readonly entity: string; readonly entityId?: string | null; readonly detail?: unknown };
}

/** What a command's function may do besides plain SQL on its own tables. */
export interface Tx {
  readonly sql: Sql;
  readonly actor: Actor;
  /** The command's time (ISO, UTC): one instant for everything it writes. */
  readonly at: string;
  readonly hlc: HybridLogicalClock;
  audit(action: string, entity: string, entityId: string | null, detail?: unknown): Promise<void>;
  /** The op for the district, written in this transaction; the sync worker is woken after commit. */
  outbox(op: OutboxOp): Promise<void>;
  raiseAlarm(alarm: RaiseAlarm): Promise<boolean>;
  settleAlarm(key: string, note: string): Promise<void>;
  ackAlarm(alarmId: string, note: string | undefined): Promise<void>;
  /** Acknowledges the open ones of a group of alarms; returns how many. */
  ackAlarms(alarmIds: readonly string[], note: string | undefined): Promise<number>;
  /** A change-feed message, sent after commit (duplicates are sent once). */
  emit(message: FeedMessage): void;
  /** Runs after commit (never if the command is refused). */
  afterCommit(fn: () => void): void;
}

export interface KernelStats {
  commands: number;
  replays: number;
}

export class Kernel {
  private readonly outboxListeners = new Set<() => void>();
  private readonly committedListeners = new Set<(name: string) => void>();
  readonly stats: KernelStats = { commands: 0, replays: 0 };

  constructor(
    private readonly db: Db,
    readonly clock: Clock,
    readonly hlc: HybridLogicalClock,
    private readonly feed: ChangeFeed,
  ) {}

  /** Reads never write: outside any transaction, serialized with the writer. */
  read<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.db.read(fn);
  }

  /** Long reads side by side on one snapshot, beside the writer (Db.together). */
  together<T extends readonly unknown[]>(...fns: { [K in keyof T]: (sql: Sql) => Promise<T[K]> }): Promise<T> {
    return this.db.together<T>(...fns);
  }

  /** Called after every commit that wrote an outbox op (the sync worker wakes). */
  onOutbox(listener: () => void): () => void {
    this.outboxListeners.add(listener);
    return () => void this.outboxListeners.delete(listener);
  }

  /** Called after every committed command, with its name. */
  onCommitted(listener: (name: string) => void): () => void {
    this.committedListeners.add(listener);
    return () => void this.committedListeners.delete(listener);
  }

  async run<T>(spec: CommandSpec, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const permissions = spec.permission === undefined ? [] : typeof spec.permission === 'string' ? [spec.permission] : spec.permission;
    for (const p of permissions) permit(spec.actor, p as Permission);
    const scope = currentScope();
    if (scope.screenLocked && spec.actor.id !== SYSTEM.id) refuse('screen_locked', 'the desk is locked: unlock it with your password first');
    // The system's own commands (sweeps, sync) are never replays of a person's key press.
    const commandId = spec.actor.id === SYSTEM.id ? undefined : scope.commandId;
    const messages: FeedMessage[] = [];
    const after: (() => void)[] = [];
    let wroteOutbox = false;
    let replayed = false;
    const at = this.clock.now().toISOString();
    const value = await this.db.write(async (sql) => {
      if (commandId) {
        const first = await sql.get<{ result: string }>(`SELECT result FROM command_result WHERE command_id = ? AND name = ?`, [commandId, spec.name]);
        if (first) {
          replayed = true;
          return (first.result === 'undefined' ? undefined : JSON.parse(first.result)) as T;
        }
      }
      const tx: Tx = {
        sql,
        actor: spec.actor,
        at,
        hlc: this.hlc,
        audit: (action, entity, entityId, detail) => appendAudit(sql, { at, actorId: spec.actor.id, action, entity, entityId, detail }),
        outbox: async (op) => {
          wroteOutbox = true;
          await appendOutbox(sql, op);
        },
        raiseAlarm: (alarm) => raiseAlarm(sql, alarm),
        settleAlarm: (key, note) => settleAlarm(sql, key, spec.actor.id, note, at),
        ackAlarm: (alarmId, note) => ackAlarm(sql, alarmId, spec.actor.id, note, at),
        ackAlarms: (alarmIds, note) => ackAlarms(sql, alarmIds, spec.actor.id, note, at),
        emit: (message) => messages.push(message),
        afterCommit: (fn) => after.push(fn),
      };
      const result = await fn(tx);
      if (spec.audit) await tx.audit(spec.name, spec.audit.entity, spec.audit.entityId ?? null, spec.audit.detail);
      if (commandId) {
        await sql.run(`INSERT INTO command_result (command_id, name, actor_id, at, result) VALUES (?,?,?,?,?)`, [
          commandId,
          spec.name,
          spec.actor.id,
          at,
          result === undefined ? 'undefined' : JSON.stringify(result),
        ]);
      }
      return result;
    });
    if (replayed) {
      this.stats.replays += 1;
      return value;
    }
    this.stats.commands += 1;
    const sent = new Set<string>();
    for (const message of messages) {
      const key = JSON.stringify(message);
      if (sent.has(key)) continue;
      sent.add(key);
      this.feed.emit(message);
    }
    for (const fn of after) fn();
    for (const listener of this.committedListeners) listener(spec.name);
    if (wroteOutbox) for (const listener of this.outboxListeners) listener();
    return value;
  }

  /**
   * Whether the door's command id already ran `name`: a repeat will return the first result. For a
   * command whose checks come before it (a signature's password), so that a repeat is not refused by them.
   */
  async ranBefore(name: string): Promise<boolean> {
    const commandId = currentScope().commandId;
    if (!commandId) return false;
    return this.db.read(async (sql) => !!(await sql.get(`SELECT 1 AS one FROM command_result WHERE command_id = ? AND name = ?`, [commandId, name])));
  }

  /** Forgets command ids older than a week (run from the sweep). */
  prune(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - COMMAND_ID_RETENTION_MS).toISOString();
    return this.db.write((sql) => sql.run(`DELETE FROM command_result WHERE at < ?`, [before]));
  }
}
