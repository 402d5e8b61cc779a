/**
 * The API's shapes for 首报 / 续报 / 终报 (situation reports to the district, issue #15, PROTOCOL.md
 * v1.1 `situation_report`): filing one, and the first report's limits per level (系统设置 → 情况报告).
 */
import { z } from 'zod';
import { Id } from './schemas';

export const SituationStage = z.enum(['first', 'update', 'final']);
export type SituationStage = z.infer<typeof SituationStage>;

export const SituationReportRequest = z.strictObject({ eventId: Id, stage: SituationStage, text: z.string().trim().min(1).max(4000) });
export type SituationReportRequest = z.infer<typeof SituationReportRequest>;

/** The levels that owe a first report, and its limit in minutes from the acceptance. */
export const ReportLimits = z.strictObject({ serious: z.number(), especially_serious: z.number() });
export type ReportLimits = z.infer<typeof ReportLimits>;

/** The bounds of a first report's limit (minutes), checked by the core (report_limit_invalid). */
export const REPORT_LIMIT_MIN = 5;
export const REPORT_LIMIT_MAX = 1440;
