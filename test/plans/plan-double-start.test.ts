/**
 * Issue #12, "the double Enter": Enter pressed twice on a plan proposal starts the plan once.
 * (a) Two `plans:start` calls carrying the same client command id (what the console sends for one
 *     keypress, retried or repeated) get the same run back; one run, one outbox op.
 * (b) A start without a command id from a proposal that was already started is refused with
 *     `superseded`, naming who started it and when (Beijing HH:mm), and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Session } from '../../main/ipc/handlers';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import type { Result } from '../../preload/contract/api';
import type { PlanProposal } from '../../preload/contract/plan-schemas';
import { makeCore, type TestCore } from '../support/core';
import { refusedWith } from '../support/refused';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore(); // Monday 09:00 Beijing
});
afterEach(async () => {
  await t.close();
});

async function signIn(username: string): Promise<Session> {
  const session: Session = { actor: null };
  expect((await callApi(t.core, session, 'session:login', { username, password: DEMO_PASSWORD })).ok).toBe(true);
  return session;
}

const smoke = {
  title: '森林烟火监测预警：溪口村山林疑似烟点',
  categoryCode: 'FOREST-001',
  level: 'major' as const,
  source: 'sensor' as const,
  gridCode: 'G05',
  sensor: { type: 'smoke', value: 0.93, unit: '置信度' },
};

async function proposed(): Promise<PlanProposal> {
  await t.core.events.report(t.officer, smoke);
  const [proposal] = await t.core.plans.proposals(t.leader);
  expect(proposal).toBeDefined();
  return proposal!;
}

const planRows = () =>
  t.core.db.read(async (sql) => ({
    runs: (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM plan_run`))!.n,
    ops: (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'planRun'`))!.n,
  }));

const state = () =>
  t.core.db.read(async (sql) =>
    JSON.stringify(
      await Promise.all(['plan_proposal', 'plan_run', 'plan_task', 'plan_log', 'alarm', 'outbox', 'audit_log'].map((x) => sql.all(`SELECT * FROM ${x} ORDER BY rowid`))),
    ),
  );

describe('the double Enter on a plan proposal', () => {
  it('the same command id twice (one after the other, or at once) starts one run and returns it both times', async () => {
    const leader = await signIn('lihua');
    const proposal = await proposed();
    const request = { templateId: proposal.templateId, proposalId: proposal.id, drill: false, commandId: randomUUID() };
    const first = (await callApi(t.core, leader, 'plans:start', request, { checkResponses: true })) as Result<{ runId: string }>;
    const again = (await callApi(t.core, leader, 'plans:start', request, { checkResponses: true })) as Result<{ runId: string }>;
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.data.runId).toBe(first.data.runId);
    expect(await planRows()).toEqual({ runs: 1, ops: 1 });

    // Two presses that arrive together: the second waits for the first's commit and replays it.
    const other = await proposed2();
    const both = { templateId: other.templateId, proposalId: other.id, drill: false, commandId: randomUUID() };
    const [x, y] = (await Promise.all([callApi(t.core, leader, 'plans:start', both), callApi(t.core, leader, 'plans:start', both)])) as Result<{ runId: string }>[];
    expect(x!.ok && y!.ok).toBe(true);
    if (!x!.ok || !y!.ok) return;
    expect(y!.data.runId).toBe(x!.data.runId);
    expect(await planRows()).toEqual({ runs: 2, ops: 2 });
  });

  it('without a command id, a start from a proposal someone already started is refused with who and when', async () => {
    const leader = await signIn('lihua');
    const proposal = await proposed();
    t.clock.advance(3 * 60_000); // 09:03 Beijing
    const request = { templateId: proposal.templateId, proposalId: proposal.id, drill: false };
    const first = await callApi(t.core, leader, 'plans:start', request);
    expect(first.ok).toBe(true);
    t.clock.advance(60_000);
    const before = await state();
    const name = t.core.town.people.get(t.leader.id)!.name;

    const again = await callApi(t.core, leader, 'plans:start', request);
    expect(again).toMatchObject({ ok: false, error: { code: 'superseded', params: { by: name, at: '09:03', action: 'plan_start' } } });
    const direct = await refusedWith(t.core.plans.start(t.leader, request), 'superseded');
    expect(direct.params).toEqual({ by: name, at: '09:03', action: 'plan_start' });
    expect(await state()).toBe(before);
    expect(await planRows()).toEqual({ runs: 1, ops: 1 });
  });
});

/** A second proposal: another smoke alert in another grid (a new event, so a new proposal). */
async function proposed2(): Promise<PlanProposal> {
  const before = new Set((await t.core.plans.proposals(t.leader)).map((p) => p.id));
  await t.core.events.report(t.officer, { ...smoke, gridCode: 'G02', title: '森林烟火监测预警：另一处' });
  const fresh = (await t.core.plans.proposals(t.leader)).find((p) => !before.has(p.id));
  expect(fresh).toBeDefined();
  return fresh!;
}
