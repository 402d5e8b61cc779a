/**
 * 告警台's history (告警记录, #17) on a console of 白鹭镇 (real SQLite, manual clock): who acknowledged
 * each alarm and how many seconds after it was raised, the median and slowest over the rows; the last
 * 24 hours by default, a range, a kind and open/acknowledged filters; the escalation steps each alarm
 * took, with the names of who was told and who escalated; a range that ends before it begins is
 * refused in words and changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../main/ipc/handlers';
import type { Alarm } from '../../preload/contract/schemas';
import { voiceDesk, type VoiceDesk } from './voice-support';

let t: VoiceDesk;
beforeEach(async () => {
  t = await voiceDesk();
});
afterEach(async () => {
  await t.close();
});

const SECOND = 1000;
const HOUR = 3_600_000;

const nameOf = (id: string): string => t.core.town.people.get(id)!.name;

/** Raises an alarm of this kind now and returns its id. */
async function raise(kind: Alarm['kind'], key: string): Promise<string> {
  await t.raise(kind, key, null, { postName: '综合治理岗' });
  const alarm = (await t.core.alarms.list(1000)).find((a) => a.detail.postName === '综合治理岗' && a.kind === kind && a.ackedAt === null && !seen.has(a.id));
  seen.add(alarm!.id);
  return alarm!.id;
}
const seen = new Set<string>();

describe('告警记录', () => {
  it('says who acknowledged each alarm and after how long; the median and the slowest over the acknowledged ones', async () => {
    const a = await raise('overdue', 'h:a');
    t.clock.advance(65 * SECOND);
    await t.core.alarms.ack(t.town.officer, a, '已电话催办');
    const b = await raise('ack_timeout', 'h:b');
    t.clock.advance(125 * SECOND);
    await t.core.alarms.ack(t.town.leader, b, undefined);
    const c = await raise('overdue', 'h:c');
    t.clock.advance(300 * SECOND);
    await t.core.alarms.ackGroup(t.town.officer, [c], undefined);
    const open = await raise('new_serious', 'h:open');
    t.clock.advance(10 * SECOND);

    const history = await t.core.alarmHistory.history(t.town.leader, {});
    expect(history.rows.map((r) => r.id)).toEqual([open, c, b, a]);
    expect(history.rows[3]).toMatchObject({ ackedBy: t.town.officer.id, ackedByName: nameOf(t.town.officer.id), ackSeconds: 65, ackNote: '已电话催办' });
    expect(history.rows[2]).toMatchObject({ ackedByName: nameOf(t.town.leader.id), ackSeconds: 125, ackNote: null });
    expect(history.rows[1]).toMatchObject({ ackSeconds: 300 });
    expect(history.rows[0]).toMatchObject({ ackedAt: null, ackedByName: null, ackSeconds: null, steps: [] });
    expect(history).toMatchObject({ acked: 3, medianAckSeconds: 125, maxAckSeconds: 300 });

    // The same through the door, for an officer (any reader).
    const r = await callApi(t.core, { actor: t.town.officer }, 'alarms:history', { status: 'acked' }, { checkResponses: true });
    expect(r).toMatchObject({ ok: true, data: { acked: 3, medianAckSeconds: 125, maxAckSeconds: 300 } });
    if (r.ok) expect((r.data as { rows: unknown[] }).rows).toHaveLength(3);
  });

  it('shows the last 24 hours by default, a range when asked, one kind, open or acknowledged', async () => {
    const old = await raise('overdue', 'r:old');
    const oldAt = t.clock.now().toISOString();
    t.clock.advance(30 * HOUR);
    const recent = await raise('overdue', 'r:recent');
    const serious = await raise('new_serious', 'r:serious');
    await t.core.alarms.ack(t.town.officer, serious, undefined);

    const ids = async (req: Parameters<typeof t.core.alarmHistory.history>[1]) => (await t.core.alarmHistory.history(t.town.officer, req)).rows.map((r) => r.id).sort();
    expect(await ids({})).toEqual([recent, serious].sort());
    expect(await ids({ from: new Date(Date.parse(oldAt) - HOUR).toISOString(), to: new Date(Date.parse(oldAt) + HOUR).toISOString() })).toEqual([old]);
    expect(await ids({ from: new Date(Date.parse(oldAt) - HOUR).toISOString() })).toEqual([old, recent, serious].sort());
    expect(await ids({ from: new Date(Date.parse(oldAt) - HOUR).toISOString(), kind: 'overdue' })).toEqual([old, recent].sort());
    expect(await ids({ status: 'open' })).toEqual([recent]);
    expect(await ids({ status: 'acked' })).toEqual([serious]);
    expect(await ids({ kind: 'sensor_alert' })).toEqual([]);
    const none = await t.core.alarmHistory.history(t.town.officer, { status: 'open' });
    expect(none).toMatchObject({ acked: 0, medianAckSeconds: null, maxAckSeconds: null });
    expect((await t.core.alarmHistory.history(t.town.officer, { limit: 1 })).rows).toHaveLength(1);
  });

  it('lists the steps each alarm took, with who was told and who escalated by hand', async () => {
    const id = await raise('ack_timeout', 's:a');
    const bHolder = t.town.heldPost.b.id;
    const at1 = new Date(t.clock.now().getTime() + 5 * 60 * SECOND).toISOString();
    const at2 = new Date(t.clock.now().getTime() + 7 * 60 * SECOND).toISOString();
    // Written as the escalation core writes them: one automatic step, then an officer's 立即升级.
    await t.core.db.write(async (sql) => {
      await sql.run(`INSERT INTO alarm_step (alarm_id, step, target, person_id, at, by_id, note, delivery) VALUES (?,?,?,?,?,?,?,?)`, [
        id,
        1,
        'b',
        bHolder,
        at1,
        null,
        null,
        'logged',
      ]);
      await sql.run(`INSERT INTO alarm_step (alarm_id, step, target, person_id, at, by_id, note, delivery) VALUES (?,?,?,?,?,?,?,?)`, [
        id,
        2,
        'leader',
        t.town.leader.id,
        at2,
        t.town.officer.id,
        '群众反映强烈',
        'sent',
      ]);
    });
    const [row] = (await t.core.alarmHistory.history(t.town.leader, {})).rows;
    expect(row!.steps).toEqual([
      { alarmId: id, step: 1, to: 'b', personId: bHolder, personName: nameOf(bHolder), at: at1, byId: null, byName: null, note: null, delivery: 'logged' },
      {
        alarmId: id,
        step: 2,
        to: 'leader',
        personId: t.town.leader.id,
        personName: nameOf(t.town.leader.id),
        at: at2,
        byId: t.town.officer.id,
        byName: nameOf(t.town.officer.id),
        note: '群众反映强烈',
        delivery: 'sent',
      },
    ]);
  });

  it('shows a step the escalation core took by hand (立即升级) with who escalated', async () => {
    const eventId = await t.core.events.report(t.town.officer, {
      title: '化工园区气体泄漏',
      categoryCode: t.town.itemCode,
      level: 'serious',
      source: 'phone',
      gridCode: t.town.gridCode,
    });
    const alarm = (await t.core.alarms.list()).find((a) => a.eventId === eventId && a.kind === 'new_serious')!;
    const step = await t.core.escalation.escalateNow(t.town.officer, alarm.id, '群众反映强烈');
    const row = (await t.core.alarmHistory.history(t.town.leader, {})).rows.find((r) => r.id === alarm.id)!;
    expect(row.steps).toEqual([step]);
    expect(row.steps[0]).toMatchObject({ step: 1, to: 'leader', byId: t.town.officer.id, byName: nameOf(t.town.officer.id), note: '群众反映强烈' });
  });

  it('refuses a range that ends before it begins, in words, and changes nothing', async () => {
    const id = await raise('overdue', 'b:a');
    const before = await t.core.db.read((sql) => sql.all(`SELECT * FROM alarm ORDER BY id`));
    const audits = await t.core.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log`));
    const now = t.clock.now().getTime();
    const backwards = await callApi(t.core, { actor: t.town.officer }, 'alarms:history', { from: new Date(now).toISOString(), to: new Date(now - HOUR).toISOString() });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid', params: { field: 'historyRange' } } });
    expect(await callApi(t.core, { actor: t.town.officer }, 'alarms:history', { from: '昨天' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, { actor: t.town.officer }, 'alarms:history', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, { actor: null }, 'alarms:history', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await t.core.db.read((sql) => sql.all(`SELECT * FROM alarm ORDER BY id`))).toEqual(before);
    expect(await t.core.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log`))).toEqual(audits);
    expect((await t.core.alarmHistory.history(t.town.officer, {})).rows.map((r) => r.id)).toEqual([id]);
  });
});
