/**
 * Merge (main/core/events/event-merge.ts) through the API the console calls: a reason is required and
 * lands in both events' timelines and the op; each refusal has its own code, a Chinese sentence saying
 * what to do, and changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../preload/contract/api';
import { callApi } from '../../main/ipc/handlers';
import type { Actor } from '../../main/core/kernel/actor';
import { errorText } from '../../renderer/src/locales';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

async function snapshot(): Promise<string> {
  return t.core.db.read(async (sql) =>
    JSON.stringify({
      events: await sql.all('SELECT * FROM event ORDER BY id'),
      timeline: await sql.all('SELECT * FROM event_timeline ORDER BY id'),
      outbox: await sql.all('SELECT count(*) AS n FROM outbox'),
      alarms: await sql.all('SELECT * FROM alarm ORDER BY id'),
    }),
  );
}

/** Calls events:merge as `actor`: refused with `code`, a Chinese sentence for it, nothing changed. */
async function refused(request: Record<string, unknown>, code: string, words?: RegExp, actor: Actor = t.officer): Promise<void> {
  const before = await snapshot();
  const r = (await callApi(t.core, { actor }, 'events:merge', request)) as Result<unknown>;
  expect(r.ok, JSON.stringify(request)).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe(code);
  const text = errorText(zhCN as never, r.error);
  expect(text, text).toMatch(/[\u4e00-\u9fff]/);
  expect(text).not.toMatch(/\b(the|is|not|must|event|cannot|already)\b/i);
  expect(text).not.toContain(code);
  if (words) expect(text).toMatch(words);
  expect(await snapshot()).toBe(before);
}

async function report(title = '厂房消防通道堵塞', categoryCode = 'SAFE-001', gridCode = 'G01'): Promise<string> {
  return t.core.events.report(t.officer, { title, categoryCode, level: 'general', source: 'phone', gridCode });
}

async function merge(eventId: string, intoEventId: string, reason: string): Promise<Result<unknown>> {
  return (await callApi(t.core, { actor: t.officer }, 'events:merge', { eventId, intoEventId, reason })) as Result<unknown>;
}

describe('merge: refusals, nothing changed', () => {
  it('no reason or a blank one', async () => {
    const a = await report();
    const b = await report('又有人反映通道堵塞');
    await refused({ eventId: b, intoEventId: a }, 'bad_request');
    await refused({ eventId: b, intoEventId: a, reason: '   ' }, 'bad_request');
    // The core refuses a blank reason too, whoever calls it.
    await expect(t.core.events.merge(t.officer, b, a, ' \n ')).rejects.toMatchObject({ code: 'merge_reason_required' });
    expect(errorText(zhCN as never, { code: 'merge_reason_required', message: '' })).toMatch(/请填写合并理由/);
  });

  it('an event into itself', async () => {
    const a = await report();
    await refused({ eventId: a, intoEventId: a, reason: '重复' }, 'merge_into_self', /不能把事件并入它自己.*请选择另一个事件/);
  });

  it('into an event that is merged itself', async () => {
    const a = await report();
    const b = await report('通道堵塞（二）');
    const c = await report('通道堵塞（三）');
    expect((await merge(b, a, '同一通道')).ok).toBe(true);
    await refused({ eventId: c, intoEventId: b, reason: '同一通道' }, 'merge_target_merged', /通道堵塞（二）.*已并入其他事件.*请选择它所并入的那个事件/);
  });

  it('into a closed or an invalid event', async () => {
    const closed = await report('已办结的通道堵塞');
    await t.core.events.accept(t.officer, closed);
    await t.core.events.close(t.officer, closed, '已当场劝离');
    const invalid = await report('误报的通道堵塞');
    await t.core.events.markInvalid(t.officer, invalid, '误报');
    const c = await report('通道堵塞（新）');
    await refused({ eventId: c, intoEventId: closed, reason: '同一通道' }, 'merge_target_closed', /已办结的通道堵塞.*已办结或已作废.*请选择一个仍在办理中的事件/);
    await refused({ eventId: c, intoEventId: invalid, reason: '同一通道' }, 'merge_target_closed', /误报的通道堵塞/);
  });

  it('across towns', async () => {
    const a = await report();
    const b = await report('邻镇的通道堵塞');
    // An event of another town in this database (a copy, an import): never a merge target.
    await t.core.db.write((sql) => sql.run(`UPDATE event SET town_code = '110101001002' WHERE id = ?`, [b]));
    await refused({ eventId: a, intoEventId: b, reason: '同一通道' }, 'merge_other_town', /邻镇的通道堵塞.*不能跨乡镇合并/);
  });

  it('an event past reported / accepted, and an unknown target', async () => {
    const a = await report();
    const b = await report('通道堵塞（二）');
    const i = t.core.town.catalogue.get('SAFE-001')!;
    await t.core.events.acceptAndDispatch(t.officer, { eventId: b, leadPostId: i.leadPostId, cooperatingPostIds: [...i.cooperatingPostIds] });
    await refused({ eventId: b, intoEventId: a, reason: '重复' }, 'conflict', /已派单|派单/);
    await refused({ eventId: a, intoEventId: 'no-such-event', reason: '重复' }, 'not_found');
  });
});

describe('merge: the reason in both timelines', () => {
  it('the merged event says into what and why; the target says what came in and why; the op carries the reason', async () => {
    const a = await report();
    const b = await report('又有人反映通道堵塞');
    expect((await merge(b, a, '  同一厂房同一通道，重复来电  ')).ok).toBe(true);
    const from = await t.core.events.detail(t.officer, b);
    expect(from.state).toBe('merged');
    const mergeRow = from.timeline.find((e) => e.eventId === b && e.action === 'merge')!;
    expect(mergeRow.payload).toMatchObject({ intoEventId: a, reason: '同一厂房同一通道，重复来电' });
    const into = await t.core.events.detail(t.officer, a);
    const fromRow = into.timeline.find((e) => e.action === 'merged_from')!;
    expect(fromRow.eventId).toBe(a);
    expect(fromRow.payload).toMatchObject({ eventId: b, title: '又有人反映通道堵塞', reason: '同一厂房同一通道，重复来电' });
    const ops = await t.core.db.read((sql) => sql.all<{ payload: string }>(`SELECT payload FROM outbox WHERE entity_id = ? AND action = 'merge'`, [b]));
    expect(ops.map((o) => JSON.parse(o.payload))).toEqual([{ intoEventId: a, reason: '同一厂房同一通道，重复来电' }]);
  });

  it('a merge across categories is allowed (the dialog warns and asks to confirm)', async () => {
    const a = await report();
    const b = await report('河道漂浮物', 'FLOOD-003');
    expect((await merge(b, a, '同一地点，实为一事')).ok).toBe(true);
    expect((await t.core.events.detail(t.officer, b)).state).toBe('merged');
  });
});
