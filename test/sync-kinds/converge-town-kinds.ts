/**
 * The convergence tests' scenarios (converge-kinds.ts says what a scenario is) for people, posts with
 * their A/B holders, grids, wall layouts and plan runs, made through the product's services as the
 * 系统设置, 大屏布局 and 预案执行 pages make them.
 */
import { expect } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { PlanRun } from '../../preload/contract/plan-schemas';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { sampleTown } from '../support/sample-town-core';
import { square } from '../town-admin/own-town';
import { inTurn, later, oneEach, type KindScenario } from './converge-kinds';

const byKey =
  <T>(key: (x: T) => string) =>
  (x: T, y: T): number =>
    key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0;

// ---- people --------------------------------------------------------------------------------------

function people(): KindScenario {
  const ids: string[] = [];
  const add = async (core: Core, name: string, phone: string): Promise<void> => {
    ids.push((await core.townAdmin.addPerson(sampleTown(core).admin, { name, phone, roles: ['board_staff'], boardCode: 'safety', username: null })).personId);
  };
  return {
    online: oneEach((core, side) => add(core, ['冯志远', '蒋涛'][side]!, `1370000000${side + 1}`)),
    async cutMidPush(b, c) {
      later(c);
      await b.townAdmin.editPerson(sampleTown(b).admin, { personId: ids[0]!, name: '冯志远', phone: '13700000009', roles: ['board_staff', 'officer'], boardCode: 'safety' });
    },
    whileCut: inTurn(
      (a) => a.townAdmin.editPerson(sampleTown(a).admin, { personId: ids[1]!, name: '蒋涛（甲改）', phone: '13700000002', roles: ['board_staff'], boardCode: 'economy' }),
      (b) => add(b, '韩梅', '13700000003'),
    ),
    async seen(core) {
      const list = await core.townAdmin.people(sampleTown(core).admin);
      return list.map((p) => ({ id: p.id, name: p.name, phone: p.phone, roles: p.roles, boardCode: p.boardCode, active: p.active })).sort(byKey((p) => p.id));
    },
    check(seen) {
      const mine = (seen as { id: string; name: string; phone: string; roles: string[]; boardCode: string }[]).filter((p) => ids.includes(p.id));
      expect(mine.map((p) => [p.name, p.phone, p.roles, p.boardCode]).sort()).toEqual(
        [
          ['冯志远', '13700000009', ['board_staff', 'officer'], 'safety'],
          ['蒋涛（甲改）', '13700000002', ['board_staff'], 'economy'],
          ['韩梅', '13700000003', ['board_staff'], 'safety'],
        ].sort(),
      );
    },
  };
}

// ---- posts with their A/B holders ----------------------------------------------------------------

function posts(): KindScenario {
  const made: string[] = [];
  let held = '';
  const add = async (core: Core, code: string, name: string): Promise<void> => {
    const town = sampleTown(core);
    const { postId } = await core.townAdmin.addPost(town.admin, {
      code,
      name,
      boardCode: 'safety',
      kind: 'board_post',
      phone: '027-1',
      aPersonId: town.officers[0]!.id,
      bPersonId: null,
    });
    made.push(postId);
  };
  const edit = async (core: Core, postId: string, change: { name?: string; aPersonId?: string; bPersonId?: string | null }): Promise<void> => {
    const p = core.town.posts.get(postId)!;
    const fields = { code: p.code, name: p.name, boardCode: p.boardCode, kind: p.kind as 'board_post', phone: p.phone, aPersonId: p.aPersonId!, bPersonId: p.bPersonId };
    await core.townAdmin.editPost(sampleTown(core).admin, { postId, ...fields, ...change });
  };
  return {
    async online(a, b, c) {
      held = sampleTown(a).heldPost.post.id;
      await add(a, 'HL-01', '河流巡查岗');
      await c.settle();
      later(c);
      // Console 2 swaps an existing post's A and B holders.
      const p = b.town.posts.get(held)!;
      await edit(b, held, { aPersonId: p.bPersonId!, bPersonId: p.aPersonId });
    },
    async cutMidPush(b, c) {
      later(c);
      await edit(b, made[0]!, { bPersonId: sampleTown(b).officers[1]!.id });
    },
    whileCut: inTurn(
      (a) => edit(a, held, { name: `${a.town.posts.get(held)!.name}（甲改）` }),
      (b) => add(b, 'HL-02', '水库巡查岗'),
    ),
    async seen(core) {
      const list = await core.townAdmin.posts(sampleTown(core).admin);
      return list.map((p) => ({ id: p.id, code: p.code, name: p.name, aPersonId: p.aPersonId, bPersonId: p.bPersonId, active: p.active })).sort(byKey((p) => p.id));
    },
    check(seen) {
      const list = seen as { id: string; code: string; name: string; aPersonId: string | null; bPersonId: string | null }[];
      const hl01 = list.find((p) => p.code === 'HL-01')!;
      expect(hl01.bPersonId).not.toBeNull();
      expect(list.map((p) => p.code)).toContain('HL-02');
      const swapped = list.find((p) => p.id === held)!;
      expect(swapped.name).toMatch(/（甲改）$/);
      expect(swapped.aPersonId).not.toBeNull();
      expect(swapped.bPersonId).not.toBeNull();
    },
  };
}

// ---- grids ---------------------------------------------------------------------------------------

function grids(): KindScenario {
  const fields = (name: string, households: number) => ({ name, village: '白鹭社区', villageCode: '330110105201', households, gridWorkerId: null });
  return {
    online: oneEach((core, side) =>
      core.townAdmin.addGrid(sampleTown(core).admin, {
        code: ['BL-GA', 'BL-GB'][side]!,
        ...fields(['甲方新网格', '乙方新网格'][side]!, [120, 80][side]!),
        geometry: JSON.stringify(square(120.1 + side / 10, 30.2)),
      }),
    ),
    async cutMidPush(b, c) {
      later(c);
      await b.townAdmin.editGrid(sampleTown(b).admin, { code: 'BL-GA', ...fields('甲方新网格', 450) });
    },
    whileCut: inTurn(
      (a) => a.townAdmin.editGrid(sampleTown(a).admin, { code: 'BL-GB', ...fields('乙方新网格（甲改名）', 80) }),
      (b) => b.townAdmin.setGridActive(sampleTown(b).admin, 'BL-GA', false),
    ),
    async seen(core) {
      const list = await core.townAdmin.grids(sampleTown(core).admin);
      return list.map((g) => ({ code: g.code, name: g.name, households: g.households, active: g.active })).sort(byKey((g) => g.code));
    },
    check(seen) {
      const list = seen as { code: string }[];
      expect(list.filter((g) => ['BL-GA', 'BL-GB'].includes(g.code))).toEqual([
        { code: 'BL-GA', name: '甲方新网格', households: 450, active: false },
        { code: 'BL-GB', name: '乙方新网格（甲改名）', households: 80, active: true },
      ]);
    },
  };
}

// ---- wall layouts --------------------------------------------------------------------------------

function wallLayouts(): KindScenario {
  const ids: string[] = [];
  const save = async (core: Core, name: string, columns: number, rows: number): Promise<void> => {
    ids.push((await core.wall.save(sampleTown(core).leader, { name, definition: templateLayout(columns, rows) })).id);
  };
  return {
    online: oneEach((core, side) => (side === 0 ? save(core, '指挥大厅 3×2', 3, 2) : save(core, '值班室 2×1', 2, 1))),
    async cutMidPush(b, c) {
      later(c);
      const leader = sampleTown(b).leader;
      const l1 = await b.wall.get(leader, ids[0]!);
      await b.wall.save(leader, { layoutId: ids[0]!, name: '指挥大厅（乙改浅色）', definition: { ...l1.definition, theme: 'light' }, baseVersion: l1.version });
    },
    whileCut: inTurn(
      (a) => a.wall.remove(sampleTown(a).leader, ids[1]!),
      (b) => save(b, '应急会商 4×2', 4, 2),
    ),
    async seen(core) {
      const leader = sampleTown(core).leader;
      const list = await core.wall.list(leader);
      return Promise.all(list.map(async (l) => ({ id: l.id, name: l.name, definition: (await core.wall.get(leader, l.id)).definition }))).then((xs) => xs.sort(byKey((x) => x.id)));
    },
    check(seen) {
      const list = seen as { name: string; definition: { theme: string } }[];
      expect(list.map((l) => l.name).sort()).toEqual(['应急会商 4×2', '指挥大厅（乙改浅色）'].sort());
      expect(list.find((l) => l.name === '指挥大厅（乙改浅色）')!.definition.theme).toBe('light');
    },
  };
}

// ---- plan runs -----------------------------------------------------------------------------------

function planRuns(): KindScenario {
  let runId = '';
  const task = (r: PlanRun, stepId: string) => r.tasks.find((x) => x.stepId === stepId)!;
  const run = (core: Core): Promise<PlanRun> => core.plans.run(sampleTown(core).leader, runId);
  const taskId = async (core: Core, stepId: string): Promise<string> => task(await run(core), stepId).id;
  return {
    async online(a, b, c) {
      const leader = sampleTown(a).leader;
      const posts = sampleTown(a).posts;
      const { id } = await a.plans.saveTemplate(leader, {
        template: {
          name: '白鹭溪防汛应急预案',
          kind: 'flood',
          description: '白鹭溪水位超警戒时启动',
          triggers: [{ kind: 'manual' }],
          steps: [
            { id: 'dam', title: '巡查白鹭溪堤防', postId: posts[0]!.id, ackMinutes: 5, limitMinutes: 30, after: [], checklist: ['查看堤身渗水'] },
            { id: 'pump', title: '启动排涝泵站', postId: posts[1]!.id, ackMinutes: 3, limitMinutes: 20, after: [], checklist: [] },
            { id: 'evacuate', title: '转移低洼处群众', postId: posts[0]!.id, ackMinutes: 5, limitMinutes: 60, after: ['dam', 'pump'], checklist: ['核对名单'] },
          ],
          contacts: [{ name: '区防汛办', role: '区级指挥', phone: '0571-88600113' }],
        },
      });
      runId = (await a.plans.start(leader, { templateId: id, drill: false })).runId;
      await c.settle();
      later(c);
      await b.plans.ackTask(sampleTown(b).officer, runId, await taskId(b, 'dam'), '乙：已出发');
    },
    async cutMidPush(b, c) {
      later(c);
      await b.plans.completeTask(sampleTown(b).officer, runId, await taskId(b, 'pump'), '乙：泵站已启动');
    },
    async whileCut(a, b, c) {
      later(c);
      await a.plans.completeTask(sampleTown(a).officer, runId, await taskId(a, 'dam'), '甲：堤防无渗水');
      later(c);
      const dam = task(await run(b), 'dam');
      if (dam.status !== 'done') await b.plans.completeTask(sampleTown(b).officer, runId, dam.id, '乙：堤防巡查完毕');
    },
    async seen(core) {
      const r = await run(core);
      return {
        status: r.status,
        tasks: r.tasks.map((x) => ({ stepId: x.stepId, status: x.status, holderId: x.holderId, releasedAt: x.releasedAt, doneAt: x.doneAt, note: x.note })),
      };
    },
    check(seen) {
      const s = seen as { status: string; tasks: { stepId: string; status: string; note: string | null }[] };
      expect(s.status).toBe('running');
      expect(s.tasks.map((x) => [x.stepId, x.status])).toEqual([
        ['dam', 'done'],
        ['pump', 'done'],
        ['evacuate', 'dispatched'],
      ]);
      expect(s.tasks.find((x) => x.stepId === 'pump')!.note).toBe('乙：泵站已启动');
    },
  };
}

export const TOWN_KIND_SCENARIOS: Readonly<Record<string, () => KindScenario>> = {
  '人员 (people)': people,
  '岗位与 A/B 角 (posts with their holders)': posts,
  '网格 (grids)': grids,
  '大屏布局 (wall layouts)': wallLayouts,
  '预案执行 (plan runs)': planRuns,
};
