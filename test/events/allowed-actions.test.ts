/**
 * The read model says what each person may do with each event: the queue's rows and events:get
 * carry the same `allowedActions` (one function: the lifecycle table crossed with the role table),
 * and the version a command sends back as `expectedVersion`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { allowedActions } from '../../main/core/events/event.service';
import { canStart, EVENT_STATES, type EventState } from '../../main/core/events/event-lifecycle';
import { allows } from '../../main/core/kernel/permissions';
import type { Role } from '../../preload/contract/schemas';
import { callApi } from '../../main/ipc/handlers';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

const ROLES: Role[] = ['officer', 'leader', 'board_staff', 'admin', 'wall_viewer'];

describe('allowedActions is the lifecycle table crossed with the role table', () => {
  it('on a dispatched event an officer may dispatch again (d works as the panel’s button does)', () => {
    const officer = allowedActions(['officer'], { state: 'dispatched', is_open: 1, carried_over: 0 });
    expect(officer).toContain('dispatch');
    expect(officer).not.toContain('accept');
  });

  it('for every state and role: an action is allowed exactly when it can start and the role may do it', () => {
    const permissionOf: Record<string, Parameters<typeof allows>[1]> = {
      accept: 'accept',
      dispatch: 'dispatch',
      acknowledge: 'acknowledge',
      arrive: 'arrive',
      report_back: 'report_back',
      verify: 'verify',
      reject: 'reject',
      close: 'close',
      return: 'requestReturn',
      escalate: 'escalate',
      invalid: 'invalid',
      merge: 'merge',
      extend: 'requestExtension',
      note: 'note',
      reclassify: 'reclassify',
      hold: 'requestHold',
      // issue #16: 回访 and the reopen, on a closed event
      follow_up: 'followUp',
      reopen: 'reopen',
      // issue #15: 首报 / 续报 / 终报, in any state but invalid and merged
      situation_report: 'situationReport',
      // issue #15: attachments, by whoever may write a note, in any state but invalid and merged
      attach: 'note',
    };
    for (const state of EVENT_STATES) {
      for (const role of ROLES) {
        const got = allowedActions([role], { state, is_open: 1, carried_over: 0 });
        for (const [action, permission] of Object.entries(permissionOf)) {
          const oneKey = action === 'dispatch' && state === 'reported' && allows([role], 'accept');
          const expected = allows([role], permission) && (canStart(action as never, state as EventState) || oneKey);
          expect(got.includes(action), `${role} ${action} from ${state}`).toBe(expected);
        }
        expect(got.filter((a) => !(a in permissionOf))).toEqual([]);
      }
    }
  });

  it('挂账: asked (hold) while the event is not held, released while it is; by the roles the table names', () => {
    const e = { state: 'in_progress', is_open: 1, carried_over: 0 };
    expect(allowedActions(['officer'], e)).toContain('hold');
    expect(allowedActions(['board_staff'], e)).toContain('hold');
    expect(allowedActions(['officer'], e)).not.toContain('release');
    const held = { ...e, carried_over: 1 };
    expect(allowedActions(['officer'], held)).not.toContain('hold');
    expect(allowedActions(['officer'], held)).toContain('release');
    expect(allowedActions(['board_staff'], held)).not.toContain('release');
    expect(allowedActions(['wall_viewer'], held)).toEqual([]);
  });
});

describe('queue rows and events:get agree', () => {
  it('for events in every open state, for every person who may read them', async () => {
    const item = t.core.town.catalogue.get('SAFE-001')!;
    const route = { leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] };
    const lead = t.core.town.posts.get(item.leadPostId)!;
    const staff = t.staffOf(lead.code, 'A');
    const report = (title: string) => t.core.events.report(t.officer, { title, categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    const ids: Record<string, string> = {};
    ids.reported = await report('待受理');
    ids.accepted = await report('已受理');
    await t.core.events.accept(t.officer, ids.accepted);
    ids.dispatched = await report('已派单');
    await t.core.events.acceptAndDispatch(t.officer, { eventId: ids.dispatched, ...route });
    ids.in_progress = await report('处置中');
    await t.core.events.acceptAndDispatch(t.officer, { eventId: ids.in_progress, ...route });
    await t.core.events.acknowledge(staff, ids.in_progress, lead.id);
    ids.resolved = await report('已反馈');
    await t.core.events.acceptAndDispatch(t.officer, { eventId: ids.resolved, ...route });
    await t.core.events.acknowledge(staff, ids.resolved, lead.id);
    await t.core.events.reportBack(staff, ids.resolved, '已清理');
    ids.returned = await report('已退回');
    await t.core.events.requestReturn(t.leader, ids.returned, '不属于本镇');
    ids.escalated = await report('已上报');
    await t.core.events.escalate(t.officer, ids.escalated, '需区级协调');
    t.clock.advance(20 * 60_000);
    ids.fresh = await report('刚上报');

    const people: Actor[] = [t.officer, t.officer2, t.leader, t.admin, staff];
    let compared = 0;
    for (const person of people) {
      const rows = (await t.core.events.queue(person, { limit: 100 })).rows;
      expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'returned', 'escalated']));
      for (const row of rows) {
        const d = await t.core.events.detail(person, row.id);
        expect(row.allowedActions, `${person.roles.join()} on ${row.state}`).toEqual(d.allowedActions);
        expect(row.version).toBe(d.version);
        compared += 1;
      }
    }
    expect(compared).toBe(people.length * Object.keys(ids).length);
    const officerRows = (await t.core.events.queue(t.officer, { limit: 100 })).rows;
    expect(officerRows.find((r) => r.id === ids.dispatched)!.allowedActions).toContain('dispatch');
    expect(officerRows.find((r) => r.id === ids.in_progress)!.allowedActions).toContain('hold');
    expect(officerRows.find((r) => r.id === ids.accepted)!.allowedActions).toContain('reclassify');
  });

  it('the queue’s new fields pass the contract’s response schema at the door', async () => {
    await t.core.events.report(t.officer, { title: '路灯不亮', categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    const r = await callApi(t.core, { actor: t.officer }, 'events:queue', { limit: 10 }, { checkResponses: true });
    expect(r.ok).toBe(true);
    const row = (r as { data: { rows: { version: number; allowedActions: string[] }[] } }).data.rows[0]!;
    expect(row.version).toBe(1);
    expect(row.allowedActions).toEqual(expect.arrayContaining(['accept', 'dispatch', 'note']));
  });
});
