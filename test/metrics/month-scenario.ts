/**
 * 考核评价 (issue #16): a month of events on the sample town 白鹭镇, each with a known outcome, made through
 * the core's own commands on a manual clock — shared by the figures' tests (figures.test.ts) and the
 * events-behind-a-figure test (figure-events.test.ts). November 2026 in Beijing; the previous period is
 * October's last 30 days.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import type { Level } from '../../preload/contract/schemas';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

export const MIN = 60_000;
// November 2026, Beijing: [11-01 00:00, 12-01 00:00); the previous period is October's last 30 days.
export const MONTH = { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' };

let dir: string;
let core: Core;
let town: SampleTown;
let clock: ManualClock;
let ids: Record<string, string> = {};

export interface Row {
  id: string;
  grid_code: string | null;
  level: string;
  level_rank: number;
  first_report_due: string | null;
  first_report_at: string | null;
  state: string;
  is_open: number;
  carried_over: number;
  reported_at: string;
  accepted_at: string | null;
  dispatched_at: string | null;
  arrived_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  accept_due: string | null;
  on_scene_due: string | null;
  resolve_due: string | null;
  clock_paused_at: string | null;
}
export interface Step {
  event_id: string;
  action: string;
  at: string;
  payload: string;
}

const row = async (id: string): Promise<Row> => (await core.db.read((sql) => sql.get<Row>(`SELECT * FROM event WHERE id = ?`, [id])))!;
const actorOf = (personId: string): Actor => ({ id: personId, roles: core.town.people.get(personId)!.roles });

async function report(key: string, grid: number, level: Level = 'general'): Promise<string> {
  const id = await core.events.report(town.officer, { title: `考核 ${key}`, categoryCode: town.itemCode, level, source: 'grid', gridCode: town.gridCodes[grid]! });
  ids[key] = id;
  return id;
}
/** Accepts and dispatches along the proposal; returns who acts for the lead post and the post. */
async function dispatch(id: string): Promise<{ holder: Actor; postId: string }> {
  const p = await core.events.proposeDispatch(town.officer, id);
  await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
  return { holder: actorOf(p.lead.acting.personId!), postId: p.lead.id };
}
async function handle(id: string, who: { holder: Actor; postId: string }): Promise<void> {
  await core.events.acknowledge(who.holder, id, who.postId);
  await core.events.arrive(who.holder, id, who.postId);
  await core.events.reportBack(who.holder, id, '已处置');
}
const past = async (id: string, column: 'accept_due' | 'resolve_due'): Promise<void> => clock.set(new Date(Date.parse((await row(id))[column]!) + MIN).toISOString());

export interface Month {
  dir: string;
  core: Core;
  town: SampleTown;
  clock: ManualClock;
  ids: Record<string, string>;
  close(): Promise<void>;
}

/** Builds the month (about 10 s on a quiet machine). */
export async function buildMonth(): Promise<Month> {
  clock = new ManualClock('2026-10-20T01:00:00.000Z');
  ids = {};
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-metrics-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
  expect(town.gridCodes.length).toBeGreaterThanOrEqual(3);

  // October (the previous period): one closed at the desk at once, one accepted late.
  await core.events.accept(town.officer, await report('oct1', 0));
  await core.events.close(town.officer, ids.oct1!, '已办结');
  await report('oct2', 1);
  await past(ids.oct2!, 'accept_due');
  await dispatch(ids.oct2!);

  // Monday 2026-11-02 09:00 Beijing.
  clock.set('2026-11-02T01:00:00.000Z');
  // e1: the whole loop, on time; serious, its first report (首报) filed at once.
  await report('e1', 0, 'serious');
  const w1 = await dispatch(ids.e1!);
  await core.events.situationReport(town.officer, { eventId: ids.e1!, stage: 'first', text: '已到场处置' });
  await handle(ids.e1!, w1);
  await core.events.verify(town.officer, ids.e1!);
  // e3: closed at the desk at once. e4: invalid. e6 merged into e5, which is dispatched.
  await report('e3', 0);
  await core.events.accept(town.officer, ids.e3!);
  await core.events.close(town.officer, ids.e3!, '电话答复');
  await core.events.markInvalid(town.officer, await report('e4', 2), '重复来电');
  await report('e5', 0);
  await report('e6', 0);
  await core.events.merge(town.officer, ids.e6!, ids.e5!, '重复报告');
  const w5 = await dispatch(ids.e5!);
  // e7: returned to the district by the duty leader. e12: escalated to the district.
  await core.events.requestReturn(town.leader, await report('e7', 1), '不属本镇事权');
  await core.events.accept(town.officer, await report('e12', 2));
  await core.events.escalate(town.officer, ids.e12!, '需区级协调');
  // e13: dispatched, then escalated to the district, which keeps it past its resolve limit: the district's, not late here.
  await report('e13', 1);
  await dispatch(ids.e13!);
  await core.events.escalate(town.officer, ids.e13!, '超出本镇处置能力');
  // e8: dispatched, then held (挂账) the next day; never released.
  await report('e8', 2);
  await dispatch(ids.e8!);
  // e9: dispatched and acknowledged, never resolved: open past its resolve limit by the month's end;
  // serious, its first report never filed (late by the month's end).
  await report('e9', 1, 'serious');
  const w9 = await dispatch(ids.e9!);
  await core.events.acknowledge(w9.holder, ids.e9!, w9.postId);
  // e11: dispatched now, its result reported and verified after its resolve limit (closed late).
  // Serious, its first report filed the next day (late).
  await report('e11', 2, 'serious');
  const w11 = await dispatch(ids.e11!);
  // e2: accepted and dispatched late; its result rejected at verification once, then verified.
  await report('e2', 1);
  await past(ids.e2!, 'accept_due');
  const w2 = await dispatch(ids.e2!);
  await handle(ids.e2!, w2);
  await core.events.reject(town.officer, ids.e2!, '现场未整改到位');
  await core.events.reportBack(w2.holder, ids.e2!, '已重新整改');
  await core.events.verify(town.officer, ids.e2!);
  await handle(ids.e5!, w5);
  await core.events.verify(town.officer, ids.e5!);

  clock.set('2026-11-03T02:00:00.000Z');
  await core.events.requestHold(town.leader, { eventId: ids.e8!, reason: '需区财政拨款', reviewBy: '2026-12-15' });
  await past(ids.e11!, 'resolve_due');
  await core.events.situationReport(town.officer, { eventId: ids.e11!, stage: 'first', text: '正在处置' });
  await handle(ids.e11!, w11);
  await core.events.verify(town.officer, ids.e11!);
  // The district closes e12 (an op through sync, applied as the sync worker applies it).
  const at = clock.now().toISOString();
  const op = {
    opId: randomUUID(),
    nodeId: 'district',
    hlc: `${at}-0000-district`,
    entity: 'event',
    entityId: ids.e12!,
    kind: 'action' as const,
    action: 'district_close',
    payload: { result: '区级已办结' },
    at,
  };
  expect(await core.db.write((sql) => core.events.applyRemoteIn(sql, op))).toBe('applied');
  // 回访: every closed event is due a call (share 100 %); e1 satisfied, e5 basically, e2 unsatisfied and
  // called again the next day (the second rating counts), e3 not reached, e11 not called.
  await core.events.setFollowUpShare(town.leader, 100);
  await core.events.recordFollowUp(town.officer, ids.e1!, 'satisfied', '');
  await core.events.recordFollowUp(town.officer, ids.e5!, 'basically_satisfied', '');
  await core.events.recordFollowUp(town.officer, ids.e2!, 'unsatisfied', '还有积水');
  await core.events.recordFollowUp(town.officer, ids.e3!, 'unreachable', '');
  clock.set('2026-11-04T02:00:00.000Z');
  await core.events.recordFollowUp(town.officer, ids.e2!, 'satisfied', '复访满意');

  // e10: reported late in the month and left waiting past its accept limit.
  clock.set('2026-11-30T06:00:00.000Z');
  await report('e10', 0);
  // Sunday 2026-11-30 20:00 Beijing: the month not over yet; the figures are judged now.
  clock.set('2026-11-30T12:00:00.000Z');
  const built = { dir, core, town, clock, ids };
  return {
    ...built,
    close: async () => {
      await built.core.close();
      rmSync(built.dir, { recursive: true, force: true });
    },
  };
}
