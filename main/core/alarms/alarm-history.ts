/**
 * 告警台's history (告警记录, issue #17): the leader's view of who acknowledged what and how fast. The
 * alarms raised in a time range (default: the last 24 hours of the console's clock), newest first, each
 * with who acknowledged it, after how many seconds, their note, and the escalation steps it took
 * (alarm_step, migration 0015); over the rows, how many were acknowledged and the median and slowest
 * acknowledgement. A read: it writes nothing. Any reader role.
 */
import type { AlarmHistory, AlarmHistoryRow, AlarmStepInfo } from '../../../preload/contract/escalation-schemas';
import type { Alarm } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { permit } from '../kernel/permissions';
import { alarmOf, type AlarmRow } from './alarm-groups';

export interface AlarmHistoryFilter {
  readonly from?: string;
  readonly to?: string;
  readonly kind?: Alarm['kind'];
  readonly status?: 'open' | 'acked';
  readonly limit?: number;
}

export const ALARM_HISTORY_DEFAULT_HOURS = 24;
export const ALARM_HISTORY_DEFAULT_LIMIT = 200;

/** The steps these alarms took, oldest first per alarm, with names (the escalation core's `stepsOf`). */
export type StepsOf = (sql: Sql, alarmIds: readonly string[]) => Promise<ReadonlyMap<string, AlarmStepInfo[]>>;

/** Seconds from raised to acknowledged, whole; null while open. */
function ackSecondsOf(raisedAt: string, ackedAt: string | null): number | null {
  if (ackedAt === null) return null;
  return Math.max(0, Math.round((Date.parse(ackedAt) - Date.parse(raisedAt)) / 1000));
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

export class AlarmHistoryService {
  constructor(
    private readonly kernel: Kernel,
    /** A person's name, null for one the town does not know (the system's own acknowledgements). */
    private readonly nameOf: (personId: string) => string | null,
    private readonly stepsOf: StepsOf,
  ) {}

  async history(actor: Actor, filter: AlarmHistoryFilter): Promise<AlarmHistory> {
    permit(actor, 'read');
    const nowMs = this.kernel.clock.now().getTime();
    const to = filter.to !== undefined ? new Date(filter.to) : new Date(nowMs);
    const from = filter.from !== undefined ? new Date(filter.from) : new Date(to.getTime() - ALARM_HISTORY_DEFAULT_HOURS * 3_600_000);
    if (from.getTime() > to.getTime()) refuse('invalid', 'the range ends before it begins', { field: 'historyRange' });
    const limit = filter.limit ?? ALARM_HISTORY_DEFAULT_LIMIT;
    const where = ['a.raised_at >= ?', 'a.raised_at <= ?'];
    const params: (string | number)[] = [from.toISOString(), to.toISOString()];
    if (filter.kind !== undefined) {
      where.push('a.kind = ?');
      params.push(filter.kind);
    }
    if (filter.status === 'open') where.push('a.acked_at IS NULL');
    if (filter.status === 'acked') where.push('a.acked_at IS NOT NULL');

    const { alarms, steps } = await this.kernel.read(async (sql) => {
      const alarms = await sql.all<AlarmRow & { ack_note: string | null }>(
        `SELECT a.id, a.kind, a.event_id, e.title, a.message, a.raised_at, a.acked_at, a.acked_by, a.ack_note FROM alarm a
          LEFT JOIN event e ON e.id = a.event_id
          WHERE ${where.join(' AND ')} ORDER BY a.raised_at DESC, a.id DESC LIMIT ?`,
        [...params, limit],
      );
      const steps = await this.stepsOf(
        sql,
        alarms.map((a) => a.id),
      );
      return { alarms, steps };
    });

    const rows: AlarmHistoryRow[] = alarms.map((r) => ({
      ...alarmOf(r),
      ackedByName: r.acked_by === null ? null : this.nameOf(r.acked_by),
      ackSeconds: ackSecondsOf(r.raised_at, r.acked_at),
      ackNote: r.ack_note,
      steps: steps.get(r.id) ?? [],
    }));
    const seconds = rows
      .map((r) => r.ackSeconds)
      .filter((s): s is number => s !== null)
      .sort((a, b) => a - b);
    return { rows, acked: seconds.length, medianAckSeconds: median(seconds), maxAckSeconds: seconds.length ? seconds[seconds.length - 1] : null };
  }
}
