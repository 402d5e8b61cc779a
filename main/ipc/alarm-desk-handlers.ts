/**
 * 告警台 at the door (issue #17): the alarm history (告警记录), who acknowledged what and how fast, for any
 * reader; the core checks the role and the range and refuses in words.
 */
import { actorOf, type HandlerTable } from './handler-support';

type AlarmDeskChannel = Extract<keyof HandlerTable, 'alarms:history'>;

export const ALARM_DESK_HANDLERS: Pick<HandlerTable, AlarmDeskChannel> = {
  'alarms:history': (core, s, req) => core.alarmHistory.history(actorOf(s), req),
};
