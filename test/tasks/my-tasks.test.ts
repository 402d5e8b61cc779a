/**
 * 我的任务 (issue #17, reaching people) on the sample town 白鹭镇 (never the demo town's ids): a
 * dispatch reaches the acting holder's own list and nobody else's; 签收 there turns it to in progress;
 * a plan task is in its holder's list; an open alarm an escalation step told a person of is in theirs,
 * marked, and folded into their line of the same event when they have one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { SYSTEM, type Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

let dir: string;
let core: Core;
let town: SampleTown;
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  clock.set('2026-11-23T01:00:00.000Z');
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-my-tasks-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const actorOf = (personId: string): Actor => ({ id: personId, roles: core.town.people.get(personId)!.roles });
const mine = async (who: Actor) => (await core.tasks.mine(who)).items;

/** Reports an event of the item and dispatches it along the catalogue's proposal; returns it and who holds its lead post now. */
async function dispatched(title: string, itemCode = town.itemCode) {
  const eventId = await core.events.report(town.officer, { title, categoryCode: itemCode, level: 'general', source: 'grid', gridCode: town.gridCode });
  const proposal = await core.events.proposeDispatch(town.officer, eventId);
  await core.events.acceptAndDispatch(town.officer, { eventId, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((p) => p.id) });
  const holderId = proposal.lead.acting.personId;
  expect(holderId, 'the lead post has somebody acting for it').toBeTruthy();
  return { eventId, proposal, holder: actorOf(holderId!) };
}

/** Writes an escalation step as the escalation core records one: an open alarm and the row naming who was told. */
async function escalationStep(
  alarm: { kind: 'ack_timeout' | 'plan_task_overdue'; eventId?: string; runId?: string; taskId?: string },
  target: 'b' | 'leader' | 'director',
  personId: string,
) {
  // Written through the core's one write path (kernel.run) rather than the escalation sweep, so the test
  // does not depend on the chain's timing: the same rows the sweep leaves (alarm, alarm_step).
  const key = `${alarm.kind}:${alarm.eventId ?? alarm.taskId}:test`;
  await core.kernel.run({ name: 'test.escalationStep', actor: SYSTEM, audit: false }, async (tx) => {
    await tx.raiseAlarm({ key, kind: alarm.kind, eventId: alarm.eventId ?? null, detail: {}, at: tx.at });
    const row = (await tx.sql.get<{ id: string }>(`SELECT id FROM alarm WHERE key = ?`, [key]))!;
    await tx.sql.run(`INSERT INTO alarm_step (alarm_id, step, target, person_id, at, event_id, run_id, task_id) VALUES (?,?,?,?,?,?,?,?)`, [
      row.id,
      target === 'b' ? 1 : target === 'leader' ? 2 : 3,
      target,
      personId,
      tx.at,
      alarm.eventId ?? null,
      alarm.runId ?? null,
      alarm.taskId ?? null,
    ]);
  });
  return (await core.db.read((sql) => sql.get<{ id: string }>(`SELECT id FROM alarm WHERE key = ?`, [key])))!.id;
}

describe('我的任务', () => {
  it("a dispatch is in the lead post's acting holder's list and nobody else's; 签收 there makes it in progress", async () => {
    const { eventId, proposal, holder } = await dispatched('白鹭路井盖缺失');
    const [line, ...rest] = await mine(holder);
    expect(rest.filter((x) => x.eventId === eventId)).toEqual([]);
    expect(line).toMatchObject({
      key: `event:${eventId}:${proposal.lead.id}`,
      source: 'event',
      eventId,
      postId: proposal.lead.id,
      postName: proposal.lead.name,
      title: '白鹭路井盖缺失',
      as: proposal.lead.acting.as,
      role: 'lead',
      state: 'awaiting_ack',
      eventState: 'dispatched',
      dueKind: 'acknowledge',
      escalation: null,
      canAck: true,
    });
    expect(Date.parse(line!.dueAt!)).toBeGreaterThan(clock.now().getTime());

    // Nobody else has it as their own: the desk, the leader, the post's other holder, the holders of other posts.
    const cooperating = new Set(proposal.cooperating.map((p) => p.acting.personId));
    const others = [town.officer, town.leader, town.admin, ...town.officers].filter((a) => a.id !== holder.id && !cooperating.has(a.id));
    const otherHolder = proposal.lead.acting.as === 'A' ? proposal.lead.b : proposal.lead.a;
    if (otherHolder && otherHolder.id !== holder.id && !cooperating.has(otherHolder.id)) others.push(actorOf(otherHolder.id));
    for (const who of others)
      expect(
        (await mine(who)).map((x) => x.eventId),
        who.id,
      ).not.toContain(eventId);
    // A cooperating post's holder has it as cooperating.
    const coop = proposal.cooperating.find((p) => p.acting.personId && p.acting.personId !== holder.id);
    if (coop) expect((await mine(actorOf(coop.acting.personId!))).find((x) => x.eventId === eventId)).toMatchObject({ role: 'cooperating', postId: coop.id, canAck: true });

    await core.events.acknowledge(holder, eventId, proposal.lead.id);
    expect((await mine(holder)).find((x) => x.eventId === eventId)).toMatchObject({ state: 'in_progress', eventState: 'in_progress', canAck: false });
    expect((await core.events.detail(town.officer, eventId)).state).toBe('in_progress');
  });

  it('a plan task is in its holder’s list until it is done; acknowledged it shows in progress', async () => {
    const step = { postId: town.heldPost.post.id, ackMinutes: 5, limitMinutes: 30, after: [], checklist: [] };
    const { id: templateId } = await core.plans.saveTemplate(town.leader, {
      template: {
        name: '白鹭镇防汛应急预案',
        kind: 'flood',
        description: '河道水位超警戒时启动',
        triggers: [{ kind: 'manual' }],
        steps: [{ id: 'patrol', title: '巡查河堤', ...step }],
        contacts: [],
      },
    });
    const { runId } = await core.plans.start(town.leader, { templateId, drill: false });
    const task = (await core.plans.run(town.leader, runId)).tasks[0]!;
    expect(task.holderId).toBeTruthy();
    const holder = actorOf(task.holderId!);
    expect((await mine(holder)).find((x) => x.taskId === task.id)).toMatchObject({
      key: `plan:${task.id}`,
      source: 'plan',
      runId,
      title: '巡查河堤',
      runName: '白鹭镇防汛应急预案',
      postName: town.heldPost.post.name,
      state: 'awaiting_ack',
      dueAt: task.ackDueAt,
      dueKind: 'acknowledge',
      canAck: true,
    });
    expect((await mine(town.officer)).map((x) => x.taskId)).not.toContain(task.id);

    await core.plans.ackTask(holder, runId, task.id);
    expect((await mine(holder)).find((x) => x.taskId === task.id)).toMatchObject({ state: 'in_progress', dueAt: task.dueAt, dueKind: 'complete', canAck: false });
    await core.plans.completeTask(holder, runId, task.id);
    expect((await mine(holder)).map((x) => x.taskId)).not.toContain(task.id);
  });

  it('an open alarm escalated to a person is in their list, marked; it joins their own line of the event; acknowledged it leaves', async () => {
    const { eventId, proposal, holder } = await dispatched('白鹭河道漂浮物');
    const leader = town.leader;
    expect((await mine(leader)).map((x) => x.eventId)).not.toContain(eventId);

    const alarmId = await escalationStep({ kind: 'ack_timeout', eventId }, 'leader', leader.id);
    const told = (await mine(leader)).filter((x) => x.eventId === eventId);
    expect(told).toEqual([
      expect.objectContaining({
        key: `event:${eventId}`,
        title: '白鹭河道漂浮物',
        postId: proposal.lead.id,
        state: 'awaiting_ack',
        as: null,
        escalation: expect.objectContaining({ alarmId, kind: 'ack_timeout', to: 'leader', step: 2 }),
        // The leader follows it up; 签收 stays the post's.
        canAck: false,
      }),
    ]);
    // Told the holder themself (deduplicated): one line, their own, marked.
    await escalationStep({ kind: 'ack_timeout', eventId }, 'b', holder.id);
    const own = (await mine(holder)).filter((x) => x.eventId === eventId);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ key: `event:${eventId}:${proposal.lead.id}`, canAck: true, escalation: { kind: 'ack_timeout', to: 'b' } });

    // Acknowledged at the alarm desk: the escalation is no longer the leader's to follow.
    await core.alarms.ack(town.officer, alarmId, undefined);
    expect((await mine(leader)).map((x) => x.eventId)).not.toContain(eventId);
  });
});
