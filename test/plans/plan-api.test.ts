/**
 * The plan channels through callApi (both front doors use it): every channel walked as the console
 * would, each response checked against its schema; hostile and malformed requests refused with a
 * clear error before core sees them, changing nothing; roles enforced; the wall sees only its panel.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Session } from '../../main/ipc/handlers';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { CHANNELS, type Channel, type Result } from '../../preload/contract/api';
import type { PlanRun, PlanTemplate, PlanTemplateSummary } from '../../preload/contract/plan-schemas';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

async function signIn(username: string): Promise<Session> {
  const session: Session = { actor: null };
  expect((await callApi(t.core, session, 'session:login', { username, password: DEMO_PASSWORD })).ok).toBe(true);
  return session;
}

const called = new Set<string>();
async function call<T = unknown>(session: Session, channel: Channel, request: unknown = {}): Promise<T> {
  called.add(channel);
  const r = (await callApi(t.core, session, channel, request, { checkResponses: true })) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

async function refused(session: Session, channel: Channel, request: unknown): Promise<string> {
  const r = await callApi(t.core, session, channel, request);
  expect(r.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
  return r.ok ? '' : r.error.code;
}

const state = () =>
  t.core.db.read(async (sql) =>
    JSON.stringify(await Promise.all(['plan_template', 'plan_proposal', 'plan_run', 'plan_task', 'plan_log', 'outbox'].map((x) => sql.all(`SELECT * FROM ${x}`)))),
  );

describe('plans over the API', () => {
  it('every plan channel answers in its schema, walked as the console would', async () => {
    const leader = await signIn('lihua');
    const officer = await signIn('zhangwei');
    const list = await call<PlanTemplateSummary[]>(officer, 'plans:templates');
    const fire = await call<PlanTemplate>(officer, 'plans:template', { templateId: list.find((p) => p.kind === 'forest_fire')!.id });
    const { id: _id, version: _v, source: _s, updatedAt: _u, updatedBy: _b, archived: _a, ...body } = fire;
    expect(await call(leader, 'plans:validate', { template: body })).toEqual({ issues: [] });
    const saved = await call<{ id: string }>(leader, 'plans:saveTemplate', { template: { ...body, name: '森林防灭火（夜间）' } });
    await call(leader, 'plans:archiveTemplate', { templateId: saved.id });
    const { eventId } = await call<{ eventId: string }>(officer, 'events:report', {
      title: '森林烟火监测预警',
      categoryCode: 'FOREST-001',
      level: 'major',
      source: 'sensor',
      sensor: { type: 'smoke', value: 0.9, unit: '置信度' },
    });
    expect((await call<PlanTemplateSummary[]>(officer, 'plans:matchEvent', { eventId })).map((p) => p.id)).toEqual([fire.id]);
    const [proposal] = await call<{ id: string }[]>(officer, 'plans:proposals');
    const { runId } = await call<{ runId: string }>(leader, 'plans:start', { templateId: fire.id, proposalId: proposal!.id, drill: false });
    const run = await call<PlanRun>(officer, 'plans:run', { runId });
    const [a, b, c] = run.tasks.filter((x) => x.status === 'dispatched');
    await call(officer, 'plans:ackTask', { runId, taskId: a!.id, note: '电话确认' });
    await call(officer, 'plans:completeTask', { runId, taskId: a!.id });
    await call(leader, 'plans:skipTask', { runId, taskId: b!.id, reason: '不需要' });
    expect(c).toBeDefined();
    await call(officer, 'plans:runs', { activeOnly: false, includeDrills: true });
    await call(officer, 'plans:myTasks');
    const drill = await call<{ runId: string }>(officer, 'plans:start', { templateId: fire.id, drill: true, scenario: '演练' });
    await call(leader, 'plans:endRun', { runId: drill.runId, reason: '演练结束' });
    await call(officer, 'plans:review', { runId });
    expect((await call<{ dataBase64: string }>(officer, 'plans:reviewPdf', { runId: drill.runId })).dataBase64.length).toBeGreaterThan(1000);
    await call(officer, 'plans:dismissProposal', { proposalId: proposal!.id }).catch((e: Error) => expect(e.message).toContain('already_decided'));
    const wall = await signIn('wall');
    expect((await call<unknown[]>(wall, 'wall:plans')).length).toBe(1);
    const planChannels = CHANNELS.filter((c) => c.startsWith('plans:') || c === 'wall:plans');
    expect(planChannels.filter((c) => !called.has(c))).toEqual([]);
  });

  it('malformed and hostile requests are refused before core sees them and change nothing', async () => {
    const leader = await signIn('lihua');
    const [fire] = await call<PlanTemplateSummary[]>(leader, 'plans:templates');
    const before = await state();
    const bad: [Channel, unknown][] = [
      ['plans:start', { templateId: fire!.id }],
      ['plans:start', { templateId: 42, drill: false }],
      ['plans:start', { templateId: fire!.id, drill: 'yes' }],
      ['plans:start', { templateId: fire!.id, drill: false, extra: 1 }],
      ['plans:start', null],
      ['plans:start', []],
      ['plans:saveTemplate', { template: { name: 'x' } }],
      ['plans:saveTemplate', { template: { name: 'x', kind: 'war', description: '', triggers: [], steps: [], contacts: [] } }],
      [
        'plans:saveTemplate',
        { template: { name: 'x', kind: 'other', description: '', triggers: [{ kind: 'sensor', sensorType: 'smoke', threshold: 'high' }], steps: [], contacts: [] } },
      ],
      [
        'plans:saveTemplate',
        {
          template: {
            name: 'x',
            kind: 'other',
            description: '',
            triggers: [],
            steps: [{ id: 'a', title: 'a', postId: 'p', ackMinutes: -1, limitMinutes: 1, after: [], checklist: [] }],
            contacts: [],
          },
        },
      ],
      ['plans:saveTemplate', { template: { name: 'x'.repeat(10_000), kind: 'other', description: '', triggers: [], steps: [], contacts: [] } }],
      ['plans:completeTask', { runId: '', taskId: 'x' }],
      ['plans:skipTask', { runId: 'r', taskId: 't', reason: '' }],
      ['plans:endRun', { runId: 'r' }],
      ['plans:run', { runId: { $gt: '' } }],
      ['plans:runs', { activeOnly: true, includeDrills: true, limit: 1e9 }],
    ];
    for (const [channel, request] of bad) expect(await refused(leader, channel, request)).toBe('bad_request');
    expect(await refused(leader, 'plans:run', { runId: 'no-such-run' })).toBe('not_found');
    expect(await state()).toBe(before);
  });

  it('roles: an officer cannot start a real plan or edit plans; the wall reads only its panel; nobody signed out reads anything', async () => {
    const officer = await signIn('zhangwei');
    const wall = await signIn('wall');
    const [fire] = await call<PlanTemplateSummary[]>(officer, 'plans:templates');
    const before = await state();
    expect(await refused(officer, 'plans:start', { templateId: fire!.id, drill: false })).toBe('forbidden');
    expect(await refused(officer, 'plans:archiveTemplate', { templateId: fire!.id })).toBe('forbidden');
    expect(await refused(wall, 'plans:templates', {})).toBe('forbidden');
    expect(await refused(wall, 'plans:start', { templateId: fire!.id, drill: true })).toBe('forbidden');
    expect(await refused({ actor: null }, 'plans:runs', { activeOnly: true, includeDrills: true })).toBe('unauthenticated');
    expect(await state()).toBe(before);
  });
});
