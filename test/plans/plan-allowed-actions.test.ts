/**
 * What a person may do with a plan task (签收 ack, 完成 complete, 跳过 skip) and a run (结束 end) is the
 * core's answer, `allowedActions` on plans:run and plans:myTasks; the console shows exactly those.
 * (a) The answer per task status, run status and person (officer, leader, the board staff holding
 *     the task, other board staff, admin), as a table.
 * (b) On a real run with every status at once, for each person and action: the command succeeds on
 *     a task exactly when the answer read just before it offered the action (a button shown is never
 *     refused, a refused one is never shown); on an ended run nothing is offered and all is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { runActions, taskActions } from '../../main/core/plans/plan-queries';
import { DomainError } from '../../main/core/errors';
import { TASK_STATUSES, type PlanRun, type PlanTaskAction, type RunStatus, type TaskStatus } from '../../preload/contract/plan-schemas';
import type { TestCore } from '../support/core';
import { bj, rosterCore } from '../roster/helpers';

const officer: Actor = { id: 'p-officer', roles: ['officer'] };
const leader: Actor = { id: 'p-leader', roles: ['leader'] };
const staff: Actor = { id: 'p-staff', roles: ['board_staff'] };
const admin: Actor = { id: 'p-admin', roles: ['admin'] };

describe('allowedActions of a plan task, per status, run and person', () => {
  // What each person may do to a task of a running run (board staff: the holder; others: not holding it).
  const running: Record<string, Record<TaskStatus, PlanTaskAction[]>> = {
    officer: { waiting: [], dispatched: ['ack', 'complete'], acknowledged: ['complete'], done: [], skipped: [], cancelled: [] },
    leader: { waiting: ['skip'], dispatched: ['ack', 'complete', 'skip'], acknowledged: ['complete', 'skip'], done: [], skipped: [], cancelled: [] },
    holder: { waiting: [], dispatched: ['ack', 'complete'], acknowledged: ['complete'], done: [], skipped: [], cancelled: [] },
    otherStaff: { waiting: [], dispatched: [], acknowledged: [], done: [], skipped: [], cancelled: [] },
    admin: { waiting: [], dispatched: [], acknowledged: [], done: [], skipped: [], cancelled: [] },
  };
  const who: Record<string, { actor: Actor; holderId: string | null }> = {
    officer: { actor: officer, holderId: 'someone-else' },
    leader: { actor: leader, holderId: 'someone-else' },
    holder: { actor: staff, holderId: staff.id },
    otherStaff: { actor: staff, holderId: 'someone-else' },
    admin: { actor: admin, holderId: 'someone-else' },
  };

  it('in a running run: the table above', () => {
    for (const [name, expected] of Object.entries(running)) {
      const { actor, holderId } = who[name]!;
      for (const status of TASK_STATUSES) {
        expect(taskActions(actor, 'running', { status, holderId }), `${name} ${status}`).toEqual(expected[status]);
      }
    }
    // The desk acts on tasks nobody holds (no acting holder found) too; board staff cannot.
    expect(taskActions(officer, 'running', { status: 'dispatched', holderId: null })).toEqual(['ack', 'complete']);
    expect(taskActions(staff, 'running', { status: 'dispatched', holderId: null })).toEqual([]);
  });

  it('in a finished or ended run: nothing, for anyone', () => {
    for (const runStatus of ['finished', 'ended'] as RunStatus[]) {
      for (const { actor, holderId } of Object.values(who)) {
        for (const status of TASK_STATUSES) expect(taskActions(actor, runStatus, { status, holderId }), `${actor.roles.join()} ${runStatus} ${status}`).toEqual([]);
      }
    }
  });

  it('结束 a run: the leader, while it runs', () => {
    expect(runActions(leader, 'running')).toEqual(['end']);
    for (const actor of [officer, staff, admin]) expect(runActions(actor, 'running')).toEqual([]);
    expect(runActions(leader, 'finished')).toEqual([]);
    expect(runActions(leader, 'ended')).toEqual([]);
  });
});

describe('allowedActions match what the commands accept', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await rosterCore();
    await t.core.roster.generate(t.admin, '2026-01');
    t.clock.set(bj('2026-01-07', '10:00'));
  });
  afterEach(async () => {
    await t.close();
  });

  const actorOf = (personId: string): Actor => ({ id: personId, roles: t.core.town.people.get(personId)!.roles });
  const boardOnly = (a: Actor) => a.roles.includes('board_staff') && !a.roles.includes('officer') && !a.roles.includes('leader');

  /** A forest-fire run with every open and settled status: done, acknowledged, dispatched, skipped, waiting. */
  async function mixedRun(): Promise<{ runId: string; run: PlanRun }> {
    const template = (await t.core.plans.templates(t.leader)).find((p) => p.kind === 'forest_fire')!;
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    const step = async (id: string) => (await t.core.plans.run(t.leader, runId)).tasks.find((x) => x.stepId === id)!;
    await t.core.plans.ackTask(t.officer, runId, (await step('muster')).id);
    await t.core.plans.completeTask(t.officer, runId, (await step('verify')).id);
    await t.core.plans.skipTask(t.leader, runId, (await step('traffic')).id, '交警已到场');
    const run = await t.core.plans.run(t.leader, runId);
    expect(new Set(run.tasks.map((x) => x.status))).toEqual(new Set(['done', 'acknowledged', 'dispatched', 'skipped', 'waiting']));
    return { runId, run };
  }

  const command = (actor: Actor, runId: string, taskId: string, action: PlanTaskAction): Promise<void> =>
    action === 'ack'
      ? t.core.plans.ackTask(actor, runId, taskId)
      : action === 'complete'
        ? t.core.plans.completeTask(actor, runId, taskId)
        : t.core.plans.skipTask(actor, runId, taskId, '测试');

  async function accepted(p: Promise<void>): Promise<boolean> {
    try {
      await p;
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return false;
    }
  }

  it('for each person and action, on every task: offered exactly when the command is accepted', async () => {
    const { run: sample } = await mixedRun();
    const holderId = sample.tasks.find((x) => x.stepId === 'report-district')!.holderId!;
    const holder = actorOf(holderId);
    expect(boardOnly(holder)).toBe(true);
    const held = new Set(sample.tasks.map((x) => x.holderId));
    const otherStaff = [...t.core.town.people.values()].map((p) => actorOf(p.id)).find((a) => boardOnly(a) && !held.has(a.id))!;
    expect(otherStaff).toBeDefined();
    const people: Record<string, Actor> = { officer: t.officer, leader: t.leader, holder, otherStaff, admin: t.admin };

    let offered = 0;
    for (const [name, actor] of Object.entries(people)) {
      for (const action of ['ack', 'complete', 'skip'] as const) {
        const { runId, run } = await mixedRun();
        for (const task of run.tasks) {
          // What the person is shown right now (an earlier command may have released this step).
          const now = (await t.core.plans.run(actor, runId)).tasks.find((x) => x.id === task.id)!;
          const shown = now.allowedActions.includes(action);
          offered += shown ? 1 : 0;
          expect(await accepted(command(actor, runId, task.id, action)), `${name} ${action} on ${now.stepId} (${now.status})`).toBe(shown);
        }
      }
    }
    expect(offered).toBeGreaterThan(10);
  });

  it('my tasks carry the same answer; a run that has ended offers nothing and refuses everything', async () => {
    const { runId, run } = await mixedRun();
    const task = run.tasks.find((x) => x.stepId === 'report-district')!;
    const holder = actorOf(task.holderId!);
    const mine = (await t.core.plans.myTasks(holder)).find((x) => x.id === task.id)!;
    expect(mine.allowedActions).toEqual(['ack', 'complete']);
    expect((await t.core.plans.run(holder, runId)).tasks.find((x) => x.id === task.id)!.allowedActions).toEqual(['ack', 'complete']);
    expect((await t.core.plans.run(t.leader, runId)).allowedActions).toEqual(['end']);
    expect((await t.core.plans.run(t.officer, runId)).allowedActions).toEqual([]);

    await t.core.plans.endRun(t.leader, runId, '误报');
    const ended = await t.core.plans.run(t.leader, runId);
    expect(ended.allowedActions).toEqual([]);
    expect(new Set(ended.tasks.map((x) => x.status))).toContain('cancelled');
    for (const actor of [t.leader, t.officer, holder]) {
      const seen = await t.core.plans.run(actor, runId);
      for (const x of seen.tasks) {
        expect(x.allowedActions).toEqual([]);
        for (const action of ['ack', 'complete', 'skip'] as const) expect(await accepted(command(actor, runId, x.id, action))).toBe(false);
      }
    }
    expect(await t.core.plans.myTasks(holder)).toEqual([]);
  });
});
