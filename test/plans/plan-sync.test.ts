/**
 * Plans and the district, over real HTTP with the reference district server: a `planTemplate`
 * upsert from the district becomes a read-only plan on the console (an invalid one changes
 * nothing); a run reaches the district as `planRun` upserts; a sensor alert the district assigns to
 * the town proposes the plan on the console like a local one. The console is the sample town 白鹭镇
 * (test/sync/harness.ts), which has no plans of its own: the plan the district's alert proposes is
 * saved in the test.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanTemplateBody } from '../../preload/contract/plan-schemas';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import type { Actor } from '../../main/core/kernel/actor';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { sampleTown } from '../support/sample-town-core';
import { NODE_A, NODE_D, syncingCore, TOKENS, TOWN } from '../sync/harness';

let dir: string;
let server: DistrictServer;
let core: Core;
let seq = 0;
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  seq = 0;
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-plan-sync-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
  core = await syncingCore({ dir, name: 'a', nodeId: NODE_A, token: 'tok-a', upstream: server.url, clock });
});
afterEach(async () => {
  await core.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const officer = (): Actor => sampleTown(core).officer;
const leader = (): Actor => sampleTown(core).leader;
/** The item a sensor alert of the type goes to. */
const sensorItem = (type: string): string => sampleTown(core).sensorItemCodes[type]!;
/** The town's n-th post (in code order). */
const postId = (n: number): string => sampleTown(core).posts[n]!.id;

async function districtPush(op: { entity: string; entityId: string; kind: 'upsert' | 'action'; action?: string; payload: Record<string, unknown> }): Promise<string> {
  seq += 1;
  const body = {
    nodeId: NODE_D,
    ops: [{ opId: randomUUID(), nodeId: NODE_D, seq, hlc: `${clock.now().toISOString()}-${String(seq).padStart(4, '0')}-${NODE_D}`, at: clock.now().toISOString(), ...op }],
  };
  const res = await fetch(`${server.url}/v1/towns/${TOWN}/ops`, {
    method: 'POST',
    headers: { Authorization: 'Bearer tok-d', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { status: string }[] }).results[0]!.status;
}

const districtPlan = (over: Partial<PlanTemplateBody> = {}): PlanTemplateBody => ({
  name: '区级危化品泄漏处置预案',
  kind: 'other',
  description: '区应急管理局下发',
  triggers: [{ kind: 'sensor', sensorType: 'methane', threshold: 25, categoryCodes: [sensorItem('methane')] }],
  steps: [
    { id: 'evacuate', title: '疏散周边群众', postId: postId(0), ackMinutes: 5, limitMinutes: 30, after: [], checklist: ['划定疏散范围'] },
    { id: 'seal', title: '关阀堵漏', postId: postId(1), ackMinutes: 5, limitMinutes: 30, after: [], checklist: [] },
  ],
  contacts: [{ name: '区应急管理局', role: '区级指挥', phone: '0571-88600112' }],
  ...over,
});

describe('plans and the district', () => {
  it('a template from the district arrives read-only; an invalid one changes nothing', async () => {
    const id = randomUUID();
    expect(await districtPush({ entity: 'planTemplate', entityId: id, kind: 'upsert', payload: districtPlan() })).toBe('applied');
    const bad = randomUUID();
    expect(await districtPush({ entity: 'planTemplate', entityId: bad, kind: 'upsert', payload: districtPlan({ steps: [{ ...districtPlan().steps[0]!, postId: '' }] }) })).toBe(
      'applied',
    );
    await core.sync!.syncOnce();
    const list = await core.plans.templates(leader());
    expect(list.find((p) => p.id === id)).toMatchObject({ source: 'district', name: '区级危化品泄漏处置预案', steps: 2 });
    expect(list.find((p) => p.id === bad)).toBeUndefined();
    const error = await core.plans.saveTemplate(leader(), { templateId: id, template: districtPlan({ name: '改名' }) }).catch((e: { code: string }) => e);
    expect(error).toMatchObject({ code: 'plan_read_only' });

    // Its trigger works at once: a methane reading over 25 %LEL proposes it.
    await core.events.report(officer(), {
      title: '燃气泄漏报警',
      categoryCode: sensorItem('methane'),
      level: 'serious',
      source: 'sensor',
      sensor: { type: 'methane', value: 31.5, unit: '%LEL' },
    });
    expect((await core.plans.proposals(leader())).map((p) => p.templateId)).toEqual([id]);
  });

  it('a run reaches the district as planRun upserts; a sensor alert the district assigns proposes the plan here', async () => {
    // The town's own forest-fire plan (as the demo town ships one): smoke over 0.7 proposes it.
    await core.plans.saveTemplate(leader(), {
      template: {
        name: '森林防灭火应急预案',
        kind: 'forest_fire',
        description: '前端感知设备识别到山林烟点后启动：先核实、再集结，核实后向区里报告。',
        triggers: [{ kind: 'sensor', sensorType: 'smoke', threshold: 0.7, categoryCodes: [sensorItem('smoke')] }, { kind: 'manual' }],
        steps: [
          { id: 'verify', title: '核实火情', postId: postId(0), ackMinutes: 3, limitMinutes: 15, after: [], checklist: ['调取视频监控复核烟点位置'] },
          { id: 'muster', title: '扑火队伍集结待命', postId: postId(1), ackMinutes: 5, limitMinutes: 30, after: [], checklist: [] },
          { id: 'report-district', title: '向区森林防灭火指挥部报告', postId: postId(0), ackMinutes: 5, limitMinutes: 20, after: ['verify'], checklist: [] },
        ],
        contacts: [],
      },
    });
    const eventId = randomUUID();
    expect(
      await districtPush({
        entity: 'event',
        entityId: eventId,
        kind: 'action',
        action: 'assign_to_town',
        payload: {
          title: '区平台转办：森林烟火监测预警',
          categoryCode: sensorItem('smoke'),
          level: 'major',
          source: 'district',
          reportedAt: clock.now().toISOString(),
          sensor: { type: 'smoke', value: 0.93 },
        },
      }),
    ).toBe('applied');
    await core.sync!.syncOnce();
    const [proposal] = await core.plans.proposals(leader());
    expect(proposal).toMatchObject({ eventId, templateName: '森林防灭火应急预案' });
    const { runId } = await core.plans.start(leader(), { templateId: proposal!.templateId, proposalId: proposal!.id, drill: false });
    const run = await core.plans.run(leader(), runId);
    await core.plans.completeTask(officer(), runId, run.tasks.find((x) => x.status === 'dispatched')!.id);
    await core.sync!.syncOnce();
    expect(await core.sync!.status()).toMatchObject({ pending: 0, rejected: 0, quarantined: 0 });
    const res = await fetch(`${server.url}/v1/towns/${TOWN}/snapshot`, { headers: { Authorization: 'Bearer tok-d' } });
    const snapshot = (await res.json()) as { entities: { entity: string; entityId: string; version: number; payload: { status: string; tasks: { status: string }[] } }[] };
    const record = snapshot.entities.find((e) => e.entity === 'planRun' && e.entityId === runId)!;
    expect(record.version).toBe(2);
    expect(record.payload.status).toBe('running');
    expect(record.payload.tasks.filter((x) => x.status === 'done')).toHaveLength(1);
  });
});
