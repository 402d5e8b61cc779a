/**
 * 首报 / 续报 / 终报 (situation reports, issue #15, PROTOCOL.md v1.1 `situation_report`) on a real
 * SQLite file of the sample town 白鹭镇 with the manual clock: the first report's due time from the
 * acceptance (the level's limit, 系统设置's setting), filing each stage through the kernel (timeline,
 * op, state unchanged), the refusals (order of stages, states, payloads, roles) with Chinese sentences
 * and nothing changed, and 首报超时 raised by the sweep when late and settled when the first report is filed;
 * 续报's clock from each report (720 minutes by default), 续报超时 raised and settled the same way, ended by 终报.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi } from '../../main/ipc/handlers';
import type { Result } from '../../preload/contract/api';
import type { Level } from '../../preload/contract/schemas';
import { errorText } from '../../renderer/src/locales';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

let dir: string;
let core: Core;
let town: SampleTown;
let clock: ManualClock;

beforeEach(async () => {
  // 2026-11-23 09:00 Beijing
  clock = new ManualClock('2026-11-23T01:00:00.000Z');
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-situation-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const MIN = 60_000;

async function reported(title: string, level: Level): Promise<string> {
  return core.events.report(town.officer, { title, categoryCode: town.itemCode, level, source: 'phone', gridCode: town.gridCode });
}

async function accepted(title: string, level: Level = 'serious'): Promise<string> {
  const id = await reported(title, level);
  await core.events.accept(town.officer, id);
  return id;
}

const row = (id: string) =>
  core.db.read((sql) =>
    sql.get<{ first_report_due: string | null; first_report_at: string | null; final_report_at: string | null; state: string }>(
      `SELECT first_report_due, first_report_at, final_report_at, state FROM event WHERE id = ?`,
      [id],
    ),
  );
const outbox = (id: string) => core.db.read((sql) => sql.all<{ action: string; payload: string }>(`SELECT action, payload FROM outbox WHERE entity_id = ? ORDER BY seq`, [id]));
const alarmsOf = (id: string) =>
  core.db.read((sql) =>
    sql.all<{ kind: string; acked_at: string | null; acked_by: string | null; ack_note: string | null; message: string }>(
      `SELECT kind, acked_at, acked_by, ack_note, message FROM alarm WHERE event_id = ? AND kind = 'first_report_overdue'`,
      [id],
    ),
  );
const file = (id: string, stage: 'first' | 'update' | 'final', text: string) => core.events.situationReport(town.officer, { eventId: id, stage, text });

async function snapshot(): Promise<string> {
  return core.db.read(async (sql) =>
    JSON.stringify({
      events: await sql.all('SELECT * FROM event ORDER BY id'),
      timeline: await sql.all('SELECT count(*) AS n FROM event_timeline'),
      outbox: await sql.all('SELECT count(*) AS n FROM outbox'),
      meta: await sql.all(`SELECT * FROM meta WHERE key LIKE 'situation%'`),
    }),
  );
}

/** Through the API as the console calls it: refused with `code`, a Chinese sentence, nothing changed. */
async function refused(actor: { id: string; roles: readonly string[] }, channel: string, request: Record<string, unknown>, code: string): Promise<string> {
  const before = await snapshot();
  const r = (await callApi(core, { actor: actor as never }, channel, request)) as Result<unknown>;
  expect(r.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe(code);
  const text = errorText(zhCN as never, r.error);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  expect(text).not.toContain(code);
  expect(await snapshot()).toBe(before);
  return text;
}

describe('首报的时限', () => {
  it('a serious event owes its first report 60 minutes after acceptance by default; a general one owes none', async () => {
    const serious = await reported('白鹭溪堤防出现管涌', 'serious');
    expect((await row(serious))!.first_report_due).toBeNull();
    clock.advance(3 * MIN);
    await core.events.accept(town.officer, serious);
    const acceptedAt = clock.now().getTime();
    expect((await row(serious))!.first_report_due).toBe(new Date(acceptedAt + 60 * MIN).toISOString());
    const d = await core.events.detail(town.officer, serious);
    expect(d.firstReportDue).toBe(new Date(acceptedAt + 60 * MIN).toISOString());
    expect(d.firstReportAt).toBeNull();
    expect(d.allowedActions).toContain('situation_report');

    const general = await accepted('小区路灯不亮', 'general');
    expect((await row(general))!.first_report_due).toBeNull();
  });

  it('系统设置 → 情况报告: the administrator sets the limits per level; new acceptances use them; bad limits are refused in Chinese', async () => {
    expect(await core.events.reportLimits(town.officer)).toEqual({ serious: 60, especially_serious: 60, update: { serious: 720, especially_serious: 720 } });
    await core.events.saveReportLimits(town.admin, { serious: 40, especially_serious: 20 });
    expect(await core.events.reportLimits(town.officer)).toEqual({ serious: 40, especially_serious: 20, update: { serious: 720, especially_serious: 720 } });
    const id = await accepted('化工园区气体泄漏', 'especially_serious');
    expect((await row(id))!.first_report_due).toBe(new Date(clock.now().getTime() + 20 * MIN).toISOString());
    const audit = await core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'events.saveReportLimits'`));
    expect(audit).toHaveLength(1);

    for (const limits of [
      { serious: 0, especially_serious: 20 },
      { serious: 40, especially_serious: 2000 },
      { serious: 30.5, especially_serious: 20 },
    ]) {
      const text = await refused(town.admin, 'events:saveReportLimits', limits, 'report_limit_invalid');
      expect(text).toContain('5 到 1440');
    }
    await refused(town.officer, 'events:saveReportLimits', { serious: 30, especially_serious: 20 }, 'forbidden');
  });

  it('reclassified to serious after acceptance: due from the reclassification; back below serious: no due, its alarm settled', async () => {
    const id = await accepted('居民楼外墙脱落', 'general');
    clock.advance(90 * MIN);
    await core.events.reclassify(town.officer, { eventId: id, categoryCode: town.itemCode, level: 'serious', reason: '现场有人员受伤' });
    expect((await row(id))!.first_report_due).toBe(new Date(clock.now().getTime() + 60 * MIN).toISOString());
    clock.advance(61 * MIN);
    await core.events.sweep();
    expect((await alarmsOf(id)).map((a) => a.acked_at)).toEqual([null]);
    await core.events.reclassify(town.officer, { eventId: id, categoryCode: town.itemCode, level: 'general', reason: '核实无人受伤' });
    expect((await row(id))!.first_report_due).toBeNull();
    await core.events.sweep();
    expect((await alarmsOf(id))[0]).toMatchObject({ acked_by: 'system', ack_note: '事件已无需首报' });
  });
});

describe('首报 / 续报 / 终报', () => {
  it('each stage is an action through the kernel: timeline with the stage and text, an op for the district, the state unchanged', async () => {
    const id = await accepted('白鹭山林场起火');
    clock.advance(20 * MIN);
    await file(id, 'first', '11月23日09时许，白鹭山林场发现明火，已组织扑救。');
    clock.advance(30 * MIN);
    await file(id, 'update', '火势已得到控制。');
    await file(id, 'update', '明火已扑灭，正在清理余火。');
    await file(id, 'final', '火灾已处置完毕，无人员伤亡。');

    const r = (await row(id))!;
    expect(r.state).toBe('accepted');
    expect(r.first_report_at).toBe(new Date(Date.parse('2026-11-23T01:00:00.000Z') + 20 * MIN).toISOString());
    expect(r.final_report_at).toBe(clock.now().toISOString());
    const d = await core.events.detail(town.officer, id);
    const reports = d.timeline.filter((t) => t.action === 'situation_report');
    expect(reports).toMatchObject([
      { fromState: 'accepted', toState: 'accepted', actorId: town.officer.id, payload: { stage: 'first', text: '11月23日09时许，白鹭山林场发现明火，已组织扑救。', late: false } },
      { payload: { stage: 'update', n: 1, text: '火势已得到控制。' } },
      { payload: { stage: 'update', n: 2 } },
      { payload: { stage: 'final', text: '火灾已处置完毕，无人员伤亡。' } },
    ]);
    const ops = (await outbox(id)).filter((o) => o.action === 'situation_report');
    expect(ops.map((o) => JSON.parse(o.payload) as unknown)).toEqual([
      { stage: 'first', text: '11月23日09时许，白鹭山林场发现明火，已组织扑救。' },
      { stage: 'update', text: '火势已得到控制。' },
      { stage: 'update', text: '明火已扑灭，正在清理余火。' },
      { stage: 'final', text: '火灾已处置完毕，无人员伤亡。' },
    ]);
  });

  it('refuses what the district would not take, or could not place, with a Chinese sentence and nothing changed', async () => {
    const id = await accepted('村道山体滑坡');
    expect(await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'update', text: '续报' }, 'first_report_missing')).toContain('请先报首报');
    await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'final', text: '终报' }, 'first_report_missing');
    await file(id, 'first', '首报内容');
    expect(await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'first', text: '又一次首报' }, 'first_report_filed')).toContain('续报');
    await file(id, 'final', '终报内容');
    // PROTOCOL.md v1.1: a second final is refused.
    await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'final', text: '第二次终报' }, 'final_report_filed');
    // A bad payload: no text, a stage PROTOCOL does not know, an extra field.
    await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'update', text: '   ' }, 'bad_request');
    await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'second', text: '续报' }, 'bad_request');
    await refused(town.officer, 'events:situationReport', { eventId: id, stage: 'update', text: '续报', extra: 1 }, 'bad_request');
    // Board staff and the wall do not report to the district.
    const staff = { id: 'staff-x', roles: ['board_staff'] as const };
    await refused(staff, 'events:situationReport', { eventId: id, stage: 'update', text: '续报' }, 'forbidden');
  });

  it('not in an invalid or merged event (conflict); a closed one still files its final report', async () => {
    const bad = await reported('重复来电：河道漂浮物', 'serious');
    await core.events.markInvalid(town.officer, bad, '误报');
    await refused(town.officer, 'events:situationReport', { eventId: bad, stage: 'first', text: '首报' }, 'conflict');
    const into = await reported('河道漂浮物', 'serious');
    const merged = await reported('河道漂浮物（二）', 'serious');
    await core.events.merge(town.officer, merged, into, '同一河段重复报告');
    await refused(town.officer, 'events:situationReport', { eventId: merged, stage: 'first', text: '首报' }, 'conflict');

    const closed = await accepted('镇区燃气管道破损');
    await file(closed, 'first', '首报');
    await core.events.close(town.officer, closed, '已修复');
    await file(closed, 'final', '管道已修复，恢复供气。');
    expect((await row(closed))!).toMatchObject({ state: 'closed' });
    expect((await row(closed))!.final_report_at).not.toBeNull();
  });
});

describe('首报超时', () => {
  it('raised once by the sweep when the first report is late, with its chain; settled when the first report is filed (late: so marked)', async () => {
    const id = await accepted('水库水位超汛限');
    const due = (await row(id))!.first_report_due!;
    clock.advance(59 * MIN);
    await core.events.sweep();
    expect(await alarmsOf(id)).toEqual([]);
    clock.advance(2 * MIN);
    await core.events.sweep();
    await core.events.sweep();
    const raised = await alarmsOf(id);
    expect(raised).toHaveLength(1);
    expect(raised[0].acked_at).toBeNull();
    expect(JSON.parse(raised[0].message)).toEqual({ dueAt: due, level: 'serious' });
    const open = await core.alarms.list(100);
    expect(open.find((a) => a.eventId === id && a.kind === 'first_report_overdue')).toBeTruthy();
    const chains = (await core.escalation.settings()).chains;
    expect(chains.find((c) => c.kind === 'first_report_overdue')).toEqual({
      kind: 'first_report_overdue',
      enabled: true,
      steps: [
        { to: 'leader', afterMinutes: 0 },
        { to: 'director', afterMinutes: 15 },
      ],
    });

    clock.advance(5 * MIN);
    await file(id, 'first', '水库水位已超汛限0.3米，已启动巡查。');
    expect(await alarmsOf(id)).toMatchObject([{ acked_by: town.officer.id, ack_note: '首报已报送' }]);
    const d = await core.events.detail(town.officer, id);
    expect(d.timeline.at(-1)).toMatchObject({ action: 'situation_report', payload: { stage: 'first', late: true, dueAt: due } });
    // Filed: no new alarm at the next sweep.
    clock.advance(60 * MIN);
    await core.events.sweep();
    expect(await alarmsOf(id)).toHaveLength(1);
  });

  it('首报及时率 is one query over the event row', async () => {
    const onTime = await accepted('桥梁护栏损毁');
    const late = await accepted('变电站起火');
    await accepted('一般事件', 'general');
    clock.advance(10 * MIN);
    await file(onTime, 'first', '首报');
    clock.advance(70 * MIN);
    await file(late, 'first', '首报');
    const rate = await core.db.read((sql) =>
      sql.get<{ owed: number; on_time: number }>(
        `SELECT COUNT(*) AS owed, SUM(first_report_at IS NOT NULL AND first_report_at <= first_report_due) AS on_time FROM event WHERE first_report_due IS NOT NULL`,
      ),
    );
    expect(rate).toEqual({ owed: 2, on_time: 1 });
  });
});

describe('on the wall', () => {
  it('the overdue list marks a serious event whose first report is late, then its latest report', async () => {
    const id = await accepted('白鹭大桥桥面塌陷');
    clock.advance(61 * MIN);
    const first = await core.wall.overdue(town.officer, 10);
    expect(first.rows.find((r) => r.id === id)).toMatchObject({ firstReportLate: true, reportStage: null });
    await file(id, 'first', '首报');
    clock.advance(MIN);
    await file(id, 'update', '续报');
    clock.advance(MIN);
    const later = await core.wall.overdue(town.officer, 10);
    expect(later.rows.find((r) => r.id === id)).toMatchObject({ firstReportLate: false, reportStage: 'update' });
  });
});

const updateAlarms = (id: string) =>
  core.db.read((sql) =>
    sql.all<{ key: string; acked_at: string | null; acked_by: string | null; ack_note: string | null; message: string }>(
      `SELECT key, acked_at, acked_by, ack_note, message FROM alarm WHERE event_id = ? AND kind = 'update_report_overdue' ORDER BY raised_at, id`,
      [id],
    ),
  );
const updateDue = async (id: string) =>
  (await core.db.read((sql) => sql.get<{ update_report_due: string | null }>(`SELECT update_report_due FROM event WHERE id = ?`, [id])))!.update_report_due;
const at = (minutesFromNow: number) => new Date(clock.now().getTime() + minutesFromNow * MIN).toISOString();

describe('续报的时限', () => {
  it('the first report starts it (720 minutes); late: 续报超时 with its chain; a 续报 settles it and the next is due from it; 终报 ends it', async () => {
    const id = await accepted('白鹭溪堤防出现管涌');
    expect(await updateDue(id)).toBeNull();
    clock.advance(20 * MIN);
    await file(id, 'first', '堤防出现管涌，已组织抢险。');
    const due1 = at(720);
    expect(await updateDue(id)).toBe(due1);
    expect((await core.events.detail(town.officer, id)).updateReportDue).toBe(due1);

    clock.advance(719 * MIN);
    await core.events.sweep();
    expect(await updateAlarms(id)).toEqual([]);
    clock.advance(2 * MIN);
    await core.events.sweep();
    await core.events.sweep();
    const raised = await updateAlarms(id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ key: `update_report_overdue:${id}:${due1}`, acked_at: null });
    expect(JSON.parse(raised[0].message)).toEqual({ dueAt: due1, level: 'serious' });
    const open = await core.alarms.list(100);
    expect(open.find((a) => a.eventId === id && a.kind === 'update_report_overdue')).toBeTruthy();
    // The same 升级提醒 machinery as 首报超时: its own chain, the duty leader at once.
    const chains = (await core.escalation.settings()).chains;
    expect(chains.find((c) => c.kind === 'update_report_overdue')).toEqual({
      kind: 'update_report_overdue',
      enabled: true,
      steps: [
        { to: 'leader', afterMinutes: 0 },
        { to: 'director', afterMinutes: 15 },
      ],
    });
    await core.escalation.sweep();
    const steps = await core.db.read((sql) =>
      sql.all<{ target: string }>(`SELECT s.target FROM alarm_step s JOIN alarm a ON a.id = s.alarm_id WHERE a.kind = 'update_report_overdue' AND s.event_id = ?`, [id]),
    );
    expect(steps.map((s) => s.target)).toEqual(['leader']);

    clock.advance(5 * MIN);
    await file(id, 'update', '险情得到控制。');
    expect(await updateAlarms(id)).toMatchObject([{ acked_by: town.officer.id, ack_note: '续报已报送' }]);
    const due2 = at(720);
    expect(await updateDue(id)).toBe(due2);
    const d = await core.events.detail(town.officer, id);
    expect(d.timeline.at(-1)).toMatchObject({ action: 'situation_report', payload: { stage: 'update', n: 1, late: true, dueAt: due1 } });

    // Filed in time: no alarm; the next one due from it.
    clock.advance(600 * MIN);
    await file(id, 'update', '堤防加固完成。');
    expect(await updateDue(id)).toBe(at(720));
    await core.events.sweep();
    expect(await updateAlarms(id)).toHaveLength(1);

    // 终报: nothing owed any more, however long it goes on.
    await file(id, 'final', '险情解除。');
    expect(await updateDue(id)).toBeNull();
    clock.advance(3 * 1440 * MIN);
    await core.events.sweep();
    expect(await updateAlarms(id)).toHaveLength(1);
    expect((await core.events.detail(town.officer, id)).updateReportDue).toBeNull();
  });

  it('ended by closing, an invalid event or a reclassification below serious (an alarm raised before settled by the sweep); restarted by a reopen or a reclassification back to serious', async () => {
    const closed = await accepted('镇区燃气管道破损');
    await file(closed, 'first', '首报');
    clock.advance(721 * MIN);
    await core.events.sweep();
    expect((await updateAlarms(closed)).map((a) => a.acked_at)).toEqual([null]);
    await core.events.close(town.officer, closed, '已修复');
    expect(await updateDue(closed)).toBeNull();
    await core.events.sweep();
    expect(await updateAlarms(closed)).toMatchObject([{ acked_by: 'system', ack_note: '事件已无需续报' }]);
    // Reopened with no 终报: owed again, counted from the reopen.
    clock.advance(30 * MIN);
    await core.events.reopen(town.officer, closed, '回访不满意，重新处置');
    expect(await updateDue(closed)).toBe(at(720));

    const lowered = await accepted('居民楼外墙脱落');
    await file(lowered, 'first', '首报');
    await core.events.reclassify(town.officer, { eventId: lowered, categoryCode: town.itemCode, level: 'general', reason: '核实无人受伤' });
    expect(await updateDue(lowered)).toBeNull();
    // Raised again to 重大: owed again from the reclassification.
    clock.advance(10 * MIN);
    await core.events.reclassify(town.officer, { eventId: lowered, categoryCode: town.itemCode, level: 'serious', reason: '复核发现人员受伤' });
    expect(await updateDue(lowered)).toBe(at(720));
    // Between 重大 and 特别重大: the due time stays (a new interval counts from the next report).
    clock.advance(10 * MIN);
    await core.events.reclassify(town.officer, { eventId: lowered, categoryCode: town.itemCode, level: 'especially_serious', reason: '伤亡人数上升' });
    expect(await updateDue(lowered)).toBe(at(710));

    const bad = await reported('河道漂浮物', 'serious');
    await file(bad, 'first', '首报');
    expect(await updateDue(bad)).not.toBeNull();
    await core.events.markInvalid(town.officer, bad, '误报');
    expect(await updateDue(bad)).toBeNull();
  });

  it('系统设置 → 情况报告: the intervals per level, refused in Chinese out of 30–1440 whole minutes, audited; a new interval counts from the next report', async () => {
    const id = await accepted('化工园区气体泄漏', 'especially_serious');
    await file(id, 'first', '首报');
    const kept = await updateDue(id);
    await core.events.saveReportLimits(town.admin, { serious: 60, especially_serious: 60, update: { serious: 480, especially_serious: 240 } });
    expect(await core.events.reportLimits(town.officer)).toEqual({ serious: 60, especially_serious: 60, update: { serious: 480, especially_serious: 240 } });
    expect(await updateDue(id)).toBe(kept);
    clock.advance(30 * MIN);
    await file(id, 'update', '续报');
    expect(await updateDue(id)).toBe(at(240));
    // A save without the intervals keeps them.
    await core.events.saveReportLimits(town.admin, { serious: 50, especially_serious: 60 });
    expect((await core.events.reportLimits(town.officer)).update).toEqual({ serious: 480, especially_serious: 240 });
    const audit = await core.db.read((sql) => sql.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'events.saveReportLimits' ORDER BY id`));
    expect(audit).toHaveLength(2);
    expect(audit[0].detail).toContain('480');

    for (const update of [
      { serious: 29, especially_serious: 240 },
      { serious: 480, especially_serious: 1441 },
      { serious: 480.5, especially_serious: 240 },
    ]) {
      const text = await refused(town.admin, 'events:saveReportLimits', { serious: 60, especially_serious: 60, update }, 'update_interval_invalid');
      expect(text).toContain('续报间隔须为 30 到 1440');
    }
    await refused(town.officer, 'events:saveReportLimits', { serious: 60, especially_serious: 60, update: { serious: 60, especially_serious: 60 } }, 'forbidden');
  });

  it('the wall’s overdue list marks an event whose update is late', async () => {
    const id = await accepted('白鹭大桥桥面塌陷');
    await file(id, 'first', '首报');
    clock.advance(721 * MIN);
    const late = await core.wall.overdue(town.officer, 10);
    expect(late.rows.find((r) => r.id === id)).toMatchObject({ firstReportLate: false, updateReportLate: true, reportStage: 'first' });
    await file(id, 'update', '续报');
    clock.advance(MIN);
    const filed = await core.wall.overdue(town.officer, 10);
    expect(filed.rows.find((r) => r.id === id)).toMatchObject({ updateReportLate: false, reportStage: 'update' });
  });

  it('an escalated event late only on its 续报 is on the overdue list at the update’s due time, counted, and leaves it when the 续报 is filed', async () => {
    const id = await accepted('化工园区储罐泄漏');
    await core.events.escalate(town.officer, id, '需区应急管理局处置');
    await file(id, 'first', '首报');
    const due = await updateDue(id);
    clock.advance(719 * MIN);
    expect((await core.wall.overdue(town.officer, 10)).rows.map((r) => r.id)).not.toContain(id);
    clock.advance(2 * MIN);
    const late = await core.wall.overdue(town.officer, 10);
    expect(late.rows.find((r) => r.id === id)).toMatchObject({ state: 'escalated', dueAt: due, dueKind: null, firstReportLate: false, updateReportLate: true });
    expect(late.total).toBe((await core.wall.counts(town.officer)).overdue + 1);
    await file(id, 'update', '续报');
    clock.advance(MIN);
    expect((await core.wall.overdue(town.officer, 10)).rows.map((r) => r.id)).not.toContain(id);
  });
});
