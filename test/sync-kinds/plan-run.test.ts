/**
 * Plan runs between two consoles of the town through a real district server, read through the plan
 * service as the 预案执行 page does: a run started on one is there on the other with every task as it
 * was started (order, waits, checklist, time limits, holder) and can be worked on there; what each
 * console does reaches the other. The conflict rules: each task on its own, the further state wins
 * (a completion is never undone by an acknowledgement made elsewhere later); a step waiting for two
 * tasks completed one on each console at once is released once both are in; an ended run is final
 * (a task completed elsewhere meanwhile stays completed, the rest cancelled). A drill stays a drill.
 */
import { describe, expect, it } from 'vitest';
import type { PlanRun, PlanTemplateBody } from '../../preload/contract/plan-schemas';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { noProblems, syncAll, twoConsoles, type TwoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

/** A flood plan: two checks at once, then the evacuation that waits for both. */
const floodPlan = (core: Core): PlanTemplateBody => {
  const posts = sampleTown(core).posts;
  return {
    name: '白鹭溪防汛应急预案',
    kind: 'flood',
    description: '白鹭溪水位超警戒时启动',
    triggers: [{ kind: 'manual' }],
    steps: [
      { id: 'dam', title: '巡查白鹭溪堤防', postId: posts[0]!.id, ackMinutes: 5, limitMinutes: 30, after: [], checklist: ['查看堤身渗水', '记录水位'], instructions: '两人一组' },
      { id: 'pump', title: '启动排涝泵站', postId: posts[1]!.id, ackMinutes: 3, limitMinutes: 20, after: [], checklist: [] },
      { id: 'evacuate', title: '转移低洼处群众', postId: posts[0]!.id, ackMinutes: 5, limitMinutes: 60, after: ['dam', 'pump'], checklist: ['核对名单'] },
    ],
    contacts: [{ name: '区防汛办', role: '区级指挥', phone: '0571-88600113' }],
  };
};

async function started(t: TwoConsoles, drill = false): Promise<string> {
  const leader = sampleTown(t.a).leader;
  const { id } = await t.a.plans.saveTemplate(leader, { template: floodPlan(t.a) });
  const { runId } = await t.a.plans.start(leader, { templateId: id, drill, ...(drill ? { scenario: '模拟：白鹭溪水位超警戒0.5米' } : {}) });
  await syncAll(t);
  return runId;
}

const run = (core: Core, id: string): Promise<PlanRun> => core.plans.run(sampleTown(core).leader, id);
const task = (r: PlanRun, stepId: string) => r.tasks.find((x) => x.stepId === stepId)!;
/** What both consoles must agree on: the run's state and every task's. */
const state = (r: PlanRun) => ({
  status: r.status,
  drill: r.drill,
  tasks: r.tasks.map((x) => ({ stepId: x.stepId, status: x.status, holderId: x.holderId, releasedAt: x.releasedAt, doneAt: x.doneAt, note: x.note })),
});

describe('plan runs, both ways', () => {
  it('started on console 1 it is on console 2 with its tasks; worked on 2 it comes back; ended on 1 it is ended on 2', async () => {
    const t = consoles();
    const id = await started(t);
    const [onA, onB] = [await run(t.a, id), await run(t.b, id)];
    expect(onB).toMatchObject({ name: '白鹭溪防汛应急预案', kind: 'flood', drill: false, status: 'running', contacts: onA.contacts });
    expect(onB.tasks).toEqual(onA.tasks);
    expect(task(onB, 'dam')).toMatchObject({ status: 'dispatched', checklist: ['查看堤身渗水', '记录水位'], instructions: '两人一组', after: [] });
    expect(task(onB, 'evacuate')).toMatchObject({ status: 'waiting', after: ['dam', 'pump'] });
    expect(onB.log.map((e) => e.kind)).toEqual(onA.log.map((e) => e.kind));
    expect((await t.b.plans.runs(sampleTown(t.b).leader, { activeOnly: true, includeDrills: false })).map((r) => r.id)).toEqual([id]);

    t.clock.advance(60_000);
    const officerB = sampleTown(t.b).officer;
    await t.b.plans.ackTask(officerB, id, task(onB, 'dam').id, '已出发');
    await t.b.plans.completeTask(officerB, id, task(onB, 'dam').id, '堤防无渗水');
    await t.b.plans.completeTask(officerB, id, task(onB, 'pump').id);
    await syncAll(t);
    const back = await run(t.a, id);
    expect(task(back, 'dam')).toMatchObject({ status: 'done', note: '堤防无渗水', doneBy: t.a.town.people.get(officerB.id)!.name });
    expect(task(back, 'evacuate').status).toBe('dispatched');
    expect(state(back)).toEqual(state(await run(t.b, id)));

    t.clock.advance(60_000);
    await t.a.plans.endRun(sampleTown(t.a).leader, id, '水位回落，解除响应');
    await syncAll(t);
    const ended = await run(t.b, id);
    expect(ended).toMatchObject({ status: 'ended', endReason: '水位回落，解除响应' });
    expect(task(ended, 'evacuate').status).toBe('cancelled');
    expect(await t.b.plans.completeTask(officerB, id, task(ended, 'evacuate').id).catch((e: { code: string }) => e.code)).toBe('plan_not_running');
    expect(await noProblems(t)).toEqual([]);
    // Folded in, never sent back: console 2 sent only its own three changes.
    const ops = await t.b.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'planRun'`));
    expect(ops?.n).toBe(3);
  });

  it('a drill stays a drill on the other console, with its scenario', async () => {
    const t = consoles();
    const id = await started(t, true);
    expect(await run(t.b, id)).toMatchObject({ drill: true, scenario: '模拟：白鹭溪水位超警戒0.5米', eventId: null });
    expect(await t.b.plans.runs(sampleTown(t.b).leader, { activeOnly: true, includeDrills: false })).toEqual([]);
    expect((await t.b.plans.runs(sampleTown(t.b).leader, { activeOnly: true, includeDrills: true })).map((r) => r.id)).toEqual([id]);
  });

  it('the same task on both: the further state wins, whichever reaches the district first', async () => {
    const t = consoles();
    const id = await started(t);
    const dam = task(await run(t.a, id), 'dam').id;
    t.clock.advance(60_000);
    await t.a.plans.completeTask(sampleTown(t.a).officer, id, dam, '堤防无渗水');
    t.clock.advance(60_000);
    // Later, on console 2, which has not heard of it: an acknowledgement.
    await t.b.plans.ackTask(sampleTown(t.b).officer, id, dam, '已出发');
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.b.sync!.syncOnce();
    const [onA, onB] = [await run(t.a, id), await run(t.b, id)];
    expect(task(onB, 'dam')).toMatchObject({ status: 'done', note: '堤防无渗水' });
    expect(state(onA)).toEqual(state(onB));
    expect(await noProblems(t)).toEqual([]);
  });

  it('two waits completed one on each console at once: the step after them is released on both, the same way', async () => {
    const t = consoles();
    const id = await started(t);
    const r = await run(t.a, id);
    t.clock.advance(60_000);
    await t.a.plans.completeTask(sampleTown(t.a).officer, id, task(r, 'dam').id);
    await t.b.plans.completeTask(sampleTown(t.b).officer, id, task(r, 'pump').id);
    // Neither console alone saw both done: the evacuation still waits on each.
    expect(task(await run(t.a, id), 'evacuate').status).toBe('waiting');
    expect(task(await run(t.b, id), 'evacuate').status).toBe('waiting');
    await syncAll(t);
    await syncAll(t);
    const [onA, onB] = [await run(t.a, id), await run(t.b, id)];
    expect(task(onA, 'evacuate').status).toBe('dispatched');
    expect(state(onA)).toEqual(state(onB));
    expect(await noProblems(t)).toEqual([]);
  });

  it('an ended run is final: ended on 1 while a task was completed on 2, both show it ended with that task done', async () => {
    const t = consoles();
    const id = await started(t);
    const r = await run(t.a, id);
    t.clock.advance(60_000);
    await t.a.plans.endRun(sampleTown(t.a).leader, id, '误启动');
    t.clock.advance(60_000);
    await t.b.plans.completeTask(sampleTown(t.b).officer, id, task(r, 'dam').id, '已巡查');
    await syncAll(t);
    const [onA, onB] = [await run(t.a, id), await run(t.b, id)];
    expect(onB).toMatchObject({ status: 'ended', endReason: '误启动' });
    expect(onB.tasks.map((x) => [x.stepId, x.status])).toEqual([
      ['dam', 'done'],
      ['pump', 'cancelled'],
      ['evacuate', 'cancelled'],
    ]);
    expect(state(onA)).toEqual(state(onB));
    expect(await noProblems(t)).toEqual([]);
  });
});
