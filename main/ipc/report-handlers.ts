/**
 * 值班日报 at the door (docs/duty-reports.md): the list, one report's content, generating one on
 * demand, and its PDF and .xlsx. Permission `dutyReports` (officers, leaders, administrators; the core
 * checks it). Requests are the contract's report-schemas, already parsed.
 */
import { actorOf, type HandlerTable } from './handler-support';

export const REPORT_HANDLERS: Pick<HandlerTable, 'reports:list' | 'reports:get' | 'reports:generate' | 'reports:pdf' | 'reports:xlsx'> = {
  'reports:list': (core, s, req) => core.reports.list(actorOf(s), req.limit),
  'reports:get': (core, s, req) => core.reports.get(actorOf(s), req.reportId),
  'reports:generate': (core, s, req) => core.reports.generate(actorOf(s), req),
  'reports:pdf': (core, s, req) => core.reports.pdf(actorOf(s), req.reportId),
  'reports:xlsx': (core, s, req) => core.reports.xlsx(actorOf(s), req.reportId),
};
