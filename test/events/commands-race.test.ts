/**
 * Commands through the API door (callApi) when two people act at once: a repeated command id is
 * one command, and a command on an event that changed since the person saw it is refused with who
 * changed it and when (issue 12: "two officers dispatching the same event are both told 已派单").
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../preload/contract/api';
import { callApi, type Session } from '../../main/ipc/handlers';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

/** Every row a command could write: what "nothing of the second is written" is checked against. */
async function everything(): Promise<string> {
  return t.core.db.read(async (sql) =>
    JSON.stringify(
      await Promise.all(['event', 'event_timeline', 'outbox', 'assignment', 'approval', 'alarm', 'audit_log', 'command_result'].map((table) => sql.all(`SELECT * FROM ${table}`))),
    ),
  );
}

function sessionOf(actor: TestCore['officer']): Session {
  return { actor };
}

function nameOf(actor: TestCore['officer']): string {
  return t.core.town.person(actor.id)!.name;
}

/** A reported and accepted event (version 2), with the catalogue's route for it. */
async function accepted(): Promise<{ id: string; leadPostId: string; cooperatingPostIds: string[] }> {
  const id = await t.core.events.report(t.officer, { title: '厂房消防通道堵塞', categoryCode: 'SAFE-001', level: 'general', source: 'phone', gridCode: 'G01' });
  await t.core.events.accept(t.officer, id);
  const item = t.core.town.catalogue.get('SAFE-001')!;
  return { id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] };
}

describe('two officers dispatch the same event', () => {
  it('the second, sending the version it saw, is refused superseded with the first one’s name and time, and writes nothing', async () => {
    const e = await accepted();
    const seen = (await t.core.events.detail(t.officer, e.id)).version;
    expect(seen).toBe(2);
    t.clock.advance(41 * 60_000); // 09:41 Beijing
    const request = { eventId: e.id, leadPostId: e.leadPostId, cooperatingPostIds: e.cooperatingPostIds, expectedVersion: seen };
    const first = await callApi(t.core, sessionOf(t.officer), 'events:dispatch', { ...request, commandId: randomUUID() });
    expect(first).toEqual({ ok: true, data: { ok: true } });
    const before = await everything();
    const second = await callApi(t.core, sessionOf(t.officer2), 'events:dispatch', { ...request, commandId: randomUUID() });
    expect(second).toMatchObject({ ok: false, error: { code: 'superseded', params: { by: nameOf(t.officer), at: '09:41', action: 'dispatch' } } });
    expect(second.ok === false && second.error.message).toBe(`event changed since you saw it: dispatch by ${nameOf(t.officer)} at 09:41`);
    expect(await everything()).toBe(before);
    const d = await t.core.events.detail(t.officer, e.id);
    expect(d.timeline.filter((x) => x.action === 'dispatch').map((x) => x.actorId)).toEqual([t.officer.id]);
  });

  it('sent at the same moment: exactly one is dispatched, the other is told who won', async () => {
    const e = await accepted();
    const request = { eventId: e.id, leadPostId: e.leadPostId, cooperatingPostIds: e.cooperatingPostIds, expectedVersion: 2 };
    const actors = [t.officer, t.officer2];
    const results: Result<unknown>[] = await Promise.all(actors.map((a) => callApi(t.core, sessionOf(a), 'events:dispatch', { ...request, commandId: randomUUID() })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = actors[results.findIndex((r) => r.ok)]!;
    const loser = results.find((r) => !r.ok)!;
    expect(loser).toMatchObject({ ok: false, error: { code: 'superseded', params: { by: nameOf(winner), at: '09:00', action: 'dispatch' } } });
    const d = await t.core.events.detail(t.officer, e.id);
    expect(d.version).toBe(3);
    expect(d.timeline.filter((x) => x.action === 'dispatch').map((x) => x.actorId)).toEqual([winner.id]);
    expect(d.assignments.filter((a) => a.active)).toHaveLength(1 + e.cooperatingPostIds.length);
    const outbox = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM outbox WHERE entity_id = ? AND action = 'dispatch'`, [e.id]));
    expect(outbox).toHaveLength(1);
  });

  it('a one-key dispatch on a version one step old is refused too; on the current version it goes through', async () => {
    const e = await accepted();
    const request = { eventId: e.id, leadPostId: e.leadPostId, cooperatingPostIds: e.cooperatingPostIds };
    const stale = await callApi(t.core, sessionOf(t.officer2), 'events:acceptAndDispatch', { ...request, expectedVersion: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'superseded', params: { by: nameOf(t.officer), action: 'accept' } } });
    const fresh = await callApi(t.core, sessionOf(t.officer2), 'events:acceptAndDispatch', { ...request, expectedVersion: 2 });
    expect(fresh.ok).toBe(true);
    // Without a version the door checks nothing (the old clients, the tests that call core directly).
    expect((await callApi(t.core, sessionOf(t.officer), 'events:note', { eventId: e.id, text: '已电话联系' })).ok).toBe(true);
  });

  it('the system and the district are named as such', async () => {
    const e = await accepted();
    await t.core.events.dispatch(t.officer, { eventId: e.id, leadPostId: e.leadPostId, cooperatingPostIds: e.cooperatingPostIds });
    t.clock.advance(31 * 60_000); // the acknowledge limit runs out: the sweep re-dispatches to B
    await t.core.events.sweep();
    const version = (await t.core.events.detail(t.officer, e.id)).version;
    expect(version).toBe(4);
    const r = await callApi(t.core, sessionOf(t.officer), 'events:note', { eventId: e.id, text: 'x', expectedVersion: 3 });
    expect(r).toMatchObject({ ok: false, error: { code: 'superseded', params: { by: '系统', at: '09:31', action: 'dispatch' } } });
    // An op from the district, applied by the sync worker in its own transaction.
    const at = t.clock.now().toISOString();
    const op = {
      opId: randomUUID(),
      nodeId: 'district',
      hlc: `${at}-0000-district`,
      entity: 'event',
      entityId: e.id,
      kind: 'action' as const,
      action: 'note',
      payload: { text: '区级已知悉' },
      at,
    };
    expect(await t.core.db.write((sql) => t.core.events.applyRemoteIn(sql, op))).toBe('applied');
    const r2 = await callApi(t.core, sessionOf(t.officer), 'events:note', { eventId: e.id, text: 'x', expectedVersion: 4 });
    expect(r2).toMatchObject({ ok: false, error: { code: 'superseded', params: { by: '区级', at: '09:31', action: 'note' } } });
  });
});

describe('a repeated command id', () => {
  it('on events:report returns the same eventId and creates one event', async () => {
    const session = sessionOf(t.officer);
    const commandId = randomUUID();
    const report = { title: '路灯不亮', categoryCode: 'SAFE-001', level: 'general', source: 'phone', commandId };
    const first = await callApi(t.core, session, 'events:report', report);
    const second = await callApi(t.core, session, 'events:report', report);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    const counts = await t.core.db.read(async (sql) => ({
      events: (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event`))!.n,
      timeline: (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event_timeline`))!.n,
      outbox: (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM outbox`))!.n,
    }));
    expect(counts).toEqual({ events: 1, timeline: 1, outbox: 1 });
    // A new id is a new report.
    const third = await callApi(t.core, session, 'events:report', { ...report, commandId: randomUUID() });
    expect(third.ok && second.ok && (third.data as { eventId: string }).eventId !== (second.data as { eventId: string }).eventId).toBe(true);
  });
});
