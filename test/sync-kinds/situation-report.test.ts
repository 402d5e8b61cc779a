/**
 * 首报 / 续报 / 终报 (situation_report, PROTOCOL.md v1.1, issue #15) between two consoles of 白鹭镇
 * through the real reference district server: what console 1 files arrives on console 2 — the stage
 * and text in the timeline, the first and final reports' times on the row, console 2's 首报超时 settled
 * by console 1's first report — and the server refuses, by the same lifecycle table, a second final, an
 * update before any first, a stage PROTOCOL does not know, a report with no text, and a report on an
 * invalid event; a second final filed on console 2 while offline is rejected and shown there. 续报's clock:
 * both consoles derive the same next update due time from the synced reports (no field of its own on
 * the wire), raise 续报超时 each when it runs out, settle it when an update arrives from the other, and
 * owe nothing once the final report is filed.
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

const updateState = async (core: Core, id: string) => {
  const r = await core.db.read((sql) => sql.get<{ update_report_due: string | null }>(`SELECT update_report_due FROM event WHERE id = ?`, [id]));
  const alarms = await core.db.read((sql) =>
    sql.all<{ key: string; acked_at: string | null; ack_note: string | null }>(
      `SELECT key, acked_at, ack_note FROM alarm WHERE event_id = ? AND kind = 'update_report_overdue' ORDER BY raised_at, id`,
      [id],
    ),
  );
  return { due: r!.update_report_due, alarms };
};

describe('续报的时限, on both consoles', () => {
  it('the same due time from the synced reports; 续报超时 on both when late; an update from console 1 settles console 2’s; after 终报 none', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const id = await t.a.events.report(town.officer, { title: '白鹭溪堤防出现管涌', categoryCode: town.itemCode, level: 'serious', source: 'phone', gridCode: town.gridCode });
    await t.a.events.accept(town.officer, id);
    t.clock.advance(10 * MIN);
    await t.a.events.situationReport(town.officer, { eventId: id, stage: 'first', text: '堤防出现管涌，已组织抢险。' });
    const due1 = new Date(t.clock.now().getTime() + 720 * MIN).toISOString();
    await syncAll(t);
    expect((await updateState(t.a, id)).due).toBe(due1);
    expect((await updateState(t.b, id)).due).toBe(due1);

    // Late on both: each console's own 续报超时, under the same key.
    t.clock.advance(721 * MIN);
    await t.a.events.sweep();
    await t.b.events.sweep();
    const key = `update_report_overdue:${id}:${due1}`;
    expect((await updateState(t.a, id)).alarms).toMatchObject([{ key, acked_at: null }]);
    expect((await updateState(t.b, id)).alarms).toMatchObject([{ key, acked_at: null }]);

    // Console 1 files 续报一: console 2 learns it through the district, its alarm settled, the next due the same.
    await t.a.events.situationReport(town.officer, { eventId: id, stage: 'update', text: '险情得到控制。' });
    const due2 = new Date(t.clock.now().getTime() + 720 * MIN).toISOString();
    await syncAll(t);
    await t.b.events.sweep();
    expect((await updateState(t.a, id)).due).toBe(due2);
    expect((await updateState(t.b, id)).due).toBe(due2);
    expect((await updateState(t.a, id)).alarms).toMatchObject([{ key, ack_note: '续报已报送' }]);
    expect((await updateState(t.b, id)).alarms).toMatchObject([{ key, ack_note: '续报已报送' }]);

    // Console 2 files the 终报: nothing owed anywhere, no alarm however long it goes on.
    const b = sampleTown(t.b);
    t.clock.advance(60 * MIN);
    await t.b.events.situationReport(b.officer, { eventId: id, stage: 'final', text: '险情解除。' });
    await syncAll(t);
    t.clock.advance(2 * 1440 * MIN);
    await t.a.events.sweep();
    await t.b.events.sweep();
    for (const core of [t.a, t.b]) {
      const s = await updateState(core, id);
      expect(s.due).toBeNull();
      expect(s.alarms).toHaveLength(1);
    }
    expect(await noProblems(t)).toEqual([]);
    // Nothing of the clock crossed the wire: the ops carry the stage and the text only.
    const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-a' } });
    const reports = ((await res.json()) as { ops: { entityId: string; action?: string; payload: Record<string, unknown> }[] }).ops.filter(
      (o) => o.entityId === id && o.action === 'situation_report',
    );
    expect(reports.map((o) => Object.keys(o.payload).sort())).toEqual([
      ['stage', 'text'],
      ['stage', 'text'],
      ['stage', 'text'],
    ]);
  });
});
