/**
 * The alarms an event raises of itself (#17) on a console of 白鹭镇 (real SQLite, manual clock, the
 * SLA sweep called by the test): a sensor's report raises 感知设备告警 once, settled when accepted;
 * a running clock with a quarter of its limit left raises 即将到期 once per clock (the queue's amber,
 * the same threshold), settled when the clock stops or when its overdue alarm replaces it, never for
 * a held event. Each spoken in full: every placeholder of its template filled, nothing left in braces.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm, ClockKind } from '../../preload/contract/schemas';
import { SLA_WARN_LEFT } from '../../preload/contract/sla-rules';
import { voiceDesk, type VoiceDesk } from './voice-support';

// A fresh desk for each test (voice-support.ts imports no vitest: the voice benchmark uses it too).
let t: VoiceDesk;
beforeEach(async () => {
  t = await voiceDesk();
});
afterEach(async () => {
  await t.close();
});

const alarmsOf = async (eventId: string, kind: Alarm['kind']): Promise<Alarm[]> => (await t.core.alarms.list(1000)).filter((a) => a.eventId === eventId && a.kind === kind);

/** What the desk says for the alarm: the grouped view's sentence of its line. */
async function spokenFor(alarmId: string): Promise<string> {
  const line = (await t.core.alarms.groups()).find((g) => g.alarmIds.includes(alarmId));
  expect(line, 'the alarm has a line in the grouped view').toBeDefined();
  expect(line!.spoken, 'the line speaks').not.toBeNull();
  expect(line!.spoken).not.toMatch(/[{}]/);
  return line!.spoken!;
}

/** The instant at which `part` of the event's running clock of this kind has gone by. */
async function partOfClock(eventId: string, kind: ClockKind, part: number): Promise<number> {
  const clock = (await t.core.events.detail(t.town.officer, eventId)).clocks.find((c) => c.kind === kind)!;
  const start = Date.parse(clock.startedAt!);
  return start + part * (Date.parse(clock.dueAt!) - start);
}

function report(title: string, extra: { source?: 'sensor' | 'phone'; categoryCode?: string } = {}): Promise<string> {
  const { source = 'phone', categoryCode = t.town.itemCode } = extra;
  const sensor = source === 'sensor' ? { sensor: { type: 'smoke', value: 0.8, unit: 'dB/m' } } : {};
  return t.core.events.report(t.town.officer, { title, categoryCode, level: 'general', source, gridCode: t.town.gridCode, ...sensor });
}

async function dispatch(eventId: string): Promise<void> {
  const p = await t.core.events.proposeDispatch(t.town.officer, eventId);
  await t.core.events.acceptAndDispatch(t.town.officer, { eventId, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
}

describe('感知设备告警 (sensor_alert)', () => {
  it('a sensor’s report raises it once, spoken with its grid and item; accepting settles it', async () => {
    const categoryCode = t.town.sensorItemCodes.smoke ?? t.town.itemCode;
    const id = await report('白鹭社区烟感报警', { source: 'sensor', categoryCode });
    const phoned = await report('居民来电：楼道有烟味');
    const [alarm, ...more] = await alarmsOf(id, 'sensor_alert');
    expect(more).toHaveLength(0);
    expect(alarm!.ackedAt).toBeNull();
    expect(await alarmsOf(phoned, 'sensor_alert')).toHaveLength(0);
    const grid = t.core.town.grids.get(t.town.gridCode)!.name;
    const item = t.core.town.catalogue.get(categoryCode)!.name;
    expect(await spokenFor(alarm!.id)).toContain(`感知设备告警：${grid}${item}，请立即核实`);

    await t.core.events.accept(t.town.officer, id);
    const [settled] = await alarmsOf(id, 'sensor_alert');
    expect(settled).toMatchObject({ id: alarm!.id, ackedBy: t.town.officer.id });
    expect(settled!.ackedAt).not.toBeNull();
    expect((await t.core.alarms.groups()).some((g) => g.alarmIds.includes(alarm!.id))).toBe(false);
  });
});

describe('即将到期 (due_soon)', () => {
  it('raised once when a quarter of the clock is left (the amber threshold), spoken with title and clock; overdue replaces it', async () => {
    expect(SLA_WARN_LEFT).toBe(0.25);
    const id = await report('路灯不亮');
    t.clock.set(new Date(await partOfClock(id, 'accept', 0.7)));
    await t.core.events.sweep();
    expect(await alarmsOf(id, 'due_soon')).toHaveLength(0);

    t.clock.set(new Date(await partOfClock(id, 'accept', 0.8)));
    await t.core.events.sweep();
    await t.core.events.sweep();
    const [alarm, ...more] = await alarmsOf(id, 'due_soon');
    expect(more).toHaveLength(0);
    expect(alarm).toMatchObject({ ackedAt: null, detail: { dueKind: 'accept' } });
    expect(await spokenFor(alarm!.id)).toBe('提醒：路灯不亮，受理时限即将到期');

    t.clock.set(new Date((await partOfClock(id, 'accept', 1)) + 60_000));
    await t.core.events.sweep();
    expect(await alarmsOf(id, 'overdue')).toHaveLength(1);
    const [settled] = await alarmsOf(id, 'due_soon');
    expect(settled).toMatchObject({ id: alarm!.id, ackedBy: 'system' });
    expect(settled!.ackedAt).not.toBeNull();
  });

  it('settled at once when its clock stops (dispatched); the next clock warns once of its own', async () => {
    const id = await report('井盖缺失');
    t.clock.set(new Date(await partOfClock(id, 'accept', 0.8)));
    await t.core.events.sweep();
    const [accept] = await alarmsOf(id, 'due_soon');
    expect(accept!.ackedAt).toBeNull();

    await dispatch(id);
    expect((await alarmsOf(id, 'due_soon'))[0]!.ackedAt).not.toBeNull();

    t.clock.set(new Date(await partOfClock(id, 'acknowledge', 0.8)));
    await t.core.events.sweep();
    await t.core.events.sweep();
    const open = (await alarmsOf(id, 'due_soon')).filter((a) => !a.ackedAt);
    expect(open).toHaveLength(1);
    expect(open[0]!.detail.dueKind).toBe('acknowledge');
    expect(await spokenFor(open[0]!.id)).toBe('提醒：井盖缺失，接单时限即将到期');
  });

  it('never for a held event; a held event’s open one is settled', async () => {
    const held = await report('道路破损待区级拨款');
    const warned = await report('围墙开裂待区级拨款');
    await dispatch(held);
    await dispatch(warned);
    await t.core.events.requestHold(t.town.leader, { eventId: held, reason: '需区财政拨款维修', reviewBy: '2026-11-30' });
    t.clock.set(new Date(await partOfClock(warned, 'acknowledge', 0.8)));
    await t.core.events.sweep();
    expect((await alarmsOf(warned, 'due_soon'))[0]!.ackedAt).toBeNull();

    await t.core.events.requestHold(t.town.leader, { eventId: warned, reason: '需区财政拨款维修', reviewBy: '2026-11-30' });
    expect((await alarmsOf(warned, 'due_soon'))[0]!.ackedAt).not.toBeNull();
    // Well past every limit: a held event's clock stands, so nothing is about to run out.
    t.clock.advance(3 * 24 * 3600_000);
    await t.core.events.sweep();
    expect(await alarmsOf(held, 'due_soon')).toHaveLength(0);
    expect(await alarmsOf(warned, 'due_soon')).toHaveLength(1);
    expect(await alarmsOf(held, 'overdue')).toHaveLength(0);
  });
});
