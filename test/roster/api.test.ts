/**
 * The watch's API channels through callApi (the handler table both front doors use), every response
 * checked against its schema: a walk through all of them as the UI would call them, the roles each
 * allows, and hostile input refused before core sees it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Session } from '../../main/ipc/handlers';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { API, CHANNELS, type Channel, type Result } from '../../preload/contract/api';
import type { RosterView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { bj, rosterCore, watchState } from './helpers';

let t: TestCore;
beforeEach(async () => {
  t = await rosterCore();
});
afterEach(async () => {
  await t.close();
});

async function signIn(username: string): Promise<Session> {
  const session: Session = { actor: null };
  const r = await callApi(t.core, session, 'session:login', { username, password: DEMO_PASSWORD });
  expect(r.ok).toBe(true);
  return session;
}

async function call<T = unknown>(session: Session, channel: Channel, request: unknown = {}): Promise<T> {
  const r = (await callApi(t.core, session, channel, request, { checkResponses: true })) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

const WATCH_GROUPS = ['roster', 'absences', 'duty', 'dutyLog', 'handover'];

describe('the watch over the API', () => {
  it('every channel answers in its schema, walked as the UI would', async () => {
    const admin = await signIn('admin');
    const leader = await signIn('lihua');
    const called = new Set<string>();
    const go = async <T = unknown>(s: Session, channel: Channel, request: unknown = {}) => {
      called.add(channel);
      return call<T>(s, channel, request);
    };
    const setup = await go<{ templates: unknown[]; presets: { code: string }[] }>(admin, 'roster:setup');
    expect(setup.presets.map((p) => p.code)).toEqual(['day_night', 'full_day']);
    await go(admin, 'roster:saveSetup', { templates: setup.templates, settings: (await call<{ settings: unknown }>(admin, 'roster:setup')).settings });
    const view = await go<RosterView>(admin, 'roster:generate', { month: '2026-01', seed: 7 });
    expect(await go(admin, 'roster:list', {})).toMatchObject([{ month: '2026-01', shifts: 62, errors: 0 }]);
    await go(admin, 'roster:get', { month: '2026-01' });
    await go(admin, 'roster:clashes', { month: '2026-01' });
    const day = view.days[9]!.shifts[0]!;
    await go(admin, 'roster:candidates', { shiftId: day.id, roleKey: 'officer' });
    await go(admin, 'roster:assign', { shiftId: day.id, roleKey: 'officer', slot: 1, personId: null });
    const file = await go<{ dataBase64: string }>(admin, 'roster:exportXlsx', { month: '2026-01' });
    expect(await go(admin, 'roster:importXlsx', { month: '2026-01', fileName: 'roster.xlsx', dataBase64: file.dataBase64 })).toMatchObject({ imported: true });
    const later = view.days[20]!.shifts[1]!;
    const swap = await go<{ id: string }>(admin, 'roster:requestSwap', {
      shiftId: view.days[15]!.shifts[0]!.id,
      roleKey: 'leader',
      slot: 0,
      withShiftId: later.id,
      withRoleKey: 'leader',
      withSlot: 0,
      reason: '调班',
    });
    await go(admin, 'roster:swaps', { month: '2026-01', pendingOnly: true });
    await go(leader, 'roster:decideSwap', { swapId: swap.id, approve: false, note: '不同意' });
    const absence = await go<{ absence: { id: string } }>(leader, 'absences:add', { personId: t.officer2.id, kind: 'leave', from: '2026-01-20', to: '2026-01-21' });
    await go(leader, 'absences:list', { from: '2026-01-01', to: '2026-01-31' });
    await go(leader, 'absences:cancel', { absenceId: absence.absence.id });

    t.clock.set(bj('2026-01-05', '17:10'));
    const rostered = view.days[4]!.shifts[0]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
    const nextOfficer = view.days[4]!.shifts[1]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
    const officer = await signIn(t.core.town.people.get(rostered)!.username);
    await go(officer, 'duty:board');
    await go(officer, 'duty:actingAt', {});
    await go(officer, 'duty:actingAt', { at: bj('2026-01-03', '03:10'), postIds: [[...t.core.town.posts.keys()][0]] });
    await go(officer, 'duty:actingTimeline', { postId: [...t.core.town.posts.keys()][0], from: bj('2026-01-03', '00:00'), to: bj('2026-01-05', '00:00') });
    expect(await go(officer, 'duty:rules')).toHaveLength(7);
    await t.core.duty.tick();
    const notices = await go<{ id: string }[]>(officer, 'duty:notices', { unreadOnly: true });
    if (notices.length) await go(officer, 'duty:readNotices', { ids: notices.map((n) => n.id) });
    else called.add('duty:readNotices');
    const entry = await go<{ id: string }>(officer, 'dutyLog:add', { kind: 'call', text: '接群众来电' });
    await go(officer, 'dutyLog:edit', { entryId: entry.id, text: '接群众来电，已答复' });
    await go(officer, 'dutyLog:list', { q: '来电', limit: 20 });
    const entry2 = await go<{ id: string }>(officer, 'dutyLog:add', { kind: 'other', text: '误录' });
    await go(officer, 'dutyLog:delete', { entryId: entry2.id });
    const h = await go<{ id: string; items: { id: string }[] }>(officer, 'handover:generate', {});
    await go(officer, 'handover:current');
    await go(officer, 'handover:annotate', { handoverId: h.id, itemId: h.items[0]!.id, note: '正常' });
    await go(officer, 'handover:addItem', { handoverId: h.id, text: '注意明早回访' });
    await go(officer, 'handover:confirm', { handoverId: h.id, itemIds: h.items.slice(1).map((i) => i.id) });
    await go(officer, 'handover:sign', { handoverId: h.id, side: 'outgoing', username: t.core.town.people.get(rostered)!.username, password: DEMO_PASSWORD });
    const signed = await go<{ handover: { status: string }; backup: unknown }>(officer, 'handover:sign', {
      handoverId: h.id,
      side: 'incoming',
      username: t.core.town.people.get(nextOfficer)!.username,
      password: DEMO_PASSWORD,
    });
    expect(signed.handover.status).toBe('signed');
    expect(signed.backup).not.toBeNull();
    await go(officer, 'handover:get', { handoverId: h.id });
    await go(officer, 'handover:list', { month: '2026-01' });
    await go(officer, 'handover:history', {});
    const pdf = await go<{ dataBase64: string }>(officer, 'handover:pdf', { handoverId: h.id });
    expect(Buffer.from(pdf.dataBase64, 'base64').subarray(0, 4).toString()).toBe('%PDF');

    const watchChannels = CHANNELS.filter((c) => WATCH_GROUPS.includes(c.split(':')[0]!));
    expect(watchChannels.filter((c) => !called.has(c))).toEqual([]);
  });

  it('roles: the wall sees the board, an officer cannot edit the roster, board staff keep no log', async () => {
    const admin = await signIn('admin');
    await call(admin, 'roster:generate', { month: '2026-01' });
    const wall = await signIn('wall');
    expect((await callApi(t.core, wall, 'duty:board', {}, { checkResponses: true })).ok).toBe(true);
    const officer = await signIn('zhangwei');
    const staff = await signIn(t.core.town.people.get(t.staffOf('PARTY-BUILD').id)!.username);
    const before = await watchState(t);
    const denied: [Session, Channel, unknown][] = [
      [officer, 'roster:generate', { month: '2026-02' }],
      [officer, 'roster:saveSetup', { templates: [], settings: {} }],
      [officer, 'absences:add', { personId: t.officer2.id, kind: 'leave', from: '2026-01-20', to: '2026-01-21' }],
      [wall, 'dutyLog:add', { kind: 'call', text: 'x' }],
      [wall, 'handover:generate', {}],
      [staff, 'dutyLog:add', { kind: 'call', text: 'x' }],
    ];
    for (const [session, channel, request] of denied) {
      const r = await callApi(t.core, session, channel, request);
      expect(r.ok, channel).toBe(false);
      if (!r.ok) expect(['forbidden', 'bad_request'], `${channel}: ${r.error.message}`).toContain(r.error.code);
    }
    expect(await watchState(t)).toBe(before);
  });

  it('refuses hostile input at the door and changes nothing', async () => {
    const admin = await signIn('admin');
    await call(admin, 'roster:generate', { month: '2026-01' });
    const before = await watchState(t);
    const cases: [Channel, unknown, RegExp][] = [
      ['roster:get', { month: '2026-13' }, /month/],
      ['roster:generate', { month: '2026-01', seed: -1 }, /seed/],
      ['roster:assign', { shiftId: 'x', roleKey: 'officer', slot: 9, personId: null }, /slot/],
      ['roster:importXlsx', { month: '2026-01', dataBase64: '!!!not base64!!!' }, /dataBase64/],
      ['roster:saveSetup', { templates: [{ code: 'DAY', name: 'x', start: '25:00', hours: 9, roles: [] }], settings: {} }, /templates/],
      ['absences:add', { personId: 'x', kind: 'holiday', from: '2026-01-01', to: '2026-01-02' }, /kind/],
      ['dutyLog:add', { kind: 'call', text: 'x'.repeat(5000) }, /text/],
      ['dutyLog:list', { q: 'x'.repeat(101) }, /q/],
      ['handover:sign', { handoverId: 'x', side: 'both', username: 'a', password: 'b' }, /side/],
      ['handover:history', { month: '2026-13' }, /month/],
      ['duty:actingAt', { at: 'yesterday' }, /at/],
    ];
    for (const [channel, request, field] of cases) {
      const r = await callApi(t.core, admin, channel, request);
      expect(r.ok, channel).toBe(false);
      if (!r.ok) {
        expect(r.error.code, channel).toBe('bad_request');
        expect(r.error.message, channel).toMatch(field);
      }
    }
    // Past the schemas, core refuses what it cannot do, as data.
    const notFound = await callApi(t.core, admin, 'roster:assign', { shiftId: 'nope', roleKey: 'officer', slot: 0, personId: null });
    expect(notFound).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const timeline = await callApi(t.core, admin, 'duty:actingTimeline', {
      postId: [...t.core.town.posts.keys()][0],
      from: bj('2026-01-01', '00:00'),
      to: bj('2026-04-01', '00:00'),
    });
    expect(timeline).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await watchState(t)).toBe(before);
  });

  it('the contract lists every watch channel once, in the preload list too', () => {
    const watch = Object.keys(API).filter((c) => WATCH_GROUPS.includes(c.split(':')[0]!));
    expect(watch).toHaveLength(36);
  });
});
