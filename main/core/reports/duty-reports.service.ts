/**
 * 值班日报 (issue #16, docs/duty-reports.md): daily, weekly and monthly duty reports, generated on demand
 * (the page's 生成日报/周报/月报) and at each shift's end — when the shift's handover is signed, the
 * report over that shift is made by the system after the signature's commit (the kernel's committed
 * hook on `handover.sign`; the handover's own code is not touched). A report's content is taken once
 * (report-content.ts) and kept in `duty_report` (migration 0017); its PDF and .xlsx are printed from
 * that content on each download, so a report reads the same whenever it is opened.
 *
 * Who: permission `dutyReports` (duty officers, leaders, administrators) lists, generates and downloads.
 */
import type { FileResponse, HandoverSummary } from '../../../preload/contract/roster-schemas';
import {
  DUTY_REPORT_MAX_DAYS,
  DutyReportGenerateRequest,
  type DutyReport,
  type DutyReportContent,
  type DutyReportKind,
  type DutyReportSummary,
  type DutyReportTrigger,
} from '../../../preload/contract/report-schemas';
import { addDays, beijingDate, fromBeijing } from '../beijing-time';
import { refuse } from '../errors';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { newId } from '../kernel/ids';
import { permit } from '../kernel/permissions';
import { beijingMinute, reportContent, type ReportSources } from './report-content';
import { renderReportPdf } from './report-pdf';
import { XLSX_MIME, renderReportXlsx } from './report-xlsx';
import { KIND_TITLES } from './report-words';

const DAY_MS = 86_400_000;
/** A handover signed longer ago than this gets no report from the hook (an old database is not back-filled). */
const HOOK_LOOKBACK_MS = 2 * DAY_MS;

interface ReportRow {
  id: string;
  kind: DutyReportKind;
  period_from: string;
  period_to: string;
  label: string;
  trigger: DutyReportTrigger;
  shift_id: string | null;
  handover_id: string | null;
  created_at: string;
  created_by: string;
  content: string;
}

interface Generation {
  readonly kind: DutyReportKind;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly trigger: DutyReportTrigger;
  readonly shiftName: string | null;
  readonly shiftId: string | null;
  readonly handoverId: string | null;
}

/** The label of a shift's report: `2026-11-02 全天班（08:30–次日08:30）`. */
function shiftLabel(h: HandoverSummary): string {
  const start = beijingMinute(h.shift.startsAt);
  const end = beijingMinute(h.shift.endsAt);
  const endText = end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : `次日${end.slice(11)}`;
  return `${h.shift.date} ${h.shift.name}（${start.slice(11)}–${endText}）`;
}

export class DutyReportsService {
  private hookChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly kernel: Kernel,
    private readonly sources: ReportSources,
    private readonly fontFile: string,
  ) {
    kernel.onCommitted((name) => {
      if (name === 'handover.sign')
        this.hookChain = this.hookChain.then(() => this.reportSignedHandovers()).catch((error) => console.error('duty report at handover failed', error));
    });
  }

  /** Resolves once the reports the handover hook started are stored (tests wait on it; the page follows the feed). */
  idle(): Promise<void> {
    return this.hookChain;
  }

  private summary(r: ReportRow): DutyReportSummary {
    return {
      id: r.id,
      kind: r.kind,
      from: r.period_from,
      to: r.period_to,
      label: r.label,
      trigger: r.trigger,
      createdAt: r.created_at,
      createdBy: r.created_by,
      createdByName: r.created_by === SYSTEM.id ? null : this.sources.town().personName(r.created_by),
    };
  }

  async list(actor: Actor, limit = 100): Promise<DutyReportSummary[]> {
    permit(actor, 'dutyReports');
    const rows = await this.kernel.read((sql) => sql.all<ReportRow>(`SELECT * FROM duty_report ORDER BY created_at DESC, id DESC LIMIT ?`, [limit]));
    return rows.map((r) => this.summary(r));
  }

  private async load(id: string): Promise<ReportRow> {
    const row = await this.kernel.read((sql) => sql.get<ReportRow>(`SELECT * FROM duty_report WHERE id = ?`, [id]));
    if (!row) refuse('not_found', `no duty report ${id}`, { reportId: id });
    return row;
  }

  async get(actor: Actor, id: string): Promise<DutyReport> {
    permit(actor, 'dutyReports');
    const row = await this.load(id);
    return { summary: this.summary(row), content: JSON.parse(row.content) as DutyReportContent };
  }

  /** A report on demand over Beijing dates [from, to] (both included). */
  async generate(actor: Actor, input: unknown): Promise<DutyReportSummary> {
    permit(actor, 'dutyReports');
    const parsed = DutyReportGenerateRequest.safeParse(input);
    if (!parsed.success) refuse('invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { kind, from, to } = parsed.data;
    if (to < from) refuse('invalid', 'the period ends before it starts', { from, to });
    const start = fromBeijing(from, 0);
    const end = fromBeijing(addDays(to, 1), 0);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || beijingDate(start) !== from || beijingDate(new Date(end.getTime() - 1)) !== to) {
      refuse('invalid', 'not a calendar date', { from, to });
    }
    const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
    const max = DUTY_REPORT_MAX_DAYS[kind];
    if (days > max) refuse('invalid', `a ${kind} report covers at most ${max} day(s)`, { kind, days, max });
    return this.make(actor, {
      kind,
      from: start.toISOString(),
      to: end.toISOString(),
      label: from === to ? from : `${from} → ${to}`,
      trigger: 'demand',
      shiftName: null,
      shiftId: null,
      handoverId: null,
    });
  }

  /** Takes the content at the clock's now, then stores it in one command (audited). */
  private async make(actor: Actor, g: Generation): Promise<DutyReportSummary> {
    const now = this.kernel.clock.now().toISOString();
    const content = await reportContent(
      (fn) => this.kernel.read(fn),
      this.sources,
      {
        kind: g.kind,
        from: g.from,
        to: g.to,
        label: g.label,
        shiftName: g.shiftName,
        generatedAt: now,
        generatedByName: actor.id === SYSTEM.id ? null : this.sources.town().personName(actor.id),
      },
      now,
    );
    const id = newId();
    return this.kernel.run(
      {
        name: 'reports.generate',
        actor,
        permission: 'dutyReports',
        audit: { entity: 'duty_report', entityId: id, detail: { kind: g.kind, from: g.from, to: g.to, trigger: g.trigger } },
      },
      async (tx) => {
        if (g.handoverId && (await tx.sql.get(`SELECT 1 AS one FROM duty_report WHERE handover_id = ?`, [g.handoverId]))) {
          refuse('conflict', 'this handover already has its report', { handoverId: g.handoverId });
        }
        const row: ReportRow = {
          id,
          kind: g.kind,
          period_from: g.from,
          period_to: g.to,
          label: g.label,
          trigger: g.trigger,
          shift_id: g.shiftId,
          handover_id: g.handoverId,
          created_at: tx.at,
          created_by: actor.id,
          content: JSON.stringify(content),
        };
        await tx.sql.run(
          `INSERT INTO duty_report (id, kind, period_from, period_to, label, trigger, shift_id, handover_id, created_at, created_by, content) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
          [row.id, row.kind, row.period_from, row.period_to, row.label, row.trigger, row.shift_id, row.handover_id, row.created_at, row.created_by, row.content],
        );
        // The reports list is part of the watch: the page follows the handover's feed part.
        tx.emit({ topic: 'roster', parts: ['handover'] });
        return this.summary(row);
      },
    );
  }

  /**
   * At a shift's end: every handover signed (final) in the last two days that has no report yet gets
   * the report over its shift, made by the system.
   */
  async reportSignedHandovers(): Promise<void> {
    const nowMs = this.kernel.clock.now().getTime();
    const since = new Date(nowMs - HOOK_LOOKBACK_MS).toISOString();
    const months = [...new Set([beijingDate(new Date(nowMs - HOOK_LOOKBACK_MS)), beijingDate(new Date(nowMs))].map((d) => d.slice(0, 7)))];
    const signed = (await this.sources.handovers(months)).filter((h) => h.signedAt !== null && h.signedAt >= since && h.shift.startsAt && h.shift.endsAt);
    if (signed.length === 0) return;
    const done = new Set(
      (
        await this.kernel.read((sql) =>
          sql.all<{ handover_id: string }>(
            `SELECT handover_id FROM duty_report WHERE handover_id IN (${signed.map(() => '?').join(',')})`,
            signed.map((h) => h.id),
          ),
        )
      ).map((r) => r.handover_id),
    );
    for (const h of signed) {
      if (done.has(h.id)) continue;
      await this.make(SYSTEM, {
        kind: 'daily',
        from: h.shift.startsAt,
        to: h.shift.endsAt,
        label: shiftLabel(h),
        trigger: 'handover',
        shiftName: h.shift.name,
        shiftId: h.shift.id,
        handoverId: h.id,
      });
    }
  }

  private fileName(row: ReportRow, ext: string): string {
    const stamp = beijingMinute(row.period_from).slice(0, 10).replaceAll('-', '');
    const shift = row.trigger === 'handover' ? `-${(JSON.parse(row.content) as DutyReportContent).shiftName ?? ''}` : '';
    return `${KIND_TITLES[row.kind]}-${stamp}${
      row.kind === 'daily'
        ? ''
        : `-${beijingMinute(new Date(Date.parse(row.period_to) - 1).toISOString())
            .slice(0, 10)
            .replaceAll('-', '')}`
    }${shift}.${ext}`;
  }

  async pdf(actor: Actor, id: string): Promise<FileResponse> {
    permit(actor, 'dutyReports');
    const row = await this.load(id);
    const bytes = await renderReportPdf(JSON.parse(row.content) as DutyReportContent, this.kernel.clock.now().toISOString(), this.fontFile);
    return { fileName: this.fileName(row, 'pdf'), mimeType: 'application/pdf', dataBase64: bytes.toString('base64') };
  }

  async xlsx(actor: Actor, id: string): Promise<FileResponse> {
    permit(actor, 'dutyReports');
    const row = await this.load(id);
    const bytes = await renderReportXlsx(JSON.parse(row.content) as DutyReportContent);
    return { fileName: this.fileName(row, 'xlsx'), mimeType: XLSX_MIME, dataBase64: bytes.toString('base64') };
  }
}
