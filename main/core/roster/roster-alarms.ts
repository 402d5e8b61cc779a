/**
 * The alarms the watch raises to the duty leader: a shift role empty when its shift starts, a shift
 * that starts with the previous handover unsigned, a post whose A and B are both absent (its
 * board's on-call person acts). They go into the one alarm list every desk sounds and flashes,
 * acknowledged and logged like the others.
 *
 * Each travels as its own alarm kind; `detail.postName` carries the label the renderer's sentence
 * shows, `detail.rosterAlarm` repeats the kind for older readers of the detail.
 */
import type { Alarm } from '../../../preload/contract/schemas';
import type { Tx } from '../kernel';

export type RosterAlarm = 'role_empty' | 'no_handover' | 'ab_uncovered';

export const ROSTER_ALARM_KIND: Readonly<Record<RosterAlarm, Alarm['kind']>> = {
  role_empty: 'role_empty',
  no_handover: 'no_handover',
  ab_uncovered: 'ab_uncovered',
};

/** Labels for `detail.postName` (the centre's language, as the sheet and the PDF). */
export const ROSTER_ALARM_LABEL = {
  role_empty: (date: string, shift: string, role: string) => `${date} ${shift} ${role}`,
  no_handover: (from: string, to: string) => `${from}→${to} 交接班（未签署）`,
  ab_uncovered: (post: string) => `${post}（A、B岗均不在岗）`,
};

/** Raises the alarm in the command's transaction (once per key); resolves to whether it is new. */
export function raiseRosterAlarm(
  tx: Pick<Tx, 'raiseAlarm'>,
  kind: RosterAlarm,
  key: string,
  detail: Record<string, string>,
  at: string,
  eventId: string | null = null,
): Promise<boolean> {
  return tx.raiseAlarm({ key: `${kind}:${key}`, kind: ROSTER_ALARM_KIND[kind], eventId, detail: { ...detail, rosterAlarm: kind }, at });
}
