/**
 * 我的任务 at the door: any signed-in person reads their own open tasks (the core answers for the
 * session's person only; there is no asking for somebody else's).
 */
import { actorOf, type HandlerTable } from './handler-support';

export const TASK_HANDLERS: Pick<HandlerTable, 'tasks:mine'> = {
  'tasks:mine': (core, s) => core.tasks.mine(actorOf(s)),
};
