/**
 * 升级提醒 (#17) on two consoles of 白鹭镇 through a real district server, driven by the shared manual
 * clock: an event task nobody acknowledges goes A → B → duty leader → centre director, one step at
 * each set time, the same steps on both consoles (in the event's timeline, in the alarm's history,
 * to the message gateway); acknowledging it on console 2 stops the chain on both. A plan task whose A
 * is silent passes to B on both consoles, then the leader is told. 立即升级 takes the next step at
 * once and the other console does not take it again. Bad chains are refused and change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import type { AlarmStepInfo, EscalationChain } from '../../preload/contract/escalation-schemas';
import { sampleTown } from '../support/sample-town-core';
import { syncAll, twoConsoles, type TwoConsoles } from '../sync-kinds/two-consoles';

// Monday 2026-11-23, 09:00 Beijing time: office hours, both holders of the post at work.
const consoles = twoConsoles('2026-11-23T01:00:00.000Z');
const MINUTE = 60_000;

async function sweep(core: Core): Promise<void> {
  await core.events.sweep();
  await core.plans.sweep();
  await core.escalation.sweep();
}

/** The month's roster with `leader` as the duty leader of the shift now on (synced to console 2). */
async function leaderOnShift(t: TwoConsoles, leader: Actor): Promise<void> {
  const admin = sampleTown(t.a).admin;
  await t.a.roster.generate(admin, '2026-11');
  const shift = t.a.roster.duty.shiftAt(t.clock.now().getTime());
  expect(shift, 'the generated roster has a shift now').not.toBeNull();
  await t.a.roster.assign(sampleTown(t.a).admin, { shiftId: shift!.id, roleKey: 'leader', slot: 0, personId: leader.id });
  await syncAll(t);
  expect(t.b.roster.duty.shiftAt(t.clock.now().getTime())?.slots.get('leader')?.[0]).toBe(leader.id);
}

/** The director both consoles name (settings are each console's own, as the voice templates). */
async function director(t: TwoConsoles, person: Actor): Promise<void> {
  for (const core of [t.a, t.b]) await core.escalation.saveDirector(sampleTown(core).admin, person.id);
}

const ackAlarm = async (core: Core, eventId: string) => (await core.alarms.list(1000)).find((a) => a.eventId === eventId && a.kind === 'ack_timeout');

async function stepsOf(core: Core, alarmId: string): Promise<Pick<AlarmStepInfo, 'step' | 'to' | 'personId' | 'at'>[]> {
  const steps = await core.kernel.read((sql) => core.escalation.stepsOf(sql, [alarmId]));
  return (steps.get(alarmId) ?? []).map(({ step, to, personId, at }) => ({ step, to, personId, at }));
}

const messages = (core: Core) =>
  core.kernel.read((sql) => sql.all<{ person_id: string; text: string; status: string }>(`SELECT person_id, text, status FROM message_log ORDER BY at, key`));

describe('升级提醒 on two consoles', () => {
  it('an event task not acknowledged: A → B → duty leader → director on both; acknowledged on console 2, the chain stops on both', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const leader = town.leader;
    const boss = town.officers[1]!;
    await leaderOnShift(t, leader);
    await director(t, boss);
    const { post, a: holderA, b: holderB } = town.heldPost;

    const eventId = await t.a.events.report(town.officer, { title: '白鹭路积水', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await t.a.events.accept(town.officer, eventId);
    await t.a.events.dispatch(town.officer, { eventId, leadPostId: post.id, cooperatingPostIds: [], overrideReason: '测试：指定岗位' });
    await syncAll(t);
    const ackDue = (await t.a.events.detail(town.officer, eventId)).clocks.find((c) => c.kind === 'acknowledge')!.dueAt!;

    // The acknowledgement limit runs out: console 1's sweep re-dispatches to B (the chain's first step names B).
    t.clock.set(new Date(Date.parse(ackDue) + 1000).toISOString());
    await sweep(t.a);
    await syncAll(t);
    await sweep(t.b);
    const alarmA = (await ackAlarm(t.a, eventId))!;
    const alarmB = (await ackAlarm(t.b, eventId))!;
    expect(alarmB, 'the re-dispatch raised the same 接单超时 on console 2').toBeDefined();
    const stepB = { step: 1, to: 'b', personId: holderB.id, at: ackDue };
    expect(await stepsOf(t.a, alarmA.id)).toEqual([stepB]);
    expect(await stepsOf(t.b, alarmB.id)).toEqual([stepB]);

    // Four minutes on: nothing more. Five: the duty leader, on both.
    t.clock.set(new Date(Date.parse(ackDue) + 4 * MINUTE).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    expect(await stepsOf(t.a, alarmA.id)).toHaveLength(1);
    t.clock.set(new Date(Date.parse(ackDue) + 5 * MINUTE).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    const stepLeader = { step: 2, to: 'leader', personId: leader.id, at: new Date(Date.parse(ackDue) + 5 * MINUTE).toISOString() };
    expect(await stepsOf(t.a, alarmA.id)).toEqual([stepB, stepLeader]);
    expect(await stepsOf(t.b, alarmB.id)).toEqual([stepB, stepLeader]);

    // Fifteen: the centre director.
    t.clock.set(new Date(Date.parse(ackDue) + 15 * MINUTE).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    const stepDirector = { step: 3, to: 'director', personId: boss.id, at: new Date(Date.parse(ackDue) + 15 * MINUTE).toISOString() };
    for (const [core, alarm] of [
      [t.a, alarmA],
      [t.b, alarmB],
    ] as const) {
      expect(await stepsOf(core, alarm.id)).toEqual([stepB, stepLeader, stepDirector]);
      // In the event's timeline, in order, naming whom each step told.
      const timeline = (await core.events.detail(sampleTown(core).officer, eventId)).timeline.filter((e) => e.action === 'escalation_step');
      expect(timeline.map((e) => [e.payload.to, e.payload.personName])).toEqual([
        ['b', core.town.people.get(holderB.id)!.name],
        ['leader', core.town.people.get(leader.id)!.name],
        ['director', core.town.people.get(boss.id)!.name],
      ]);
      // Each told person's message went to the gateway (the log-only one), in Chinese, naming the event.
      const sent = await messages(core);
      expect(sent.map((m) => m.person_id)).toEqual([holderB.id, leader.id, boss.id]);
      expect(sent[0]!.text).toContain('白鹭路积水');
      expect(sent.every((m) => m.status === 'logged')).toBe(true);
    }
    // A was told at dispatch; nothing escalated to A.
    expect((await stepsOf(t.a, alarmA.id)).some((s) => s.personId === holderA.id)).toBe(false);

    // B acknowledges on console 2: the alarm's chain has nothing left, and a later one stops there too.
    await t.b.events.acknowledge(holderB, eventId, post.id);
    await syncAll(t);
    t.clock.set(new Date(Date.parse(ackDue) + 60 * MINUTE).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    expect(await stepsOf(t.a, alarmA.id)).toHaveLength(3);
    await expect(t.a.escalation.escalateNow(town.officer, alarmA.id, undefined)).rejects.toMatchObject({ code: 'no_next_step' });
  });

  it('acknowledged before the leader’s step: the chain stops on both consoles, the leader is never told', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    await leaderOnShift(t, town.leader);
    const { post, b: holderB } = town.heldPost;
    const eventId = await t.a.events.report(town.officer, { title: '垃圾未清运', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await t.a.events.accept(town.officer, eventId);
    await t.a.events.dispatch(town.officer, { eventId, leadPostId: post.id, cooperatingPostIds: [], overrideReason: '测试：指定岗位' });
    const ackDue = Date.parse((await t.a.events.detail(town.officer, eventId)).clocks.find((c) => c.kind === 'acknowledge')!.dueAt!);
    t.clock.set(new Date(ackDue + 1000).toISOString());
    await sweep(t.a);
    await syncAll(t);
    await t.b.events.acknowledge(holderB, eventId, post.id);
    await syncAll(t);
    t.clock.set(new Date(ackDue + 30 * MINUTE).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    for (const core of [t.a, t.b]) {
      const alarm = (await ackAlarm(core, eventId))!;
      expect((await stepsOf(core, alarm.id)).map((s) => s.to)).toEqual(['b']);
      expect((await messages(core)).map((m) => m.person_id)).toEqual([holderB.id]);
    }
  });

  it('a plan task whose A is silent passes to B on both consoles, then the duty leader is told', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    await leaderOnShift(t, town.leader);
    const { post, a: holderA, b: holderB } = town.heldPost;
    const { id } = await t.a.plans.saveTemplate(town.leader, {
      template: {
        name: '白鹭溪防汛应急预案',
        kind: 'flood',
        description: '水位超警戒时启动',
        triggers: [{ kind: 'manual' }],
        steps: [{ id: 'dam', title: '巡查白鹭溪堤防', postId: post.id, ackMinutes: 5, limitMinutes: 60, after: [], checklist: [] }],
        contacts: [],
      },
    });
    const { runId } = await t.a.plans.start(town.leader, { templateId: id, drill: false });
    await syncAll(t);
    const taskOf = async (core: Core) => (await core.plans.run(sampleTown(core).leader, runId)).tasks[0]!;
    expect((await taskOf(t.b)).holderId).toBe(holderA.id);

    const ackDue = Date.parse((await taskOf(t.a)).ackDueAt!);
    t.clock.set(new Date(ackDue + 1000).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    await syncAll(t);
    for (const core of [t.a, t.b]) {
      const task = await taskOf(core);
      expect(task).toMatchObject({ status: 'dispatched', holderId: holderB.id });
      const alarm = (await core.alarms.list(1000)).find((a) => a.kind === 'plan_task_overdue' && a.detail.taskId === task.id)!;
      expect(await stepsOf(core, alarm.id)).toEqual([{ step: 1, to: 'b', personId: holderB.id, at: new Date(ackDue).toISOString() }]);
    }

    t.clock.set(new Date(ackDue + 5 * MINUTE).toISOString());
    await sweep(t.a);
    await sweep(t.b);
    for (const core of [t.a, t.b]) {
      const run = await core.plans.run(sampleTown(core).leader, runId);
      expect(run.log.filter((e) => e.kind === 'escalated').map((e) => e.detail.to)).toEqual(['b', 'leader']);
    }
    // B acknowledges: nothing further (until the completion limit, another alarm, at release + 60 minutes).
    await t.b.plans.ackTask(holderB, runId, (await taskOf(t.b)).id);
    await syncAll(t);
    t.clock.set(new Date(ackDue + 30 * MINUTE).toISOString());
    await sweep(t.a);
    const run = await t.a.plans.run(town.leader, runId);
    expect(run.log.filter((e) => e.kind === 'escalated')).toHaveLength(2);
  });

  it('立即升级 takes the next step at once, as a note in the timeline; the other console records it and does not take it again', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    await leaderOnShift(t, town.leader);
    const eventId = await t.a.events.report(town.officer, { title: '化工厂异味', categoryCode: town.itemCode, level: 'serious', source: 'phone', gridCode: town.gridCode });
    await syncAll(t);
    const serious = async (core: Core) => (await core.alarms.list(1000)).find((a) => a.eventId === eventId && a.kind === 'new_serious')!;
    const onA = await serious(t.a);
    const step = await t.a.escalation.escalateNow(town.officer, onA.id, '电话未接通');
    expect(step).toMatchObject({ step: 1, to: 'leader', personId: town.leader.id, byId: town.officer.id, note: '电话未接通', delivery: 'logged' });
    await syncAll(t);
    const note = (await t.b.events.detail(sampleTown(t.b).officer, eventId)).timeline.find((e) => e.action === 'note');
    expect(String(note?.payload.text)).toContain('立即升级：告知带班领导');

    // Console 2's chain reaches that step: recorded as taken by hand there, nobody told twice.
    t.clock.advance(6 * MINUTE);
    await sweep(t.b);
    const onB = await serious(t.b);
    const stepsB = await t.b.kernel.read((sql) => t.b.escalation.stepsOf(sql, [onB.id]));
    expect(stepsB.get(onB.id)).toEqual([expect.objectContaining({ step: 1, to: 'leader', personId: town.leader.id, byId: town.officer.id })]);
    // (The accept clock's own 超期 alarm has its own chain; nothing was sent for this one.)
    const sentForIt = await t.b.kernel.read((sql) => sql.all(`SELECT key FROM message_log WHERE key LIKE ?`, [`${onB.id}:%`]));
    expect(sentForIt).toEqual([]);
  });

  it('refuses a chain whose steps do not come later, tell someone twice, or put B after another; nothing changes', async () => {
    const t = consoles();
    const { admin, officer } = sampleTown(t.a);
    const before = await t.a.escalation.settings();
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'saved',
        (e: { code?: string }) => e.code,
      );
    const chain = (...steps: EscalationChain['steps']) => refusal(t.a.escalation.saveChain(admin, { kind: 'overdue', enabled: true, steps }));
    expect(await chain({ to: 'leader', afterMinutes: 10 }, { to: 'director', afterMinutes: 10 })).toBe('chain_not_later');
    expect(await chain({ to: 'leader', afterMinutes: 1 }, { to: 'leader', afterMinutes: 10 })).toBe('chain_repeated');
    expect(await chain({ to: 'leader', afterMinutes: 1 }, { to: 'b', afterMinutes: 10 })).toBe('chain_b_not_first');
    expect(await refusal(t.a.escalation.saveChain(officer, { kind: 'overdue', enabled: true, steps: [{ to: 'leader', afterMinutes: 1 }] }))).toBe('forbidden');
    expect(await refusal(t.a.escalation.saveDirector(admin, '00000000-0000-4000-8000-000000000000'))).toBe('unknown_person');
    expect(await t.a.escalation.settings()).toEqual(before);

    await t.a.escalation.saveChain(admin, { kind: 'overdue', enabled: false, steps: [{ to: 'leader', afterMinutes: 3 }] });
    expect((await t.a.escalation.settings()).chains.find((c) => c.kind === 'overdue')).toEqual({ kind: 'overdue', enabled: false, steps: [{ to: 'leader', afterMinutes: 3 }] });
  });
});
