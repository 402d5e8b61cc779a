/**
 * 升级提醒 at the door: the chains and the centre director for any reader of the desk (the administrator
 * edits them: the core checks the role and audits), 立即升级 for the desk (officer, leader).
 */
import { actorOf, OK, requireAnyRole, type HandlerTable } from './handler-support';

type EscalationChannel = Extract<keyof HandlerTable, `escalation:${string}` | 'alarms:escalate'>;

export const ESCALATION_HANDLERS: Pick<HandlerTable, EscalationChannel> = {
  'escalation:settings': async (core, s) => {
    requireAnyRole(actorOf(s).roles, ['read']);
    return core.escalation.settings();
  },
  'escalation:saveChain': async (core, s, req) => (await core.escalation.saveChain(actorOf(s), req), OK),
  'escalation:saveDirector': async (core, s, req) => (await core.escalation.saveDirector(actorOf(s), req.personId), OK),
  'alarms:escalate': async (core, s, req) => ({ step: await core.escalation.escalateNow(actorOf(s), req.alarmId, req.note) }),
};
