/**
 * 考核评价 at the door: the assessment figures (docs/metrics.md) for anyone who may read the console
 * (permission 'read'; the core checks it): the figures, the events behind one, and the .xlsx export.
 * The request is the contract's, already parsed.
 */
import { actorOf, type HandlerTable } from './handler-support';

export const METRICS_HANDLERS: Pick<HandlerTable, 'metrics:figures' | 'metrics:events' | 'metrics:export'> = {
  'metrics:figures': (core, s, req) => core.metrics.figures(actorOf(s), req),
  'metrics:events': (core, s, req) => core.metrics.events(actorOf(s), req),
  'metrics:export': (core, s, req) => core.metrics.exportXlsx(actorOf(s), req),
};
