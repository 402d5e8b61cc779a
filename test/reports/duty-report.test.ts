/**
 * 值班日报 (issue #16) on the sample town 白鹭镇: a day with a serious event (its alarm acknowledged, a
 * first report filed), an event past its resolve limit and a held one. The day's report lists each of
 * them, its figures are core.metrics' own, its PDF (read back with pdftotext) and .xlsx (read back
 * with exceljs) say the same; a signed handover makes the shift's report by itself; bad requests are
 * refused and store nothing. The situation reports are filed through their own command (首报, 续报一).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { beijingDate } from '../../main/core/beijing-time';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi } from '../../main/ipc/handlers';
import type { DutyReport, DutyReportSummary } from '../../preload/contract/report-schemas';
import type { FileResponse } from '../../preload/contract/roster-schemas';
import { SAMPLE_PASSWORD, sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

const MIN = 60_000;
let dir: string;
let core: Core;
let town: SampleTown;
const clock = new ManualClock('2026-10-26T01:00:00.000Z');
const ids: Record<string, string> = {};
let day: string;

const actorOf = (personId: string): Actor => ({ id: personId, roles: core.town.people.get(personId)!.roles });
const nameOf = (a: Actor): string => core.town.people.get(a.id)!.name;
const dueOf = async (id: string): Promise<string> =>
  (await core.db.read((sql) => sql.get<{ resolve_due: string }>(`SELECT resolve_due FROM event WHERE id = ?`, [id])))!.resolve_due;
const stored = (): Promise<string> =>
  core.db.read(async (sql) => JSON.stringify([await sql.all(`SELECT * FROM duty_report`), await sql.all(`SELECT * FROM audit_log WHERE action LIKE 'reports.%'`)]));

async function report(key: string, title: string, level: 'general' | 'serious' = 'general'): Promise<string> {
  ids[key] = await core.events.report(town.officer, { title, categoryCode: town.itemCode, level, source: 'grid', gridCode: town.gridCode });
  return ids[key]!;
}
async function dispatch(id: string): Promise<{ holder: Actor; postId: string }> {
  const p = await core.events.proposeDispatch(town.officer, id);
  await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
  return { holder: actorOf(p.lead.acting.personId!), postId: p.lead.id };
}
function pdfText(file: FileResponse): string {
  const pdf = path.join(dir, 'report.pdf');
  writeFileSync(pdf, Buffer.from(file.dataBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-reports-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
  await core.roster.generate(town.admin, '2026-11');

  // Monday 2026-11-02 09:00 Beijing: an event dispatched and acknowledged, never resolved.
  clock.set('2026-11-02T01:00:00.000Z');
  const late = await report('late', '报告测试 超期未办结的占道经营');
  const w = await dispatch(late);
  await core.events.acknowledge(w.holder, late, w.postId);
  // The day of the report: the one its resolve limit runs out on; a minute past it, it is overdue.
  const due = Date.parse(await dueOf(late));
  clock.set(new Date(due + MIN).toISOString());
  day = beijingDate(new Date(due + MIN));

  // A serious event: its alarm sounds and is acknowledged two minutes later; its first report is filed.
  const serious = await report('serious', '报告测试 化工仓库泄漏（重大）', 'serious');
  const alarm = (await core.alarms.list()).find((a) => a.eventId === serious)!;
  expect(alarm).toBeDefined();
  clock.set(new Date(due + 3 * MIN).toISOString());
  await core.alarms.ack(town.officer, alarm.id, undefined);
  // Its first report and an update, filed to the district (首报, 续报一).
  clock.set(new Date(due + 4 * MIN).toISOString());
  await core.events.situationReport(town.officer, { eventId: serious, stage: 'first', text: '仓库东侧储罐泄漏，已疏散周边群众，无人员伤亡。' });
  await core.events.situationReport(town.officer, { eventId: serious, stage: 'update', text: '泄漏点已封堵，环保部门正在监测。' });
  // A held event (挂账): dispatched, then held by the duty leader.
  clock.set(new Date(due + 5 * MIN).toISOString());
  const held = await report('held', '报告测试 需区财政拨款的排水改造');
  await dispatch(held);
  await core.events.requestHold(town.leader, { eventId: held, reason: '需区财政拨款', reviewBy: '2026-12-15' });
  clock.set(new Date(due + 10 * MIN).toISOString());
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('值班日报', () => {
  let summary: DutyReportSummary;
  let content: DutyReport['content'];

  it("the day's report lists the serious event with its first report, the overdue and the held event, the acknowledged alarm, and core.metrics' figures", async () => {
    summary = await core.reports.generate(town.leader, { kind: 'daily', from: day, to: day });
    expect(summary).toMatchObject({ kind: 'daily', label: day, trigger: 'demand', createdBy: town.leader.id, createdByName: nameOf(town.leader) });
    content = (await core.reports.get(town.leader, summary.id)).content;

    // The figures are core.metrics' own over the same period, at the same now.
    const metrics = await core.metrics.compute('town', { from: summary.from, to: summary.to });
    const group = metrics.groups.find((g) => g.key === '')!;
    expect(content.figures).toEqual(group.current);
    expect(content.previous).toEqual(group.previous);
    expect(content.heldNow).toBe(group.heldNow);
    expect(content.figures.overdue.openLate).toBeGreaterThanOrEqual(1);
    expect(content.heldNow).toBeGreaterThanOrEqual(1);

    const serious = content.serious.find((e) => e.id === ids.serious);
    expect(serious).toMatchObject({
      level: 'serious',
      situationReports: [
        { stage: 'first', byName: nameOf(town.officer) },
        { stage: 'update', text: '泄漏点已封堵，环保部门正在监测。' },
      ],
    });
    expect(content.overdue.find((e) => e.id === ids.late)).toMatchObject({ closedLate: false });
    expect(content.held.find((e) => e.id === ids.held)).toMatchObject({ reviewBy: '2026-12-15' });
    expect(content.overdue.some((e) => e.id === ids.held)).toBe(false);

    // 告警记录's figures: who acknowledged the serious event's alarm, after 120 s.
    const alarm = content.alarms.rows.find((a) => a.eventTitle === '报告测试 化工仓库泄漏（重大）');
    expect(alarm).toMatchObject({ kind: 'new_serious', ackedByName: nameOf(town.officer), ackSeconds: 120 });
    const history = await core.alarmHistory.history(town.leader, { from: summary.from, to: new Date(Date.parse(summary.to) - 1).toISOString() });
    expect(content.alarms).toMatchObject({ total: history.rows.length, acked: history.acked, medianAckSeconds: history.medianAckSeconds, maxAckSeconds: history.maxAckSeconds });

    // Events by category and by state: the day's three.
    expect(content.byCategory.reduce((n, c) => n + c.count, 0)).toBe(content.figures.received);
    expect(content.byState.reduce((n, c) => n + c.count, 0)).toBe(content.figures.received);
    // Who was on duty: the roster's shifts of the day, with names.
    expect(content.duty.length).toBeGreaterThan(0);
    expect(content.duty.flatMap((s) => s.roles.flatMap((r) => r.names)).length).toBeGreaterThan(0);

    // The list shows it, newest first.
    expect((await core.reports.list(town.leader))[0]).toEqual(summary);
  });

  it('the PDF prints the serious event, its first report, the overdue and held events and the figures in Chinese', async () => {
    const file = await core.reports.pdf(town.leader, summary.id);
    expect(file).toMatchObject({ mimeType: 'application/pdf', fileName: `值班日报-${day.replaceAll('-', '')}.pdf` });
    const text = pdfText(file).replace(/[ \t]+/g, ' ');
    expect(text).toContain('值班日报');
    expect(text).toContain('报告测试 化工仓库泄漏（重大）');
    expect(text).toContain('首报');
    expect(text).toContain('仓库东侧储罐泄漏');
    expect(text).toContain('续报一');
    expect(text).toContain('报告测试 超期未办结的占道经营');
    expect(text).toContain('报告测试 需区财政拨款的排水改造');
    expect(text).toContain(`超期件数 ${content.figures.overdue.total} 件`);
    expect(text).toContain('按期办结率');
    expect(text).toContain('回访率');
    expect(text).toContain(nameOf(town.officer));
  });

  it('the .xlsx reads back with the same content', async () => {
    const file = await core.reports.xlsx(town.leader, summary.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const rows = (name: string): string[][] => {
      const out: string[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
      return out;
    };
    expect(rows('概况').find((r) => r[0] === '超期件数')?.[1]).toContain(`${content.figures.overdue.total} 件`);
    expect(rows('概况').find((r) => r[0] === '挂账数（当前）')?.[1]).toBe(`${content.heldNow} 件`);
    expect(rows('重大事件').find((r) => r[0] === '报告测试 化工仓库泄漏（重大）')).toEqual(expect.arrayContaining(['首报', '仓库东侧储罐泄漏，已疏散周边群众，无人员伤亡。']));
    expect(rows('超期事件').some((r) => r[0] === '报告测试 超期未办结的占道经营' && r[6] === '超期未办结')).toBe(true);
    expect(rows('挂账事件').some((r) => r[0] === '报告测试 需区财政拨款的排水改造' && r[4] === '2026-12-15')).toBe(true);
    expect(rows('告警').some((r) => r[3] === nameOf(town.officer) && r[6] === '120')).toBe(true);
  });

  it('bad requests are refused and store nothing: a period that ends before it starts, an unknown kind, a day report over two days, a role without the right', async () => {
    const before = await stored();
    const leader = { actor: town.leader };
    const prev = beijingDate(new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000));
    expect(await callApi(core, leader, 'reports:generate', { kind: 'daily', from: day, to: prev })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await callApi(core, leader, 'reports:generate', { kind: 'yearly', from: day, to: day })).toMatchObject({ ok: false });
    expect(await callApi(core, leader, 'reports:generate', { kind: 'daily', from: prev, to: day })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await callApi(core, leader, 'reports:generate', { kind: 'weekly', from: '2026-02-30', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const staff = [...core.town.people.values()].find((p) => p.roles.length === 1 && p.roles[0] === 'board_staff')!;
    expect(await callApi(core, { actor: { id: staff.id, roles: staff.roles } }, 'reports:generate', { kind: 'daily', from: day, to: day })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await callApi(core, { actor: { id: staff.id, roles: staff.roles } }, 'reports:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await stored()).toBe(before);
    // A week is generated through the door as the officer may do it.
    const week = await callApi(core, { actor: town.officer }, 'reports:generate', { kind: 'weekly', from: prev, to: day });
    expect(week).toMatchObject({ ok: true, data: { kind: 'weekly', label: `${prev} → ${day}` } });
  });

  it("a signed handover makes its shift's report by itself", async () => {
    const duty = core.roster.duty;
    const shift = duty.shiftAt(clock.now().getTime())!;
    const next = duty.nextOf(shift)!;
    clock.set(new Date(shift.endMs - 25 * MIN).toISOString());
    const outgoing = actorOf(shift.slots.get('officer')![0]!);
    const incoming = actorOf(next.slots.get('officer')![0]!);
    const h = await core.handovers.generate(outgoing);
    await core.handovers.confirm(
      outgoing,
      h.id,
      h.items.map((i) => i.id),
      true,
    );
    const username = (a: Actor): string => core.town.people.get(a.id)!.username;
    await core.handovers.sign(outgoing, { handoverId: h.id, side: 'outgoing', username: username(outgoing), password: SAMPLE_PASSWORD });
    await core.handovers.sign(outgoing, { handoverId: h.id, side: 'incoming', username: username(incoming), password: SAMPLE_PASSWORD });
    await core.reports.idle();
    const made = (await core.reports.list(town.leader)).find((r) => r.trigger === 'handover')!;
    expect(made).toMatchObject({ kind: 'daily', from: new Date(shift.startMs).toISOString(), to: new Date(shift.endMs).toISOString(), createdByName: null });
    expect(made.label).toContain(shift.name);
    const c = (await core.reports.get(town.leader, made.id)).content;
    expect(c.handovers).toEqual([expect.objectContaining({ id: h.id, outgoingName: nameOf(outgoing), incomingName: nameOf(incoming) })]);
    expect(c.duty.find((s) => s.name === shift.name && s.date === shift.date)?.roles.some((r) => r.names.includes(nameOf(outgoing)))).toBe(true);
    // Signed once, reported once: another signature elsewhere makes no second report of it.
    await core.reports.reportSignedHandovers();
    expect((await core.reports.list(town.leader)).filter((r) => r.trigger === 'handover')).toHaveLength(1);
  });
});
