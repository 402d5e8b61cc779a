/**
 * A held event (挂账) finished without a release, between two consoles of 白鹭镇 through the real
 * reference district server (issue #15's acceptance audit; docs/protocol-decisions.md, "挂账 ends when
 * the event leaves the handling states"): console 2 reports back an event console 1 held — it sends a
 * `release` before the `report_back`, and both consoles hold the same row, released, its clocks moved on
 * by the time held; an op that ends the hold without a release before it (the district's, an older
 * console's) is folded the same way on both consoles, with no version of its own.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { TOWN } from '../sync/harness';
import { districtActions, noProblems, syncAll, twoConsoles, type TwoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);
const HOUR = 3600_000;

const row = (core: Core, id: string) =>
  core.db.read((sql) =>
    sql.get<Record<string, unknown>>(
      `SELECT state, accept_due, ack_due, on_scene_due, resolve_due, due_at, due_kind, resolved_at, closed_at, carried_over, carry_over_note, hold_review_by, clock_paused_at, version
        FROM event WHERE id = ?`,
      [id],
    ),
  );
const timeline = (core: Core, id: string) =>
  core.db.read((sql) => sql.all<{ action: string; payload: string }>(`SELECT action, payload FROM event_timeline WHERE event_id = ? ORDER BY id`, [id]));
const served = async (t: TwoConsoles, id: string) => {
  const res = await fetch(`${t.server.url}/v1/towns/${TOWN}/ops?after=0&limit=2000`, { headers: { Authorization: 'Bearer tok-a' } });
  return ((await res.json()) as { ops: { entityId: string; action?: string }[] }).ops.filter((o) => o.entityId === id).map((o) => o.action);
};

/** The A holder of a post, as that console knows them. */
function holderOf(core: Core, postId: string): Actor {
  const person = core.town.people.get(core.town.posts.get(postId)!.aPersonId!)!;
  return { id: person.id, roles: person.roles };
}

/** Reported, dispatched and acknowledged on console 1, held by its duty leader; synced to console 2. */
async function heldOnBoth(t: TwoConsoles, title: string): Promise<{ id: string; heldRow: Record<string, unknown> }> {
  const town = sampleTown(t.a);
  const item = t.a.town.catalogue.get(town.itemCode)!;
  const id = await t.a.events.report(town.officer, { title, categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
  await t.a.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
  await t.a.events.acknowledge(holderOf(t.a, item.leadPostId), id, item.leadPostId);
  await t.a.events.requestHold(town.leader, { eventId: id, reason: '需区财政拨款', reviewBy: '2025-12-27' });
  await syncAll(t);
  const heldRow = (await row(t.a, id))!;
  expect(heldRow).toMatchObject({ state: 'in_progress', carried_over: 1, due_at: null });
  expect(await row(t.b, id)).toEqual(heldRow);
  return { id, heldRow };
}

describe('挂账 ends when the event leaves the handling states, on both consoles', () => {
  it('held on console 1, reported back on console 2 three days later and verified on console 1: a release op before the report back, the same row on both, off both 挂账 lists', async () => {
    const t = consoles();
    const { id, heldRow } = await heldOnBoth(t, '白鹭溪护栏损坏待维修');
    const b = sampleTown(t.b);
    const item = t.b.town.catalogue.get(b.itemCode)!;

    t.clock.advance(72 * HOUR);
    await t.b.events.reportBack(holderOf(t.b, item.leadPostId), id, '护栏已修复');
    await syncAll(t);
    const resolved = await row(t.a, id);
    expect(resolved).toMatchObject({ state: 'resolved', carried_over: 0, hold_review_by: null, clock_paused_at: null });
    expect(Date.parse(String(resolved!.resolve_due)) - Date.parse(String(heldRow.resolve_due))).toBe(72 * HOUR);
    expect(await row(t.b, id)).toEqual(resolved);
    expect(await t.a.events.holds(sampleTown(t.a).officer)).toEqual([]);
    expect(await t.b.events.holds(b.officer)).toEqual([]);
    // Console 1 heard of the release as an op: its timeline has it with the reason console 2 gave.
    const onA = await timeline(t.a, id);
    expect(onA.slice(-2).map((e) => [e.action, JSON.parse(e.payload).reason])).toEqual([
      ['release', '随办结反馈解除挂账'],
      ['report_back', undefined],
    ]);

    t.clock.advance(HOUR);
    await t.a.events.verify(sampleTown(t.a).officer, id);
    await syncAll(t);
    const closed = await row(t.a, id);
    expect(closed).toMatchObject({ state: 'closed', carried_over: 0 });
    expect(String(closed!.closed_at) <= String(closed!.resolve_due)).toBe(true);
    expect(await row(t.b, id)).toEqual(closed);
    expect(await noProblems(t)).toEqual([]);
    expect(await served(t, id)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'hold', 'release', 'report_back', 'verify']);
  });

  it('a hold console 1 made while console 2 reported back, the district taking the report back first: the hold is refused there and console 1 is not held either', async () => {
    const t = consoles();
    const a = sampleTown(t.a);
    const item = t.a.town.catalogue.get(a.itemCode)!;
    const id = await t.a.events.report(a.officer, { title: '村道路面塌陷', categoryCode: a.itemCode, level: 'general', source: 'phone', gridCode: a.gridCode });
    await t.a.events.acceptAndDispatch(a.officer, { eventId: id, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
    await t.a.events.acknowledge(holderOf(t.a, item.leadPostId), id, item.leadPostId);
    await syncAll(t);
    // Both act before either hears of the other; console 2 reaches the district first.
    await t.b.events.reportBack(holderOf(t.b, item.leadPostId), id, '已回填');
    await t.a.events.requestHold(a.leader, { eventId: id, reason: '需区财政拨款', reviewBy: '2025-12-27' });
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.b.sync!.syncOnce();
    const onA = await row(t.a, id);
    expect(onA).toMatchObject({ state: 'resolved', carried_over: 0, hold_review_by: null, clock_paused_at: null });
    // Console 1 was brought back to the district's record (a reset: the columns it carries; resolved_at
    // is not one of them, a limit of every reset): what the hold touched is console 2's.
    const held = ({ state, carried_over, carry_over_note, hold_review_by, clock_paused_at, ack_due, on_scene_due, resolve_due, due_at, version }: Record<string, unknown>) => ({
      state,
      carried_over,
      carry_over_note,
      hold_review_by,
      clock_paused_at,
      ack_due,
      on_scene_due,
      resolve_due,
      due_at,
      version,
    });
    expect(held((await row(t.b, id))!)).toEqual(held(onA!));
    expect(await t.a.events.holds(a.officer)).toEqual([]);
    expect(await served(t, id)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'report_back']);
  });

  it('an escalation from the district’s side with no release before it (another node): both consoles release on the way, the same row, no version of its own', async () => {
    const t = consoles();
    const { id, heldRow } = await heldOnBoth(t, '山塘坝体渗水');
    t.clock.advance(5 * HOUR);
    const results = await districtActions(t, [{ entityId: id, action: 'escalate', payload: { reason: '区水利局直接接手' } }]);
    expect(results).toMatchObject([{ status: 'applied' }]);
    await syncAll(t);
    const onA = await row(t.a, id);
    expect(onA).toMatchObject({ state: 'escalated', carried_over: 0, hold_review_by: null, clock_paused_at: null, version: Number(heldRow.version) + 1 });
    expect(Date.parse(String(onA!.resolve_due)) - Date.parse(String(heldRow.resolve_due))).toBe(5 * HOUR);
    expect(await row(t.b, id)).toEqual(onA);
    for (const core of [t.a, t.b]) {
      expect((await timeline(core, id)).slice(-2).map((e) => [e.action, JSON.parse(e.payload).implicit])).toEqual([
        ['release', 'escalate'],
        ['escalate', undefined],
      ]);
    }
    expect(await noProblems(t)).toEqual([]);
    expect(await served(t, id)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'hold', 'escalate']);
  });
});
