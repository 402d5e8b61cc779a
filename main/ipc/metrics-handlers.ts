/**
 * 考核评价 at the door: the assessment figures (docs/metrics.md) for anyone who may read the console
 * (permission 'read'; the core checks it). The request is the contract's MetricsQuery, already parsed.
 */
import { actorOf, type HandlerTable } from './handler-support';

export const METRICS_HANDLERS: Pick<HandlerTable, 'metrics:figures'> = {
  'metrics:figures': (core, s, req) => core.metrics.figures(actorOf(s), req),
};
