/**
 * Every refusal of reclassify, 挂账 (hold / release) and the return's consent through the API (the
 * handlers behind the console and the web console): the core's own error code, a Chinese sentence
 * for it on the zh-CN screen, and nothing changed in the database.
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
      timeline: await sql.all('SELECT count(*) AS n FROM event_timeline'),
      outbox: await sql.all('SELECT count(*) AS n FROM outbox'),
      approvals: await sql.all('SELECT * FROM approval ORDER BY id'),
      alarms: await sql.all('SELECT * FROM alarm ORDER BY id'),
    }),
  );
}

/** Calls the API as `actor`: refused with `code`, a Chinese sentence for it, nothing changed. */
async function refused(actor: Actor, channel: string, request: Record<string, unknown>, code: string, words?: RegExp): Promise<void> {
  const before = await snapshot();
  const r = (await callApi(t.core, { actor }, channel, request)) as Result<unknown>;
  expect(r.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe(code);
  const text = errorText(zhCN as never, r.error);
  expect(text, text).toMatch(/[\u4e00-\u9fff]/);
  // Never the English log text or the bare code.
  expect(text).not.toMatch(/\b(the|is|not|must|event|cannot|already)\b/i);
  expect(text).not.toContain(code);
  if (words) expect(text).toMatch(words);
  expect(await snapshot()).toBe(before);
}

async function report(): Promise<string> {
  return t.core.events.report(t.officer, { title: '厂房消防通道堵塞', categoryCode: 'SAFE-001', level: 'general', source: 'phone', gridCode: 'G01' });
}

async function dispatched(): Promise<string> {
  const id = await report();
  const i = t.core.town.catalogue.get('SAFE-001')!;
  await t.core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: i.leadPostId, cooperatingPostIds: [...i.cooperatingPostIds] });
  return id;
}

describe('reclassify: refusals', () => {
  it('same category and level, unknown item, wrong state, wrong role, bad level, no reason', async () => {
    const id = await dispatched();
    const ok = { eventId: id, categoryCode: 'FLOOD-003', level: 'major', reason: '定性有误' };
    await refused(t.officer, 'events:reclassify', { ...ok, categoryCode: 'SAFE-001', level: 'general' }, 'reclassify_unchanged', /类别和等级/);
    await refused(t.officer, 'events:reclassify', { ...ok, categoryCode: 'NOPE-999' }, 'unknown_category', /NOPE-999/);
    await refused(t.officer, 'events:reclassify', { ...ok, level: 'huge' }, 'bad_request');
    await refused(t.officer, 'events:reclassify', { ...ok, reason: '   ' }, 'bad_request');
    await refused(t.admin, 'events:reclassify', ok, 'forbidden');
    await refused(t.staffOf(t.core.town.posts.get(t.core.town.catalogue.get('SAFE-001')!.leadPostId)!.code, 'A'), 'events:reclassify', ok, 'forbidden');
    const fresh = await report();
    await refused(t.officer, 'events:reclassify', { ...ok, eventId: fresh }, 'conflict', /待受理.*重新定性/);
    await refused(t.officer, 'events:reclassify', { ...ok, eventId: 'no-such-event' }, 'not_found');
  });
});

describe('挂账: refusals', () => {
  it('a review date in the past or not a date, the wrong state, already held, a second request, release when not held, wrong roles', async () => {
    const id = await dispatched();
    const ok = { eventId: id, reason: '需区财政拨款', reviewBy: '2026-11-30' };
    await refused(t.officer, 'events:requestHold', { ...ok, reviewBy: '2026-11-22' }, 'review_date_invalid', /复核日期/);
    await refused(t.officer, 'events:requestHold', { ...ok, reviewBy: '2026-11-31' }, 'bad_request');
    await refused(t.officer, 'events:requestHold', { ...ok, reason: '' }, 'bad_request');
    await refused(t.admin, 'events:requestHold', ok, 'forbidden');
    await refused(t.officer, 'events:release', { eventId: id, reason: '已办结' }, 'not_held', /未挂账/);
    const fresh = await report();
    await refused(t.officer, 'events:requestHold', { ...ok, eventId: fresh }, 'conflict', /待受理.*挂账/);

    const first = (await callApi(t.core, { actor: t.officer }, 'events:requestHold', ok)) as Result<{ approvalId: string }>;
    expect(first.ok).toBe(true);
    await refused(t.officer2, 'events:requestHold', ok, 'conflict');
    await refused(t.officer, 'approvals:decide', { approvalId: first.ok ? first.data.approvalId : '', approve: true }, 'forbidden');
    await t.core.events.decideApproval(t.leader, { approvalId: first.ok ? first.data.approvalId : '', approve: true });
    await refused(t.leader, 'events:requestHold', ok, 'already_held', /已挂账/);
    await refused(t.leader, 'approvals:decide', { approvalId: first.ok ? first.data.approvalId : '', approve: false }, 'already_decided');
    const staff = t.staffOf(t.core.town.posts.get(t.core.town.catalogue.get('SAFE-001')!.leadPostId)!.code, 'A');
    await refused(staff, 'events:release', { eventId: id, reason: '已办结' }, 'forbidden');
  });

  it('board staff ask only for the post that leads the event', async () => {
    const id = await dispatched();
    const other = [...t.core.town.posts.values()].find((p) => p.id !== t.core.town.catalogue.get('SAFE-001')!.leadPostId && p.code.startsWith('ECON'))!;
    await refused(t.staffOf(other.code, 'A'), 'events:requestHold', { eventId: id, reason: '需协调', reviewBy: '2026-11-30' }, 'not_post_holder');
  });
});

describe('a return waiting for consent: refusals', () => {
  it('a second request while one waits, a decision by an officer: refused, the clock still standing', async () => {
    const id = await report();
    const first = (await callApi(t.core, { actor: t.officer }, 'events:requestReturn', { eventId: id, reason: '不属本镇' })) as Result<{ approvalId: string }>;
    expect(first.ok).toBe(true);
    await refused(t.officer2, 'events:requestReturn', { eventId: id, reason: '不属本镇' }, 'conflict');
    await refused(t.officer, 'approvals:decide', { approvalId: first.ok ? first.data.approvalId : '', approve: false }, 'forbidden');
    expect((await t.core.events.detail(t.officer, id)).dueAt).toBeNull();
  });
});
