/**
 * 首报 / 续报 / 终报 (situation_report, PROTOCOL.md v1.1, issue #15) between two consoles of 白鹭镇
 * through the real reference district server: what console 1 files arrives on console 2 — the stage
 * and text in the timeline, the first and final reports' times on the row, console 2's 首报超时 settled
 * by console 1's first report — and the server refuses, by the same lifecycle table, a second final, an
 * update before any first, a stage PROTOCOL does not know, a report with no text, and a report on an
 * invalid event; a second final filed on console 2 while offline is rejected and shown there.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { TOWN } from '../sync/harness';
import { districtActions, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);
const MIN = 60_000;

const row = (core: Core, id: string) =>
  core.db.read((sql) => sql.get<Record<string, unknown>>(`SELECT state, first_report_due, first_report_at, final_report_at FROM event WHERE id = ?`, [id]));
const firstReportAlarms = (core: Core, id: string) =>
  core.db.read((sql) =>
    sql.all<{ acked_at: string | null; ack_note: string | null }>(`SELECT acked_at, ack_note FROM alarm WHERE event_id = ? AND kind = 'first_report_overdue'`, [id]),
  );

describe('首报 / 续报 / 终报, both ways', () => {
  it('console 1’s reports arrive on console 2: the timeline, the row’s times, and console 2’s 首报超时 settled by the first report', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const id = await t.a.events.report(town.officer, { title: '白鹭山林场起火', categoryCode: town.itemCode, level: 'serious', source: 'phone', gridCode: town.gridCode });
    await t.a.events.accept(town.officer, id);
    await syncAll(t);
    // Console 2 learnt of the acceptance: the same due time (the same default limit).
    expect((await row(t.b, id))!.first_report_due).toBe((await row(t.a, id))!.first_report_due);
    t.clock.advance(61 * MIN);
    await t.b.events.sweep();
    expect(await firstReportAlarms(t.b, id)).toMatchObject([{ acked_at: null }]);

    await t.a.events.situationReport(town.officer, { eventId: id, stage: 'first', text: '12时许白鹭山林场发现明火，已组织扑救。' });
    t.clock.advance(30 * MIN);
    await t.a.events.situationReport(town.officer, { eventId: id, stage: 'update', text: '火势已得到控制。' });
    await t.a.events.situationReport(town.officer, { eventId: id, stage: 'final', text: '明火已扑灭，无人员伤亡。' });
    await syncAll(t);

    const onA = await row(t.a, id);
    expect(onA).toMatchObject({ state: 'accepted' });
    expect(onA!.first_report_at).not.toBeNull();
    expect(await row(t.b, id)).toEqual(onA);
    expect(await firstReportAlarms(t.b, id)).toMatchObject([{ ack_note: '首报已报送' }]);
    const b = sampleTown(t.b);
    const reports = (await t.b.events.detail(b.officer, id)).timeline.filter((e) => e.action === 'situation_report');
    expect(reports.map((e) => e.payload)).toEqual([
      { stage: 'first', text: '12时许白鹭山林场发现明火，已组织扑救。' },
      { stage: 'update', text: '火势已得到控制。' },
      { stage: 'final', text: '明火已扑灭，无人员伤亡。' },
    ]);
    // Console 2 knows the final report is filed: its own is refused before it leaves the desk.
    await expect(t.b.events.situationReport(b.officer, { eventId: id, stage: 'final', text: '再报终报' })).rejects.toMatchObject({ code: 'final_report_filed' });
    expect(await noProblems(t)).toEqual([]);
    const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-a' } });
    const served = ((await res.json()) as { ops: { entityId: string; action?: string }[] }).ops.filter((o) => o.entityId === id).map((o) => o.action);
    expect(served).toEqual(['report', 'accept', 'situation_report', 'situation_report', 'situation_report']);
  });

  it('the district refuses a second final, an update before any first, an unknown stage, no text, an invalid event; a second final from an offline console is rejected and shown', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const report = (title: string) => t.a.events.report(town.officer, { title, categoryCode: town.itemCode, level: 'serious', source: 'phone', gridCode: town.gridCode });
    const done = await report('水库水位超汛限');
    await t.a.events.accept(town.officer, done);
    await t.a.events.situationReport(town.officer, { eventId: done, stage: 'first', text: '首报' });
    await t.a.events.situationReport(town.officer, { eventId: done, stage: 'final', text: '终报' });
    const fresh = await report('村道山体滑坡');
    const wrong = await report('误报：河道漂浮物');
    await t.a.events.markInvalid(town.officer, wrong, '误报');
    await syncAll(t);

    const results = await districtActions(t, [
      { entityId: done, action: 'situation_report', payload: { stage: 'final', text: '第二次终报' } },
      { entityId: fresh, action: 'situation_report', payload: { stage: 'update', text: '续报' } },
      { entityId: fresh, action: 'situation_report', payload: { stage: 'second', text: '续报' } },
      { entityId: fresh, action: 'situation_report', payload: { stage: 'first' } },
      { entityId: fresh, action: 'situation_report', payload: { stage: 'first', text: '   ' } },
      { entityId: wrong, action: 'situation_report', payload: { stage: 'first', text: '首报' } },
      { entityId: done, action: 'situation_report', payload: { stage: 'update', text: '终报后补充情况' } },
    ]);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['rejected', 'conflict'],
      ['rejected', 'conflict'],
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
      ['rejected', 'conflict'],
      ['applied', undefined],
    ]);

    // Both consoles file the first report of `fresh`, then its final, while neither has synced.
    await t.a.events.accept(town.officer, fresh);
    await syncAll(t);
    const b = sampleTown(t.b);
    await t.a.events.situationReport(town.officer, { eventId: fresh, stage: 'first', text: '首报（一号台）' });
    await t.a.events.situationReport(town.officer, { eventId: fresh, stage: 'final', text: '终报（一号台）' });
    await t.b.events.situationReport(b.officer, { eventId: fresh, stage: 'first', text: '首报（二号台）' });
    await t.b.events.situationReport(b.officer, { eventId: fresh, stage: 'final', text: '终报（二号台）' });
    await syncAll(t);
    const rejected = await t.b.sync!.problems();
    expect(JSON.stringify(rejected)).toContain('situation_report');
    // The district holds one final: console 1's.
    const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-a' } });
    const finals = ((await res.json()) as { ops: { entityId: string; action?: string; payload: { stage?: string; text?: string } }[] }).ops.filter(
      (o) => o.entityId === fresh && o.action === 'situation_report' && o.payload.stage === 'final',
    );
    expect(finals.map((o) => o.payload.text)).toEqual(['终报（一号台）']);
  });
});
