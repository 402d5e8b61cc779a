/**
 * What the convergence tests (converge.test.ts) do with each record kind, through the product's
 * services as a page would: changes on both consoles while both are online, a change of console 2
 * whose push reaches the district as its network is cut, changes on both while it is cut off, and what
 * people see of the kind afterwards (read through the kind's service), with the marks every change must
 * have left there. This file: events, absences, rosters and shifts, the duty log, handovers and the
 * district's catalogue; converge-town-kinds.ts: people, posts with A/B holders, grids, wall layouts and
 * plan runs.
 *
 * A scenario run with console 1 on both sides (`a`, `a`) makes the same mix on one console: the
 * kill-mid-pull test's data.
 */
import { expect } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import type { ManualClock } from '../../main/core/kernel/clock';
import type { RosterView } from '../../preload/contract/roster-schemas';
import { bj } from '../roster/helpers';
import { SAMPLE_PASSWORD, sampleTown } from '../support/sample-town-core';

export interface ScenarioContext {
  readonly clock: ManualClock;
  /** Waits until both consoles and the district agree (a no-op when one console plays both sides). */
  settle(): Promise<void>;
  /** Upserts pushed by the district itself. */
  district(ops: readonly { entity: string; entityId: string; payload: Record<string, unknown> }[]): Promise<unknown>;
}

export interface KindScenario {
  /** Both consoles' changes while both are online (console 1 first). */
  online(a: Core, b: Core, c: ScenarioContext): Promise<void>;
  /** Console 2's change whose push the district applies as console 2's network is cut. */
  cutMidPush(b: Core, c: ScenarioContext): Promise<void>;
  /** Changes on both while console 2 is cut off: console 1's reach the district, console 2's wait. */
  whileCut(a: Core, b: Core, c: ScenarioContext): Promise<void>;
  /** What people see of the kind on a console, read through the kind's service. */
  seen(core: Core): Promise<unknown>;
  /** Every change made is in what people see (called with console 1's and console 2's `seen`). */
  check(seen: unknown): void;
}

export const later = (c: ScenarioContext, ms = 60_000): void => void c.clock.advance(ms);

/** An `online` step that makes one change on each console (console 1 first) and waits for them to agree. */
export const oneEach =
  (make: (core: Core, side: 0 | 1) => Promise<unknown>) =>
  async (a: Core, b: Core, c: ScenarioContext): Promise<void> => {
    await make(a, 0);
    await make(b, 1);
    await c.settle();
  };

/** A `whileCut` step: a change on console 1, then a later one on console 2. */
export const inTurn =
  (first: (a: Core) => Promise<unknown>, second: (b: Core) => Promise<unknown>) =>
  async (a: Core, b: Core, c: ScenarioContext): Promise<void> => {
    later(c);
    await first(a);
    later(c);
    await second(b);
  };
const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

// ---- events --------------------------------------------------------------------------------------

function events(): KindScenario {
  const ids: string[] = [];
  const report = async (core: Core, title: string): Promise<string> => {
    const town = sampleTown(core);
    const id = await core.events.report(town.officer, { title, categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    ids.push(id);
    return id;
  };
  const dispatch = async (core: Core, id: string): Promise<void> => {
    const officer = sampleTown(core).officer;
    const p = await core.events.proposeDispatch(officer, id);
    await core.events.acceptAndDispatch(officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((x) => x.id) });
  };
  return {
    online: oneEach((core, side) => report(core, ['甲：白鹭溪堤防渗水', '乙：芦花村路灯不亮'][side]!)),
    async cutMidPush(b, c) {
      later(c);
      await dispatch(b, ids[0]!);
    },
    async whileCut(a, b, c) {
      later(c);
      await a.events.note(sampleTown(a).officer, ids[0]!, '甲：已通知村委');
      await dispatch(a, ids[1]!);
      later(c);
      await b.events.note(sampleTown(b).officer, ids[1]!, '乙：群众再次来电');
      await report(b, '乙：断网期间受理');
    },
    async seen(core) {
      const officer = sampleTown(core).officer;
      return Promise.all(
        ids.map(async (id) => {
          const e = await core.events.detail(officer, id);
          const lead = e.assignments.find((x) => x.active && x.role === 'lead')?.postId ?? null;
          const notes = e.timeline.filter((x) => x.action === 'note').map((x) => String(x.payload.text));
          return { id, title: e.title, state: e.state, lead, notes: notes.sort(byText) };
        }),
      );
    },
    check(seen) {
      const [e1, e2, e3] = seen as { title: string; state: string; lead: string | null; notes: string[] }[];
      expect(e1).toMatchObject({ title: '甲：白鹭溪堤防渗水', state: 'dispatched', notes: ['甲：已通知村委'] });
      expect(e1!.lead).not.toBeNull();
      expect(e2).toMatchObject({ title: '乙：芦花村路灯不亮', state: 'dispatched', notes: ['乙：群众再次来电'] });
      expect(e3).toMatchObject({ title: '乙：断网期间受理', state: 'reported' });
    },
  };
}

// ---- the v1.1 event actions: reclassify, hold (挂账), release ----------------------------------------

function eventActions(): KindScenario {
  const ids: string[] = [];
  const reclassify = (core: Core, id: string, index: number, reason: string): Promise<void> =>
    core.events.reclassify(sampleTown(core).officer, { eventId: id, categoryCode: sampleTown(core).itemCodes[index]!, level: 'major', reason });
  return {
    online: oneEach(async (core, side) => {
      const town = sampleTown(core);
      const id = await core.events.report(town.officer, { title: ['甲：河道漂浮物', '乙：占道经营'][side]!, categoryCode: town.itemCode, level: 'general', source: 'phone' });
      const p = await core.events.proposeDispatch(town.officer, id);
      await core.events.acceptAndDispatch(town.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((x) => x.id) });
      ids.push(id);
    }),
    cutMidPush: (b, c) => (later(c), reclassify(b, ids[0]!, 1, '乙：实为河道堵塞')),
    whileCut: inTurn(
      (a) => a.events.requestHold(sampleTown(a).leader, { eventId: ids[0]!, reason: '甲：待汛期后清淤', reviewBy: '2026-01-10' }),
      async (b) => {
        await reclassify(b, ids[1]!, 2, '乙：实为违章搭建');
        await b.events.requestHold(sampleTown(b).leader, { eventId: ids[1]!, reason: '乙：待拆违', reviewBy: '2026-01-12' });
        await b.events.release(sampleTown(b).leader, ids[1]!, '乙：已拆除');
      },
    ),
    async seen(core) {
      const officer = sampleTown(core).officer;
      return Promise.all(
        ids.map(async (id) =>
          (({ title, state, level, categoryCode, holdReviewBy }) => ({ title, state, level, categoryCode, holdReviewBy }))(await core.events.detail(officer, id)),
        ),
      );
    },
    check(seen) {
      const [e1, e2] = seen as { level: string; categoryCode: string; holdReviewBy: string | null }[];
      expect(e1).toMatchObject({ level: 'major', state: 'dispatched' });
      expect(e1!.holdReviewBy).not.toBeNull();
      expect(e2).toMatchObject({ level: 'major', holdReviewBy: null });
      expect(e1!.categoryCode).not.toBe(e2!.categoryCode);
    },
  };
}

// ---- absences ------------------------------------------------------------------------------------

function absences(): KindScenario {
  let first = '';
  const add = async (core: Core, person: Actor, kind: 'training' | 'business_trip', from: string, to: string): Promise<string> =>
    (await core.roster.addAbsence(sampleTown(core).leader, { personId: person.id, kind, from, to })).absence.id;
  return {
    online: oneEach(async (core, side) => {
      const id = await add(core, sampleTown(core).officers[side]!, side === 0 ? 'training' : 'business_trip', `2026-01-2${side}`, `2026-01-2${side * 2}`);
      if (side === 0) first = id;
    }),
    async cutMidPush(b, c) {
      later(c);
      await b.roster.cancelAbsence(sampleTown(b).leader, first);
    },
    async whileCut(a, b, c) {
      later(c);
      await add(a, sampleTown(a).heldPost.a, 'training', '2026-01-25', '2026-01-25');
      later(c);
      await add(b, sampleTown(b).heldPost.b, 'business_trip', '2026-01-26', '2026-01-27');
    },
    async seen(core) {
      const list = await core.roster.absences(sampleTown(core).leader, { includeCancelled: true });
      return list
        .map((x) => ({ id: x.id, personId: x.personId, kind: x.kind, startsAt: x.startsAt, endsAt: x.endsAt, cancelled: x.cancelledAt !== null }))
        .sort((x, y) => byText(x.id, y.id));
    },
    check(seen) {
      const list = seen as { id: string; kind: string; cancelled: boolean }[];
      expect(list).toHaveLength(4);
      expect(list.filter((x) => x.cancelled).map((x) => x.id)).toEqual([first]);
    },
  };
}

// ---- rosters and shifts --------------------------------------------------------------------------

const MONTH = '2026-01';
/** Every cell of the month as the 值班表 page shows it: `date template role#slot` → person. */
function cells(view: RosterView): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const day of view.days) for (const s of day.shifts) for (const r of s.roles) for (const x of r.slots) out[`${day.date} ${s.templateCode} ${r.key}#${x.slot}`] = x.personId;
  return out;
}

/** January generated on `core` unless it is there already. */
async function january(core: Core): Promise<RosterView> {
  const leader = sampleTown(core).leader;
  if ((await core.roster.list(leader, 2026)).some((r) => r.month === MONTH)) return core.roster.get(leader, MONTH);
  return core.roster.generate(sampleTown(core).admin, MONTH);
}

/** The officer cell of a day's first shift set on `core` to someone free that day (not the one there); returns them. */
async function setOfficer(core: Core, day: number, pick = 0): Promise<string> {
  const leader = sampleTown(core).leader;
  const shift = (await core.roster.get(leader, MONTH)).days[day]!.shifts[0]!;
  const free = (await core.roster.candidates(leader, shift.id, 'officer')).filter((x) => !x.blocked && !x.assigned && x.warnings.length === 0);
  const personId = free[pick]?.personId;
  if (!personId) throw new Error(`no free officer on day ${day + 1}`);
  await core.roster.assign(leader, { shiftId: shift.id, roleKey: 'officer', slot: 0, personId });
  return personId;
}

function rosters(): KindScenario {
  const want: Record<number, string> = {};
  const officerOn = (view: RosterView, day: number): string | null => view.days[day]!.shifts[0]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId;
  return {
    async online(a, b, c) {
      await january(a);
      await c.settle();
      later(c);
      want[10] = await setOfficer(b, 10);
    },
    async cutMidPush(b, c) {
      later(c);
      want[12] = await setOfficer(b, 12);
    },
    async whileCut(a, b, c) {
      later(c);
      want[16] = await setOfficer(a, 16);
      // The same cell on both: console 2's edit is the newer one and wins on both.
      later(c);
      await setOfficer(a, 14, 0);
      later(c);
      want[14] = await setOfficer(b, 14, 1);
    },
    async seen(core) {
      const view = await core.roster.get(sampleTown(core).leader, MONTH);
      return { cells: cells(view), want: Object.fromEntries(Object.keys(want).map((d) => [d, officerOn(view, Number(d))])) };
    },
    check(seen) {
      const { cells: all, want: got } = seen as { cells: Record<string, string | null>; want: Record<string, string | null> };
      expect(Object.keys(all).length).toBeGreaterThan(31);
      expect(got).toEqual(Object.fromEntries(Object.entries(want).map(([d, p]) => [d, p])));
    },
  };
}

// ---- the duty log --------------------------------------------------------------------------------

function dutyLog(): KindScenario {
  const ids: string[] = [];
  const add = async (core: Core, text: string): Promise<void> => {
    ids.push((await core.dutyLog.add(sampleTown(core).officer, { kind: 'call', text })).id);
  };
  return {
    online: oneEach((core, side) => add(core, ['甲：接区应急办电话', '乙：群众来电反映路灯不亮'][side]!)),
    async cutMidPush(b, c) {
      later(c);
      await b.dutyLog.edit(sampleTown(b).leader, { entryId: ids[0]!, text: '甲：接区应急办电话（乙补记：水位上涨）' });
    },
    async whileCut(a, b, c) {
      later(c);
      await add(a, '甲：断网期间记录');
      later(c);
      await b.dutyLog.remove(sampleTown(b).officer, ids[1]!);
      await add(b, '乙：断网期间记录');
    },
    async seen(core) {
      const list = await core.dutyLog.list(sampleTown(core).officer, { limit: 50 });
      return list.entries.map((e) => ({ id: e.id, kind: e.kind, text: e.text, at: e.at })).sort((x, y) => byText(x.id, y.id));
    },
    check(seen) {
      expect((seen as { text: string }[]).map((e) => e.text).sort(byText)).toEqual(['乙：断网期间记录', '甲：接区应急办电话（乙补记：水位上涨）', '甲：断网期间记录'].sort(byText));
    },
  };
}

// ---- handovers -----------------------------------------------------------------------------------

function handovers(): KindScenario {
  let id = '';
  let outgoing = '';
  let incoming = '';
  const desk = (core: Core): Actor => ({ id: outgoing, roles: core.town.people.get(outgoing)!.roles });
  const sign = (core: Core, side: 'outgoing' | 'incoming', personId: string) =>
    core.handovers.sign(desk(core), { handoverId: id, side, username: core.town.people.get(personId)!.username, password: SAMPLE_PASSWORD });
  return {
    async online(a, b, c) {
      const month = await january(a);
      outgoing = month.days[4]!.shifts[0]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
      incoming = month.days[4]!.shifts[1]!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
      const at = bj('2026-01-05', '17:00');
      if (c.clock.now().getTime() < Date.parse(at)) c.clock.set(at);
      await a.dutyLog.add(desk(a), { kind: 'call', text: '交班前：接区应急办电话' });
      const h = await a.handovers.generate(desk(a));
      id = h.id;
      await a.handovers.confirm(
        desk(a),
        id,
        h.items.map((i) => i.id),
        true,
      );
      await c.settle();
      later(c);
      await b.handovers.addItem(desk(b), id, '乙：报警人九点回电');
    },
    async cutMidPush(b, c) {
      later(c);
      await sign(b, 'outgoing', outgoing);
    },
    async whileCut(a, _b, c) {
      later(c, 1_000);
      await sign(a, 'incoming', incoming);
    },
    async seen(core) {
      const h = await core.handovers.get(desk(core), id);
      return {
        status: h.status,
        items: h.items.map((i) => i.title).sort(byText),
        outgoing: h.outgoing?.personId ?? null,
        incoming: h.incoming?.personId ?? null,
        signedAt: h.signedAt,
        contentHash: h.contentHash,
      };
    },
    check(seen) {
      expect(seen).toMatchObject({ status: 'signed', outgoing, incoming });
      expect((seen as { items: string[] }).items).toContain('乙：报警人九点回电');
    },
  };
}

// ---- the district's catalogue --------------------------------------------------------------------

export const CATALOGUE_ID = '5a7c0000-0000-4000-8000-00000000ca7a';

function catalogue(): KindScenario {
  let version = 100;
  const renamed: string[] = [];
  /** The catalogue as the district sends it, one item renamed (and its limits changed). */
  const upsert = async (core: Core, c: ScenarioContext, index: number, name: string): Promise<void> => {
    const items = [...core.town.catalogue.values()].filter((i) => i.active !== false).sort((x, y) => byText(x.code, y.code));
    const target = sampleTown(core).itemCodes[index]!;
    renamed.push(name);
    const payloadItems = items.map((i) => ({
      ...{ code: i.code, name: i.name, pinyin: i.pinyin, categoryCode: i.categoryCode, categoryName: i.categoryName, boardCode: i.boardCode },
      ...{ standard: i.standard, leadPostId: i.leadPostId, cooperatingPostIds: i.cooperatingPostIds, defaultLevel: i.defaultLevel },
      ...{ limits: i.limits, answerTemplate: i.answerTemplate, sensorTypes: i.sensorTypes },
      ...(i.code === target ? { name, limits: { ...i.limits, accept: { value: 3 + index, unit: 'minute' } } } : {}),
    }));
    version += 1;
    await c.district([{ entity: 'catalogue', entityId: CATALOGUE_ID, payload: { version, items: payloadItems } }]);
  };
  const reportWith = async (core: Core, index: number, title: string): Promise<void> => {
    const town = sampleTown(core);
    await core.events.report(town.officer, { title, categoryCode: town.itemCodes[index]!, level: 'general', source: 'phone', gridCode: town.gridCode });
  };
  return {
    async online(a, b, c) {
      await reportWith(b, 0, '乙：目录更新前受理');
      await upsert(a, c, 0, '道路积水（区级修订）');
      await c.settle();
    },
    async cutMidPush(b, c) {
      later(c);
      await reportWith(b, 0, '乙：按区级修订目录受理');
    },
    async whileCut(a, b, c) {
      later(c);
      await upsert(a, c, 1, '井盖缺失（区级修订）');
      await reportWith(a, 1, '甲：按新目录受理');
      await reportWith(b, 1, '乙：断网期间按旧目录受理');
    },
    async seen(core) {
      return [...core.town.catalogue.values()].map((i) => ({ code: i.code, name: i.name, active: i.active !== false, limits: i.limits })).sort((x, y) => byText(x.code, y.code));
    },
    check(seen) {
      const names = (seen as { name: string }[]).map((i) => i.name);
      for (const name of renamed) expect(names).toContain(name);
    },
  };
}

export const KIND_SCENARIOS: Readonly<Record<string, () => KindScenario>> = {
  '事件 (events)': events,
  '事件 v1.1 动作 (reclassify, hold, release)': eventActions,
  '请假/外出 (absences)': absences,
  '值班表 (rosters, shifts, cells)': rosters,
  '值班日志 (duty log)': dutyLog,
  '交接班 (handovers)': handovers,
  '事项目录 (the district catalogue)': catalogue,
};
