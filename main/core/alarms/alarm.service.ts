/**
 * Alarms: raised inside the transaction of whatever caused them (the kernel's `tx.raiseAlarm`,
 * deduplicated by a key: one alarm per event per clock breach), and open until a person
 * acknowledges them; the acknowledgement is a kernel command, logged. The renderer sounds and
 * flashes while any is open. The alarm table's writes are the kernel's (kernel/alarm.repository.ts).
 */
import type { Alarm } from '../../../preload/contract/schemas';
import type { AlarmGroup } from '../../../preload/contract/voice-schemas';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { alarmOf, groupAlarms, openAlarms, type AlarmRow } from './alarm-groups';
import type { VoiceService } from './voice.service';

export type { AlarmKind } from '../kernel/alarm.repository';

export class AlarmService {
  constructor(
    private readonly kernel: Kernel,
    private readonly voice: VoiceService,
  ) {}

  /** Open alarms first (newest first), then the most recent acknowledged ones. */
  list(limit = 100): Promise<Alarm[]> {
    return this.kernel.read(async (sql) => {
      const rows = await sql.all<AlarmRow>(
        `SELECT a.id, a.kind, a.event_id, e.title, a.message, a.raised_at, a.acked_at, a.acked_by FROM alarm a
          LEFT JOIN event e ON e.id = a.event_id ORDER BY a.acked_at IS NOT NULL, a.raised_at DESC LIMIT ?`,
        [limit],
      );
      return rows.map(alarmOf);
    });
  }

  /**
   * The alarm view: every open alarm, folded into lines of one event, one post or one kind within the
   * grouping window, each with what the screens say (its kind's template, or the group's line).
   */
  groups(): Promise<AlarmGroup[]> {
    return this.kernel.read(async (sql) => {
      const alarms = await openAlarms(sql);
      const templates = await this.voice.templates(sql);
      const options = await this.voice.options(sql);
      const byKind = new Map(templates.map((t) => [t.kind as string, t]));
      return groupAlarms(alarms, {
        windowMs: options.groupWindowMinutes * 60_000,
        templateOf: (kind) => {
          const t = byKind.get(kind);
          return t?.enabled ? t.template : null;
        },
      });
    });
  }

  /** A person acknowledges a group of alarms (one line of the view): one command, one audit row naming them all. */
  async ackGroup(actor: Actor, alarmIds: readonly string[], note: string | undefined): Promise<number> {
    return this.kernel.run(
      {
        name: 'alarm.ackGroup',
        actor,
        permission: 'ackAlarm',
        audit: { entity: 'alarm', entityId: alarmIds[0] ?? null, detail: { count: alarmIds.length, alarmIds, note: note ?? null } },
      },
      async (tx) => {
        const acked = await tx.ackAlarms(alarmIds, note);
        tx.emit({ topic: 'alarms' });
        return acked;
      },
    );
  }

  /** How many alarms are open (the update policy holds an install back while any is). */
  openCount(): Promise<number> {
    return this.kernel.read(async (sql) => (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM alarm WHERE acked_at IS NULL`))?.n ?? 0);
  }

  /** A person acknowledges an alarm: one command writes the acknowledgement and its audit row; every desk hears of it. */
  async ack(actor: Actor, alarmId: string, note: string | undefined): Promise<void> {
    await this.kernel.run({ name: 'alarm.ack', actor, permission: 'ackAlarm', audit: { entity: 'alarm', entityId: alarmId, detail: { note: note ?? null } } }, async (tx) => {
      await tx.ackAlarm(alarmId, note);
      tx.emit({ topic: 'alarms' });
    });
  }
}
