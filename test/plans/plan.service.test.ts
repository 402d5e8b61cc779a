/**
 * Plans on a real SQLite file: the demo plans, proposals from matching events, one-key start to the
 * acting holders, release of later steps, overdue alarms, the end of a run and its review, a run
 * across a shift change and its handover, drills, and every refusal changing nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanTemplateBody } from '../../preload/contract/plan-schemas';
import type { RosterView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { refusedWith } from '../support/refused';
import { bj, rosterCore } from '../roster/helpers';

let t: TestCore;
let january: RosterView;

beforeEach(async () => {
  t = await rosterCore();
  january = await t.core.roster.generate(t.admin, '2026-01');
});
afterEach(async () => {
  await t.close();
});

/** Every table plans write (and the alarms and outbox), to show a refusal changed nothing. */
async function planState(): Promise<string> {
  return t.core.db.read(async (sql) =>
    JSON.stringify(
      await Promise.all(['plan_template', 'plan_proposal', 'plan_run', 'plan_task', 'plan_log', 'alarm', 'outbox'].map((x) => sql.all(`SELECT * FROM ${x} ORDER BY rowid`))),
    ),
  );
}

const forestFire = async () => (await t.core.plans.templates(t.officer)).find((p) => p.kind === 'forest_fire')!;
const smoke = (value: number) => ({
  title: '森林烟火监测预警：溪口村山林疑似烟点',
  categoryCode: 'FOREST-001',
  level: 'major' as const,
  source: 'sensor' as const,
  gridCode: 'G05',
  sensor: { type: 'smoke', value, unit: '置信度' },
});

describe('the demo town ships its plans', () => {
  it('forest fire, flood and landslide evacuation, each valid, each with a sensor trigger', async () => {
    const list = await t.core.plans.templates(t.officer);
    expect(list.map((p) => p.kind).sort()).toEqual(['flood', 'forest_fire', 'geo_hazard']);
    for (const summary of list) {
      const p = await t.core.plans.template(t.officer, summary.id);
      expect(t.core.plans.validate(p)).toEqual([]);
      expect(p.triggers.some((x) => x.kind === 'sensor')).toBe(true);
      expect(p.steps.length).toBeGreaterThanOrEqual(7);
    }
  });
});

describe('proposals', () => {
  it('a smoke alert over the threshold proposes the forest-fire plan and alarms the leader, once', async () => {
    const id = await t.core.events.report(t.officer, smoke(0.86));
    const proposals = await t.core.plans.proposals(t.leader);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({ eventId: id, templateName: '森林防灭火应急预案', trigger: { kind: 'sensor', sensorType: 'smoke' }, status: 'pending' });
    const alarm = (await t.core.alarms.list()).find((a) => a.kind === 'plan_proposed')!;
    expect(alarm).toMatchObject({ eventId: id, ackedAt: null, detail: { templateName: '森林防灭火应急预案' } });
    expect((await t.core.events.detail(t.officer, id)).sensor).toEqual({ type: 'smoke', value: 0.86, unit: '置信度' });
    expect((await t.core.plans.matchEvent(t.officer, id)).map((p) => p.kind)).toEqual(['forest_fire']);
  });

  it('a reading under the threshold, another sensor or an ordinary event proposes nothing', async () => {
    await t.core.events.report(t.officer, smoke(0.5));
    await t.core.events.report(t.officer, { ...smoke(0.9), sensor: { type: 'methane', value: 30 } });
    await t.core.events.report(t.officer, { title: '路面坑洼', categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
    expect(await t.core.plans.proposals(t.leader)).toEqual([]);
  });

  it('a reported forest fire (category trigger) proposes the plan too; dismissing settles its alarm', async () => {
    await t.core.events.report(t.officer, { title: '枫林村后山起火', categoryCode: 'FOREST-002', level: 'serious', source: 'phone' });
    const [p] = await t.core.plans.proposals(t.officer);
    expect(p!.trigger).toEqual({ kind: 'category', categoryCodes: ['FOREST-002'] });
    await t.core.plans.dismissProposal(t.officer, p!.id, '已核实为烧秸秆，无需启动');
    expect(await t.core.plans.proposals(t.officer)).toEqual([]);
    expect((await t.core.alarms.list()).find((a) => a.kind === 'plan_proposed')!.ackedAt).not.toBeNull();
    await refusedWith(t.core.plans.dismissProposal(t.officer, p!.id, undefined), 'already_decided');
  });
});

describe('one key starts the plan', () => {
  it('the leader starts from the proposal: every ready step dispatched at once to the acting holder of its post', async () => {
    t.clock.set(bj('2026-01-07', '10:00'));
    const eventId = await t.core.events.report(t.officer, smoke(0.91));
    const [proposal] = await t.core.plans.proposals(t.leader);
    const template = await t.core.plans.template(t.leader, proposal!.templateId);
    const before = await planState();
    await refusedWith(t.core.plans.start(t.officer, { templateId: template.id, proposalId: proposal!.id, drill: false }), 'forbidden');
    expect(await planState()).toBe(before);

    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, proposalId: proposal!.id, drill: false });
    const run = await t.core.plans.run(t.officer, runId);
    expect(run).toMatchObject({ status: 'running', drill: false, eventId, eventTitle: smoke(0).title, total: template.steps.length, done: 0 });
    const first = template.steps.filter((s) => s.after.length === 0).map((s) => s.id);
    expect(
      run.tasks
        .filter((x) => x.status === 'dispatched')
        .map((x) => x.stepId)
        .sort(),
    ).toEqual([...first].sort());
    expect(run.tasks.filter((x) => x.status === 'waiting')).toHaveLength(template.steps.length - first.length);
    for (const task of run.tasks.filter((x) => x.status === 'dispatched')) {
      const acting = t.core.town.holderAt(t.core.town.posts.get(task.postId)!, t.clock.now());
      expect(task.holderId).toBe(acting.personId);
      expect(task.holderPhone).toBe(t.core.town.people.get(acting.personId!)!.phone);
      expect(task.releasedAt).toBe(t.clock.now().toISOString());
      expect(Date.parse(task.dueAt!) - Date.parse(task.releasedAt!)).toBe(task.limitMinutes * 60_000);
    }
    // The proposal is settled, its alarm acknowledged; the run is synced as one upsert.
    expect(await t.core.plans.proposals(t.leader)).toEqual([]);
    expect((await t.core.alarms.list()).find((a) => a.kind === 'plan_proposed')!.ackedAt).not.toBeNull();
    const ops = await t.core.db.read((sql) => sql.all<{ kind: string; payload: string }>(`SELECT kind, payload FROM outbox WHERE entity = 'planRun' AND entity_id = ?`, [runId]));
    expect(ops).toHaveLength(1);
    expect(JSON.parse(ops[0]!.payload).tasks).toHaveLength(template.steps.length);
    // Issue #12: a second start from a started proposal lost the race, and says who won (was 'already_decided').
    await refusedWith(t.core.plans.start(t.leader, { templateId: template.id, proposalId: proposal!.id, drill: false }), 'superseded');
  });

  it('completing a step releases those waiting for it; late ones alarm once; the review shows the delay and who held it', async () => {
    t.clock.set(bj('2026-01-07', '10:00'));
    const template = await forestFire();
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    let run = await t.core.plans.run(t.leader, runId);
    const verify = run.tasks.find((x) => x.stepId === 'verify')!;
    const holder = { id: verify.holderId!, roles: t.core.town.people.get(verify.holderId!)!.roles };
    // Board staff act only on their own tasks.
    const other = run.tasks.find((x) => x.status === 'dispatched' && x.holderId !== verify.holderId)!;
    await refusedWith(t.core.plans.ackTask(holder, runId, other.id), 'not_post_holder');
    await t.core.plans.ackTask(holder, runId, verify.id);
    // The others acknowledge at once (by phone, through the desk).
    for (const x of run.tasks.filter((x) => x.status === 'dispatched' && x.id !== verify.id)) await t.core.plans.ackTask(t.officer, runId, x.id);
    expect((await t.core.plans.myTasks(holder)).map((x) => x.id)).toContain(verify.id);

    // 25 minutes: verify (15 min) is 10 minutes late; the sweep alarms once per clock.
    t.clock.set(bj('2026-01-07', '10:25'));
    expect(await t.core.plans.sweep()).toBeGreaterThan(0);
    expect(await t.core.plans.sweep()).toBe(0);
    const overdue = (await t.core.alarms.list()).filter((a) => a.kind === 'plan_task_overdue' && a.detail.taskId === verify.id);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.detail).toMatchObject({ clock: 'done', stepTitle: '核实火情', holderName: verify.holderName });
    await t.core.plans.completeTask(holder, runId, verify.id, '已核实：明火约200平方米');
    run = await t.core.plans.run(t.leader, runId);
    const released = run.tasks.filter((x) => x.after.includes('verify') && x.after.every((a) => a === 'verify'));
    expect(released.length).toBeGreaterThan(0);
    for (const r of released) expect(r).toMatchObject({ status: 'dispatched', releasedAt: t.clock.now().toISOString() });
    expect(run.tasks.find((x) => x.stepId === 'verify')).toMatchObject({ status: 'done', late: true, note: '已核实：明火约200平方米' });

    // Everything else on time: the run finishes by itself.
    for (let guard = 0; guard < 20; guard++) {
      run = await t.core.plans.run(t.leader, runId);
      const open = run.tasks.filter((x) => x.status === 'dispatched' || x.status === 'acknowledged');
      // patrol and muster were acknowledged at 10:00 and are due at 10:30: done in time.
      if (open.length === 0) break;
      for (const x of open) await t.core.plans.completeTask(t.officer, runId, x.id);
    }
    run = await t.core.plans.run(t.leader, runId);
    expect(run.status).toBe('finished');
    expect(run.done).toBe(run.total);
    await refusedWith(t.core.plans.completeTask(t.officer, runId, verify.id), 'plan_not_running');

    const review = await t.core.plans.review(t.leader, runId);
    expect(review.delays).toEqual([{ stepId: 'verify', title: '核实火情', kind: 'done', minutes: 10, holderName: verify.holderName, postName: verify.postName }]);
    const step = review.steps.find((s) => s.stepId === 'verify')!;
    expect(step).toMatchObject({ doneLateMinutes: 10, ackLateMinutes: 0, plannedStartAt: bj('2026-01-07', '10:00'), plannedDoneAt: bj('2026-01-07', '10:15') });
    expect(review.timeline.map((l) => l.kind)).toEqual(expect.arrayContaining(['started', 'released', 'acknowledged', 'overdue', 'completed', 'finished']));
    expect(review.durationMinutes).toBe(25);
    const pdf = await t.core.plans.reviewPdf(t.leader, runId);
    expect(Buffer.from(pdf.dataBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.fileName).toContain('森林防灭火应急预案');
  });

  it('the leader ends a run early; open tasks are cancelled; skipping needs the leader', async () => {
    const template = await forestFire();
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    const run = await t.core.plans.run(t.leader, runId);
    const task = run.tasks.find((x) => x.status === 'dispatched')!;
    await refusedWith(t.core.plans.skipTask(t.officer, runId, task.id, '不需要'), 'forbidden');
    await t.core.plans.skipTask(t.leader, runId, task.id, '现场已有力量');
    await t.core.plans.endRun(t.leader, runId, '误报，已核实为炊烟');
    const ended = await t.core.plans.run(t.leader, runId);
    expect(ended).toMatchObject({ status: 'ended', endReason: '误报，已核实为炊烟' });
    expect(ended.tasks.find((x) => x.id === task.id)!.status).toBe('skipped');
    expect(ended.tasks.filter((x) => x.status === 'cancelled').length).toBe(ended.total - 1);
    await refusedWith(t.core.plans.endRun(t.leader, runId, '再次'), 'plan_not_running');
  });

  it('while a run is open the update policy holds the restart back', async () => {
    const template = await forestFire();
    expect((await t.core.updates.activity()).runningPlans).toBe(0);
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    expect((await t.core.updates.activity()).runningPlans).toBe(1);
    await t.core.plans.endRun(t.leader, runId, '结束');
    expect((await t.core.updates.activity()).runningPlans).toBe(0);
  });
});

describe('a run across a shift change', () => {
  it('the handover lists the running plan; steps released after the change go to who acts then', async () => {
    // Wednesday 7 January 2026, 17:00: half an hour before the night shift.
    t.clock.set(bj('2026-01-07', '17:00'));
    const template = await forestFire();
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    const dayShift = january.days.find((d) => d.date === '2026-01-07')!.shifts.find((s) => s.templateCode === 'day')!;
    const handover = await t.core.handovers.generate(t.officer, dayShift.id);
    const item = handover.items.find((i) => i.kind === 'plan')!;
    expect(item.title).toContain('森林防灭火应急预案');
    expect(item.title).toContain(`0/${template.steps}`);

    // 18:00, night shift: verify is done; the steps after it go to the night's acting holders.
    t.clock.set(bj('2026-01-07', '18:00'));
    const verify = (await t.core.plans.run(t.leader, runId)).tasks.find((x) => x.stepId === 'verify')!;
    await t.core.plans.completeTask(t.officer, runId, verify.id);
    const run = await t.core.plans.run(t.leader, runId);
    const released = run.tasks.filter((x) => x.after.length === 1 && x.after[0] === 'verify');
    expect(released.length).toBeGreaterThan(1);
    const changedHands = released.filter((x) => {
      const post = t.core.town.posts.get(x.postId)!;
      const night = t.core.town.holderAt(post, t.clock.now());
      expect(x).toMatchObject({ status: 'dispatched', holderId: night.personId });
      return night.personId !== t.core.town.holderAt(post, new Date(bj('2026-01-07', '10:00'))).personId;
    });
    // Board posts keep office hours: at night their tasks go to the board's on-call person.
    expect(changedHands.length).toBeGreaterThan(0);
    expect(changedHands.every((x) => x.rule === 'on_call')).toBe(true);
  });
});

describe('drills', () => {
  it('run the same way, marked as drill, out of real figures, never on a real event', async () => {
    const template = await forestFire();
    const eventId = await t.core.events.report(t.officer, smoke(0.95));
    await refusedWith(t.core.plans.start(t.officer, { templateId: template.id, eventId, drill: true }), 'invalid');
    const { runId } = await t.core.plans.start(t.officer, { templateId: template.id, drill: true, scenario: '模拟：桐坞村后山发现烟点' });
    const { runId: realId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    expect(await t.core.plans.run(t.officer, runId)).toMatchObject({ drill: true, scenario: '模拟：桐坞村后山发现烟点', eventId: null });
    expect((await t.core.plans.runs(t.officer, { activeOnly: true, includeDrills: false })).map((r) => r.id)).toEqual([realId]);
    expect((await t.core.plans.wallPlans(t.wall)).map((r) => [r.id, r.drill])).toEqual([
      [realId, false],
      [runId, true],
    ]);
    t.clock.advance(60 * 60_000);
    await t.core.plans.sweep();
    const drillAlarm = (await t.core.alarms.list()).find((a) => a.kind === 'plan_task_overdue' && a.detail.runId === runId)!;
    expect(drillAlarm.detail.runName).toMatch(/^【演练】/);
    expect((await t.core.plans.review(t.officer, runId)).run.drill).toBe(true);
  });
});

describe('templates', () => {
  const body = (over: Partial<PlanTemplateBody> = {}): PlanTemplateBody => ({
    name: '城镇内涝排水预案',
    kind: 'flood',
    description: '',
    triggers: [{ kind: 'manual' }],
    contacts: [],
    steps: [
      { id: 'pump', title: '排涝泵车到位', postId: t.core.town.postsByCode.get('ECON-BUILD')!.id, ackMinutes: 5, limitMinutes: 30, after: [], checklist: [] },
      { id: 'close', title: '封闭下穿通道', postId: t.core.town.postsByCode.get('JOINT-TRAFFIC')!.id, ackMinutes: 5, limitMinutes: 20, after: ['pump'], checklist: [] },
    ],
    ...over,
  });

  it('the leader saves a plan; a new version on each save', async () => {
    const { id, version } = await t.core.plans.saveTemplate(t.leader, { template: body() });
    expect(version).toBe(1);
    const again = await t.core.plans.saveTemplate(t.leader, { templateId: id, template: body({ description: '改' }) });
    expect(again).toEqual({ id, version: 2 });
    expect((await t.core.plans.template(t.officer, id)).description).toBe('改');
  });

  it('an invalid plan (no post, a cycle, a zero limit) is refused with the count and nothing changes', async () => {
    const before = await planState();
    const steps = body().steps;
    const bad = body({
      steps: [
        { ...steps[0]!, postId: '', after: ['close'] },
        { ...steps[1]!, limitMinutes: 0 },
      ],
    });
    const error = await refusedWith(t.core.plans.saveTemplate(t.leader, { template: bad }), 'invalid_plan');
    expect(error.params).toEqual({ count: 3, first: 'no_post' });
    expect(t.core.plans.validate(bad).map((i) => i.code)).toEqual(['no_post', 'zero_limit', 'cycle']);
    await refusedWith(t.core.plans.saveTemplate(t.officer, { template: body() }), 'forbidden');
    expect(await planState()).toBe(before);
  });

  it('an archived plan proposes nothing and cannot be started', async () => {
    const template = await forestFire();
    await t.core.plans.archiveTemplate(t.admin, template.id);
    await t.core.events.report(t.officer, smoke(0.99));
    expect(await t.core.plans.proposals(t.leader)).toEqual([]);
    await refusedWith(t.core.plans.start(t.leader, { templateId: template.id, drill: false }), 'invalid');
  });
});
