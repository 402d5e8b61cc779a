/**
 * 历史事件 at the door (issue #15): the search (a page), its count, the categories for its filter and the export. Any
 * reader role; the core checks the role, the names and the range, and refuses in words.
 */
import type { HandlerTable } from './handler-support';
import { actorOf } from './handler-support';

type HistoryChannel = Extract<keyof HandlerTable, `history:${string}`>;

export const HISTORY_HANDLERS: Pick<HandlerTable, HistoryChannel> = {
  'history:search': (core, s, req) => core.history.search(actorOf(s), req),
  'history:count': (core, s, req) => core.history.count(actorOf(s), req),
  'history:categories': async (core, s) => core.history.categories(actorOf(s)),
  'history:export': (core, s, req) => core.history.exportFile(actorOf(s), req, core.clock.now()),
};
