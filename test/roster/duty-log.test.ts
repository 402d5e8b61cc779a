/**
 * The duty log: entries attached to the shift covering their time, searchable by any words (the
 * trigram full-text index for three characters or more, LIKE below that), synced as `dutyLog`
 * upserts with an audit row, edited only by their author or a leader.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import type { RosterView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { actorOf, bj, outboxOf, rosterCore } from './helpers';

let t: TestCore;
let january: RosterView;
beforeEach(async () => {
  t = await rosterCore();
  january = await t.core.roster.generate(t.admin, '2026-01');
});
afterEach(async () => {
  await t.close();
});

const shiftId = (date: string, template: string) => january.days.find((d) => d.date === date)!.shifts.find((s) => s.templateCode === template)!.id;

describe('duty log', () => {
  it('attaches entries to their shift, syncs and audits them, and finds them by any words', async () => {
    t.clock.set(bj('2026-01-06', '02:00'));
    const officer = t.officer;
    const a = await t.core.dutyLog.add(officer, { kind: 'call', text: '接岭下村村民电话，反映长岭路边坡有落石' });
    const b = await t.core.dutyLog.add(officer, { kind: 'instruction', text: '区应急管理局通知：明日有暴雨，做好防汛准备', at: bj('2026-01-05', '21:30') });
    const c = await t.core.dutyLog.add(t.leader, { kind: 'action', text: '已通知消防救援站前往岭下村', at: bj('2026-01-05', '16:00') });
    expect(a).toMatchObject({ shiftId: shiftId('2026-01-05', 'night'), shiftName: '夜班', shiftDate: '2026-01-05', kind: 'call', editable: true });
    expect(b.shiftId).toBe(shiftId('2026-01-05', 'night'));
    expect(c.shiftId).toBe(shiftId('2026-01-05', 'day'));
    expect((await outboxOf(t, 'dutyLog')).map((o) => [o.entity_id, o.kind])).toEqual([
      [a.id, 'upsert'],
      [b.id, 'upsert'],
      [c.id, 'upsert'],
    ]);

    const find = async (q: string, extra: object = {}) => (await t.core.dutyLog.list(officer, { q, limit: 50, ...extra })).entries.map((e) => e.id);
    expect(await find('岭下村')).toEqual([a.id, c.id]); // newest first
    expect(await find('边坡')).toEqual([a.id]); // two characters: LIKE
    expect(await find('雨')).toEqual([b.id]); // one character
    expect(await find('岭下村 消防')).toEqual([c.id]); // every word
    expect(await find('"; DROP TABLE duty_log; --')).toEqual([]);
    expect(await find('100%')).toEqual([]);
    expect(await find('', { shiftId: shiftId('2026-01-05', 'night') })).toEqual([a.id, b.id]);
    expect(await find('', { kinds: ['instruction'] })).toEqual([b.id]);
    expect((await t.core.dutyLog.list(officer, { from: bj('2026-01-05', '20:00'), to: bj('2026-01-06', '00:00'), limit: 50 })).entries.map((e) => e.id)).toEqual([b.id]);
  });

  it('keeps edits and deletions on the record, for the author or a leader only', async () => {
    t.clock.set(bj('2026-01-05', '10:00'));
    const entry = await t.core.dutyLog.add(t.officer, { kind: 'call', text: '来电咨询低保申请' });
    await expect(t.core.dutyLog.edit(t.officer2, { entryId: entry.id, text: '改' })).rejects.toMatchObject({ code: 'forbidden' });
    const edited = await t.core.dutyLog.edit(t.officer, { entryId: entry.id, text: '来电咨询低保申请流程，已答复', kind: 'action' });
    expect(edited).toMatchObject({ text: '来电咨询低保申请流程，已答复', kind: 'action' });
    expect((await t.core.dutyLog.list(t.officer, { q: '已答复', limit: 10 })).entries).toHaveLength(1);
    expect((await t.core.dutyLog.list(t.officer, { q: '申请', limit: 10 })).total).toBe(1);
    await t.core.dutyLog.remove(t.leader, entry.id);
    expect((await t.core.dutyLog.list(t.officer, { q: '低保', limit: 10 })).entries).toEqual([]);
    const ops = await outboxOf(t, 'dutyLog');
    expect(ops.map((o) => o.payload.deleted)).toEqual([false, false, true]);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'dutyLog' ORDER BY id`));
    expect(audit.map((x) => x.action)).toEqual(['dutyLog.add', 'dutyLog.edit', 'dutyLog.delete']);
  });

  it('refuses entries in the future, for unknown events, and from people who do not keep the log', async () => {
    t.clock.set(bj('2026-01-05', '10:00'));
    await expect(t.core.dutyLog.add(t.officer, { kind: 'call', text: 'x', at: bj('2026-01-05', '11:00') })).rejects.toMatchObject({ code: 'invalid' });
    await expect(t.core.dutyLog.add(t.officer, { kind: 'call', text: 'x', eventId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.core.dutyLog.add(t.staffOf('PARTY-BUILD'), { kind: 'call', text: 'x' })).rejects.toBeInstanceOf(DomainError);
    const event = await t.core.events.report(t.officer, { title: '路灯不亮', categoryCode: 'CITY-002', level: 'general', source: 'phone' });
    const linked = await t.core.dutyLog.add(actorOf(t, t.officer.id), { kind: 'action', text: '已转城管中队', eventId: event });
    expect(linked).toMatchObject({ eventId: event, eventTitle: '路灯不亮' });
  });
});
