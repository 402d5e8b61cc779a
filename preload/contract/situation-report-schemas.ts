/**
 * The API's shapes for 首报 / 续报 / 终报 (situation reports to the district, issue #15, PROTOCOL.md
 * v1.1 `situation_report`): filing one, the first report's limits and the updates' intervals per level
 * (系统设置 → 情况报告).
 */
import { z } from 'zod';
import { Id } from './schemas';

export const SituationStage = z.enum(['first', 'update', 'final']);
export type SituationStage = z.infer<typeof SituationStage>;

export const SituationReportRequest = z.strictObject({ eventId: Id, stage: SituationStage, text: z.string().trim().min(1).max(4000) });
export type SituationReportRequest = z.infer<typeof SituationReportRequest>;

/** The levels that owe updates (续报), and the interval in minutes from the latest first report or update to the next update. */
export const UpdateIntervals = z.strictObject({ serious: z.number(), especially_serious: z.number() });
export type UpdateIntervals = z.infer<typeof UpdateIntervals>;

/**
 * The levels that owe a first report, and its limit in minutes from the acceptance; `update`, the
 * interval of their updates (always in an answer; a save without it keeps the intervals as they are).
 */
export const ReportLimits = z.strictObject({ serious: z.number(), especially_serious: z.number(), update: UpdateIntervals.optional() });
export type ReportLimits = z.infer<typeof ReportLimits>;

/** The bounds of a first report's limit (minutes), checked by the core (report_limit_invalid). */
export const REPORT_LIMIT_MIN = 5;
export const REPORT_LIMIT_MAX = 1440;

/** The bounds of an update's interval (minutes), checked by the core (update_interval_invalid): at least daily (STANDARDS.md). */
export const UPDATE_INTERVAL_MIN = 30;
export const UPDATE_INTERVAL_MAX = 1440;
