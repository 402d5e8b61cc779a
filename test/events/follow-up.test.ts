/**
 * 回访 (follow-up, issue #16) on a real SQLite file of the sample town 白鹭镇 with the manual clock:
 * the call's result on a closed event (follow_up, its op), 未接通 kept on this console only, the
 * reopen (back to reported, open, in the queue, its own accept clock from the reopen, the posts' old
 * tasks ended), refusals with their codes and Chinese sentences, and the list to call back (serious
 * and above always, a share of the rest by the event id's hash, the closing range, not yet followed up).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { isSampled, samplePoint } from '../../main/core/events/event-follow-up';
import { ManualClock } from '../../main/core/kernel/clock';
import { deadline } from '../../main/core/sla/sla';
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
  // 2026-11-23 09:00 Beijing (a clock of its own per test: a manual clock never runs backwards)
  clock = new ManualClock('2026-11-23T01:00:00.000Z');
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-follow-up-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Reports an event, dispatches it by the catalogue, and takes it through report back and verify to closed. */
async function closedEvent(title: string, level: Level = 'general'): Promise<string> {
  const id = await core.events.report(town.officer, { title, categoryCode: town.itemCode, level, source: 'phone', gridCode: town.gridCode });
  const proposal = await core.events.proposeDispatch(town.officer, id);
  await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((p) => p.id) });
  await core.events.acknowledge(town.officer, id, proposal.lead.id);
  await core.events.reportBack(town.leader, id, '已处理完毕');
  await core.events.verify(town.officer, id);
  return id;
}

/** A closed event handled at the desk (accept, close): quick, for the sampling. */
async function closedAtDesk(title: string, level: Level = 'general'): Promise<string> {
  const id = await core.events.report(town.officer, { title, categoryCode: town.itemCode, level, source: 'phone', gridCode: town.gridCode });
  await core.events.accept(town.officer, id);
  await core.events.close(town.officer, id, '电话解答');
  return id;
}

const outbox = (id: string) => core.db.read((sql) => sql.all<{ action: string; payload: string }>(`SELECT action, payload FROM outbox WHERE entity_id = ? ORDER BY seq`, [id]));
const list = (closedFrom = '2026-11-23', closedTo = '2026-11-23', sharePercent?: number) =>
  core.events.followUps(town.officer, { closedFrom, closedTo, ...(sharePercent === undefined ? {} : { sharePercent }) });

async function snapshot(): Promise<string> {
  return core.db.read(async (sql) =>
    JSON.stringify({
      events: await sql.all('SELECT * FROM event ORDER BY id'),
      timeline: await sql.all('SELECT count(*) AS n FROM event_timeline'),
      outbox: await sql.all('SELECT count(*) AS n FROM outbox'),
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

describe('回访: the call’s result', () => {
  it('satisfied on a closed event: the timeline shows 回访 with the text, the op is follow_up, the event stays closed and leaves the list', async () => {
    const id = await closedEvent('白鹭溪沿岸路灯不亮', 'serious');
    expect((await list()).map((c) => c.id)).toEqual([id]);
    clock.advance(3600_000);
    await core.events.recordFollowUp(town.officer, id, 'satisfied', '居民表示路灯已修好');
    const d = await core.events.detail(town.officer, id);
    expect(d.state).toBe('closed');
    expect(d.timeline.at(-1)).toMatchObject({ action: 'follow_up', actorId: town.officer.id, payload: { satisfaction: 'satisfied', text: '居民表示路灯已修好' } });
    const op = (await outbox(id)).at(-1)!;
    expect(op.action).toBe('follow_up');
    expect(JSON.parse(op.payload)).toEqual({ satisfaction: 'satisfied', text: '居民表示路灯已修好' });
    expect(await list()).toEqual([]);
  });

  it('未接通 stays on this console (a timeline row, no op) and the event stays on the list with the count of calls', async () => {
    const id = await closedEvent('小区垃圾清运不及时', 'serious');
    const ops = (await outbox(id)).length;
    await core.events.recordFollowUp(town.officer, id, 'unreachable', '');
    await core.events.recordFollowUp(town.officer, id, 'unreachable', '关机');
    expect((await outbox(id)).length).toBe(ops);
    const d = await core.events.detail(town.officer, id);
    expect(d.timeline.at(-1)).toMatchObject({ action: 'follow_up_unreachable', payload: { followUp: 'unreachable', text: '关机' } });
    expect(await list()).toMatchObject([{ id, unreachableCalls: 2, why: 'serious' }]);
  });

  it('unsatisfied, then reopened: back to reported, open, in the queue, a new accept clock from the reopen, the old tasks ended', async () => {
    const id = await closedEvent('背街小巷路面破损', 'serious');
    clock.advance(2 * 86_400_000);
    await core.events.recordFollowUp(town.officer, id, 'unsatisfied', '群众反映路面仍有坑洼');
    clock.advance(60_000);
    const reopenedAt = clock.now();
    await core.events.reopen(town.officer, id, '回访不满意，重新处置');

    const d = await core.events.detail(town.officer, id);
    expect(d.state).toBe('reported');
    const item = core.town.catalogue.get(town.itemCode)!;
    const accept = d.clocks.find((c) => c.kind === 'accept')!;
    expect(accept.dueAt).toBe(deadline(core.calendar.current(), reopenedAt, 'accept', item.limits, 'serious').toISOString());
    expect(d.clocks.find((c) => c.kind === 'resolve')!.dueAt).toBeNull();
    expect(d.timeline.slice(-2)).toMatchObject([
      { action: 'follow_up', payload: { satisfaction: 'unsatisfied', text: '群众反映路面仍有坑洼' } },
      { action: 'reopen', fromState: 'closed', toState: 'reported', payload: { reason: '回访不满意，重新处置' } },
    ]);
    expect(d.allowedActions).toContain('accept');
    const queue = await core.events.queue(town.officer, { limit: 100 });
    expect(queue.rows.map((r) => r.id)).toContain(id);
    const active = await core.db.read((sql) => sql.all(`SELECT post_id FROM assignment WHERE event_id = ? AND active = 1`, [id]));
    expect(active).toEqual([]);
    expect((await outbox(id)).map((o) => o.action).slice(-2)).toEqual(['follow_up', 'reopen']);
    // A reopened event is off the list; closed again later, it is to be called back again.
    expect(await list('2026-11-23', '2026-11-30')).toEqual([]);
    const proposal = await core.events.proposeDispatch(town.officer, id);
    await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((p) => p.id) });
    const again = await core.events.detail(town.officer, id);
    expect(again.clocks.find((c) => c.kind === 'resolve')!.startedAt).toBe(clock.now().toISOString());
  });

  it('refusals: a result outside the list, a follow-up or reopen of an open event, no reason, the wrong role — each with its code and a Chinese sentence, nothing changed', async () => {
    const closed = await closedAtDesk('噪音扰民');
    const open = await core.events.report(town.officer, { title: '井盖缺失', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await refused(town.officer, 'events:followUp', { eventId: closed, result: 'happy', text: '' }, 'bad_request');
    const text = await refused(town.officer, 'events:followUp', { eventId: open, result: 'satisfied', text: '' }, 'conflict');
    expect(text).toMatch(/回访/);
    expect(await refused(town.officer, 'events:followUp', { eventId: open, result: 'unreachable', text: '' }, 'conflict')).toMatch(/回访/);
    expect(await refused(town.officer, 'events:reopen', { eventId: open, reason: '不满意' }, 'conflict')).toMatch(/重新打开/);
    await refused(town.officer, 'events:reopen', { eventId: closed, reason: '  ' }, 'bad_request');
    await refused(town.admin, 'events:reopen', { eventId: closed, reason: '不满意' }, 'forbidden');
    await refused(town.admin, 'events:followUp', { eventId: closed, result: 'satisfied', text: '' }, 'forbidden');
    // The core's own check, below the API's schema: the lifecycle table refuses 'happy'.
    await expect(core.events.followUp(town.officer, closed, { satisfaction: 'happy' as never, text: '很好' })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('回访: the list to call back', () => {
  it('every serious and especially serious event, the share of the rest chosen by the id’s hash, only the range asked', async () => {
    const serious = [await closedAtDesk('燃气泄漏', 'serious'), await closedAtDesk('山体滑坡隐患', 'especially_serious')];
    const rest: string[] = [];
    for (let i = 0; i < 24; i++) rest.push(await closedAtDesk(`占道经营 ${i}`, i % 2 ? 'major' : 'general'));
    const ids = async (share?: number) => (await list('2026-11-23', '2026-11-23', share)).map((c) => c.id).sort();

    const sampled = rest.filter((id) => samplePoint(id) < 0.2);
    expect(await ids()).toEqual([...serious, ...sampled].sort());
    expect(await ids(0)).toEqual([...serious].sort());
    expect(await ids(100)).toEqual([...serious, ...rest].sort());
    const rows = await list();
    expect(
      rows
        .filter((r) => r.why === 'serious')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...serious].sort());
    // The same event is chosen the same way on any console: a pure function of its id.
    for (const id of rest) expect(isSampled(id, 'general', 20)).toBe(samplePoint(id) < 0.2 ? 'sampled' : null);

    // Closed on another day (Beijing): only in a range holding that day.
    clock.advance(86_400_000);
    const tomorrow = await closedAtDesk('路灯不亮', 'serious');
    expect(await ids()).not.toContain(tomorrow);
    expect((await list('2026-11-24', '2026-11-24')).map((c) => c.id)).toEqual([tomorrow]);
    expect((await list('2026-11-23', '2026-11-24')).map((c) => c.id)[0]).toBe(tomorrow);
  });

  it('the share is the town’s setting: a leader sets it, the list follows it, the wrong role or a bad value changes nothing', async () => {
    const general = await closedAtDesk('占道经营', 'general');
    const serious = await closedAtDesk('燃气泄漏', 'serious');
    expect(await core.events.followUpShare(town.officer)).toBe(20);
    await core.events.setFollowUpShare(town.leader, 0);
    expect((await list()).map((c) => c.id)).toEqual([serious]);
    await core.events.setFollowUpShare(town.leader, 100);
    expect((await list()).map((c) => c.id).sort()).toEqual([general, serious].sort());
    const audit = await core.db.read((sql) => sql.all<{ action: string; detail: string }>(`SELECT action, detail FROM audit_log WHERE action = 'events.setFollowUpShare'`));
    expect(audit.map((a) => JSON.parse(a.detail).sharePercent)).toEqual([0, 100]);

    const officer = (await callApi(core, { actor: town.officer }, 'events:setFollowUpShare', { sharePercent: 50 })) as Result<unknown>;
    expect(officer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [{ sharePercent: 101 }, { sharePercent: 12.5 }, { sharePercent: '50' }, {}]) {
      const r = (await callApi(core, { actor: town.leader }, 'events:setFollowUpShare', bad)) as Result<unknown>;
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    await expect(core.events.setFollowUpShare(town.leader, 101)).rejects.toMatchObject({ code: 'invalid' });
    expect(await callApi(core, { actor: town.officer }, 'events:followUpShare', {})).toEqual({ ok: true, data: { sharePercent: 100 } });
  });
});
