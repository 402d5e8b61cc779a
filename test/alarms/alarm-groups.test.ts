/**
 * The grouped alarm view on a console of 白鹭镇: alarms of one post and one kind within the window are
 * one line with a count ("3 项超期（…岗）"), spoken once; one event's alarms are one line; a kind with
 * neither event nor post folds by kind; an alarm past the window starts a new line; acknowledging a
 * group is one command with one audit row, and a group acknowledged already, or an unknown alarm, is
 * refused with nothing changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import { callApi } from '../../main/ipc/handlers';
import { voiceDesk, type VoiceDesk } from './voice-support';

let t: VoiceDesk;
beforeEach(async () => {
  t = await voiceDesk();
});
afterEach(async () => {
  await t.close();
});

const MINUTE = 60_000;

async function report(title: string): Promise<string> {
  return t.core.events.report(t.town.officer, { title, categoryCode: t.town.itemCode, level: 'general', source: 'phone', gridCode: t.town.gridCode });
}

describe('grouping', () => {
  it('folds one post’s overdue alarms within the window into one line with a count, and speaks the line once', async () => {
    const post = t.town.heldPost.post;
    for (const title of ['村道垃圾堆放', '路灯不亮', '井盖缺失']) {
      const eventId = await report(title);
      await t.raise('overdue', `overdue:${eventId}`, eventId, { dueKind: 'accept', dueAt: t.clock.now().toISOString(), postId: post.id });
      t.clock.advance(2 * MINUTE);
    }
    const groups = await t.core.alarms.groups();
    const overdue = groups.filter((g) => g.kind === 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ by: 'post', count: 3, postName: post.name, spoken: `3 项超期（${post.name}）` });
    expect(overdue[0]!.alarmIds).toHaveLength(3);

    // Past the window (10 minutes after the newest), a fourth starts a line of its own.
    t.clock.advance(11 * MINUTE);
    const late = await report('桥栏松动');
    await t.raise('overdue', `overdue:${late}`, late, { dueKind: 'accept', dueAt: t.clock.now().toISOString(), postId: post.id });
    const after = (await t.core.alarms.groups()).filter((g) => g.kind === 'overdue');
    expect(after.map((g) => g.count)).toEqual([1, 3]);
    expect(after[0]!.spoken).toContain('桥栏松动');
  });

  it('folds one event’s alarms into one line headed by the most urgent; kinds with neither event nor post fold by kind', async () => {
    const eventId = await t.core.events.report(t.town.officer, {
      title: '化工厂气味异常',
      categoryCode: t.town.itemCode,
      level: 'serious',
      source: 'phone',
      gridCode: t.town.gridCode,
    });
    t.clock.advance(MINUTE);
    await t.raise('overdue', `overdue:${eventId}`, eventId, { dueKind: 'accept', dueAt: t.clock.now().toISOString() });
    await t.raise('sync_problem', 'sync_problem:a', null, { condition: 'stuck_cursor', since: t.clock.now().toISOString(), alarmMs: '600000' });
    t.clock.advance(MINUTE);
    await t.raise('sync_problem', 'sync_problem:b', null, { condition: 'hlc_ahead', since: t.clock.now().toISOString(), alarmMs: '600000' });
    // One plan run's late tasks are one line too, as an event's.
    for (const step of ['核实火情', '封控路口']) {
      await t.raise('plan_task_overdue', `plan:${step}`, null, {
        runId: 'run-1',
        runName: '森林防灭火应急预案',
        stepTitle: step,
        clock: 'ack',
        holderName: '王强',
        dueAt: t.clock.now().toISOString(),
      });
    }

    const groups = await t.core.alarms.groups();
    expect(groups.map((g) => [g.by, g.kind, g.count])).toEqual([
      ['event', 'new_serious', 2],
      ['event', 'plan_task_overdue', 2],
      ['kind', 'sync_problem', 2],
    ]);
    expect(groups[0]!.spoken).toMatch(/共2项告警$/);
    expect(groups[1]!.spoken).toMatch(/^预案任务未签收：森林防灭火应急预案，.*，共2项告警$/);
    // A sync problem flashes and beeps; it is not spoken.
    expect(groups[2]!.spoken).toBeNull();
  });

  it('keeps 1,000 alarms of a storm within a minute to a few lines', async () => {
    const posts = t.town.posts.slice(0, 5);
    for (let i = 0; i < 1000; i += 1) {
      await t.raise('overdue', `storm:${i}`, null, { dueKind: 'resolve', dueAt: t.clock.now().toISOString(), postId: posts[i % posts.length]!.id });
      if (i % 20 === 19) t.clock.advance(1000);
    }
    const groups = await t.core.alarms.groups();
    expect(groups).toHaveLength(5);
    expect(groups.map((g) => g.count)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('acknowledging a group', () => {
  it('acknowledges every alarm of the line in one command with one audit row; again is refused', async () => {
    const post = t.town.heldPost.post;
    for (const title of ['村道垃圾堆放', '路灯不亮']) {
      const eventId = await report(title);
      await t.raise('overdue', `overdue:${eventId}`, eventId, { dueKind: 'accept', dueAt: t.clock.now().toISOString(), postId: post.id });
    }
    const [line] = (await t.core.alarms.groups()).filter((g) => g.kind === 'overdue');
    const acked = await t.core.alarms.ackGroup(t.town.officer, line!.alarmIds, undefined);
    expect(acked).toBe(2);
    expect((await t.core.alarms.groups()).filter((g) => g.kind === 'overdue')).toEqual([]);
    const rows = await t.core.db.read((sql) => sql.all<{ acked_by: string }>(`SELECT acked_by FROM alarm WHERE kind = 'overdue'`));
    expect(rows.map((r) => r.acked_by)).toEqual([t.town.officer.id, t.town.officer.id]);
    const audit = await t.core.db.read((sql) => sql.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'alarm.ackGroup'`));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ count: 2, alarmIds: line!.alarmIds });

    const code = async (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
      );
    expect(await code(t.core.alarms.ackGroup(t.town.leader, line!.alarmIds, undefined))).toBe('already_decided');
    expect(await code(t.core.alarms.ackGroup(t.town.officer, [...line!.alarmIds, 'no-such-alarm'], undefined))).toBe('not_found');
    expect(await callApi(t.core, { actor: t.town.officer }, 'alarms:ackGroup', { alarmIds: [] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, { actor: t.town.admin }, 'alarms:ackGroup', { alarmIds: line!.alarmIds })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.core.db.read((sql) => sql.all(`SELECT 1 FROM audit_log WHERE action = 'alarm.ackGroup'`))).toHaveLength(1);
  });
});
