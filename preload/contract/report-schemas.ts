/**
 * 值班日报 (the daily duty report, issue #16), and its weekly and monthly versions: what a report over a
 * period holds, the list the leader's screen shows, and the requests to generate and download one. The
 * report's content is taken once, when it is generated, and kept (docs/duty-reports.md); its PDF and
 * .xlsx are printed from that content.
 */
import { z } from 'zod';
import { FigureSet } from './metrics-schemas';
import { Id } from './schemas';

export const DUTY_REPORT_KINDS = ['daily', 'weekly', 'monthly'] as const;
export const DutyReportKind = z.enum(DUTY_REPORT_KINDS);
export type DutyReportKind = z.infer<typeof DutyReportKind>;

/** The longest period of each kind, in Beijing days (a daily report is one day, a week up to 7, a month up to 31). */
export const DUTY_REPORT_MAX_DAYS: Readonly<Record<DutyReportKind, number>> = { daily: 1, weekly: 7, monthly: 31 };

/** A Beijing calendar date, YYYY-MM-DD. */
const BeijingDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/**
 * Generate a report on demand: the kind and the Beijing dates it covers, both included (from 00:00 of
 * `from` to 24:00 of `to`, Beijing time). Refused when `to` is before `from`, or longer than the kind allows.
 */
export const DutyReportGenerateRequest = z.strictObject({ kind: DutyReportKind, from: BeijingDate, to: BeijingDate });
export type DutyReportGenerateRequest = z.infer<typeof DutyReportGenerateRequest>;

export const DutyReportListRequest = z.strictObject({ limit: z.number().int().min(1).max(500).default(100) });
export const DutyReportIdRequest = z.strictObject({ reportId: Id });

/** How a report came to be: asked for on the page, or at a shift's end when its handover was signed. */
export const DutyReportTrigger = z.enum(['demand', 'handover']);
export type DutyReportTrigger = z.infer<typeof DutyReportTrigger>;

/** One generated report as the list shows it. */
export const DutyReportSummary = z.object({
  id: z.string(),
  kind: DutyReportKind,
  /** The period [from, to), ISO 8601 UTC. */
  from: z.string(),
  to: z.string(),
  /** The period in words (Beijing time): `2026-11-02`, `2026-11-02 08:30 → 2026-11-03 08:30 全天班`, `2026-11-02 → 2026-11-08`. */
  label: z.string(),
  trigger: DutyReportTrigger,
  createdAt: z.string(),
  createdBy: z.string(),
  createdByName: z.string().nullable(),
});
export type DutyReportSummary = z.infer<typeof DutyReportSummary>;

export const ReportEvent = z.object({
  id: z.string(),
  title: z.string(),
  level: z.string(),
  state: z.string(),
  categoryName: z.string(),
  gridName: z.string().nullable(),
  leadPostName: z.string().nullable(),
  reportedAt: z.string(),
  resolveDue: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type ReportEvent = z.infer<typeof ReportEvent>;

export const SituationReportEntry = z.object({
  stage: z.enum(['first', 'update', 'final']),
  text: z.string(),
  at: z.string(),
  byName: z.string().nullable(),
});
export type SituationReportEntry = z.infer<typeof SituationReportEntry>;

/** What a report holds: taken from the data once, when it is generated. */
export const DutyReportContent = z.object({
  centreName: z.string(),
  townCode: z.string(),
  kind: DutyReportKind,
  from: z.string(),
  to: z.string(),
  label: z.string(),
  /** The shift the report closes (a report made when its handover was signed). */
  shiftName: z.string().nullable(),
  generatedAt: z.string(),
  generatedByName: z.string().nullable(),
  /** The town's figures over the period, as core.metrics computes them (docs/metrics.md), and 挂账数 now. */
  figures: FigureSet,
  previous: FigureSet,
  heldNow: z.number().int(),
  /** The events reported in the period, by category and by their state now. */
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  byState: z.array(z.object({ state: z.string(), count: z.number().int() })),
  /** Serious and especially serious events reported in the period, or still open in it, with their 首报/续报/终报. */
  serious: z.array(ReportEvent.extend({ situationReports: z.array(SituationReportEntry) })),
  /** Open events past their resolve limit at the period's end, and those closed late in it. */
  overdue: z.array(ReportEvent.extend({ closedLate: z.boolean() })),
  /** Events held (挂账) now, with the review date. */
  held: z.array(ReportEvent.extend({ reviewBy: z.string().nullable(), note: z.string().nullable() })),
  /** The alarms raised in the period and who acknowledged them how fast (告警记录's figures over all of them; the newest 500 listed). */
  alarms: z.object({
    total: z.number().int(),
    acked: z.number().int(),
    medianAckSeconds: z.number().nullable(),
    maxAckSeconds: z.number().nullable(),
    rows: z.array(
      z.object({
        kind: z.string(),
        eventTitle: z.string().nullable(),
        raisedAt: z.string(),
        ackedAt: z.string().nullable(),
        ackedByName: z.string().nullable(),
        ackSeconds: z.number().nullable(),
      }),
    ),
  }),
  /** Who was on duty: the roster's shifts that overlap the period, each role with its people. */
  duty: z.array(
    z.object({
      date: z.string(),
      name: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      roles: z.array(z.object({ label: z.string(), names: z.array(z.string()) })),
    }),
  ),
  /** The handovers signed in the period. */
  handovers: z.array(
    z.object({
      id: z.string(),
      shift: z.string(),
      outgoingName: z.string().nullable(),
      incomingName: z.string().nullable(),
      signedAt: z.string().nullable(),
    }),
  ),
});
export type DutyReportContent = z.infer<typeof DutyReportContent>;

export const DutyReport = z.object({ summary: DutyReportSummary, content: DutyReportContent });
export type DutyReport = z.infer<typeof DutyReport>;
