/**
 * Nothing new is reported into a deactivated grid or catalogue item, on the sample town 白鹭镇 (no demo
 * ids): the desk's intake refuses it whatever the source (hotline, a grid worker, a sensor) with a
 * reason that names the grid or item; the district's report or assignment into one is quarantined
 * (同步问题, with the reason in Chinese) and never blocks the ops after it. The events already in
 * them keep them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { newId } from '../../main/core/kernel/ids';
import { SyncInbox } from '../../main/core/sync/sync-inbox';
import { asDoor } from '../town-admin/own-town';
import { filesOf } from '../support/sample-town';
import { sampleData, type ImportCore } from '../town/import-support';
import { importedTown } from '../town/imported-town';

const NODE_D = 'd0000000-0000-4000-8000-00000000000d';
const GRID = 'BL-G03';

let t: ImportCore;
let officer: Actor;
beforeEach(async () => {
  const town = await importedTown();
  t = town;
  officer = town.officer;
});
afterEach(async () => {
  await t.close();
});

/** 就业帮扶 (BL-MS-005) deactivated the way a town does it: a catalogue re-imported without it. */
async function deactivateItem(): Promise<string> {
  const data = await sampleData();
  data.sheets['事项'] = data.sheets['事项']!.filter((r) => r[1] !== '就业帮扶');
  const preview = await t.importer.preview(t.admin, await filesOf(data, ['catalogue.xlsx']));
  expect(preview.faults).toEqual([]);
  await t.importer.apply(t.admin, preview.previewId!);
  expect(t.core.town.catalogue.get('BL-MS-005')).toMatchObject({ name: '就业帮扶', active: false });
  return 'BL-MS-005';
}

const anItem = () => [...t.core.town.catalogue.values()].find((i) => i.active !== false && i.code !== 'BL-MS-005')!.code;
const eventCount = () => t.core.db.read(async (sql) => (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM event`))!.n);

describe("the desk's intake", () => {
  it('refuses a report into a deactivated grid from any source, naming the grid; the grid back in use takes it', async () => {
    const report = asDoor(t.core, officer);
    const item = anItem();
    const before = await report('events:report', { title: '井盖缺失', categoryCode: item, level: 'general', source: 'hotline', gridCode: GRID });
    expect(before.ok).toBe(true);
    expect((await report('events:markInvalid', { eventId: before.data.eventId, reason: '测试' })).ok).toBe(true);
    await t.core.townAdmin.setGridActive(t.admin, GRID, false);
    const name = t.core.town.grids.get(GRID)!.name;
    const count = await eventCount();
    for (const source of ['hotline', 'grid', 'sensor', 'phone', 'walk_in'] as const) {
      const refused = await report('events:report', { title: '井盖缺失', categoryCode: item, level: 'general', source, gridCode: GRID });
      expect(refused, source).toMatchObject({ ok: false, error: { code: 'grid_inactive', params: { code: GRID, name } } });
    }
    expect(await eventCount()).toBe(count);
    // The event reported before keeps its grid.
    expect((await t.core.events.detail(officer, before.data.eventId)).gridCode).toBe(GRID);
    await t.core.townAdmin.setGridActive(t.admin, GRID, true);
    expect((await report('events:report', { title: '井盖缺失', categoryCode: item, level: 'general', source: 'grid', gridCode: GRID })).ok).toBe(true);
  });

  it('refuses a report of a deactivated catalogue item, naming the item', async () => {
    const code = await deactivateItem();
    const report = asDoor(t.core, officer);
    const count = await eventCount();
    for (const source of ['hotline', 'grid', 'sensor'] as const) {
      const refused = await report('events:report', { title: '求职登记', categoryCode: code, level: 'general', source, gridCode: 'BL-G01' });
      expect(refused, source).toMatchObject({ ok: false, error: { code: 'item_inactive', params: { code, name: '就业帮扶' } } });
    }
    expect(await eventCount()).toBe(count);
  });
});

describe("the district's reports", () => {
  function opsOf(list: readonly { entityId: string; action: string; payload: Record<string, unknown> }[], first: number) {
    return list.map((o, i) => {
      const serverSeq = first + i;
      const at = new Date(Date.parse('2026-11-23T01:00:00.000Z') - 60_000 + serverSeq).toISOString();
      return {
        opId: newId(),
        nodeId: NODE_D,
        seq: serverSeq,
        serverSeq,
        hlc: `${at}-0000-${NODE_D}`,
        entity: 'event',
        entityId: o.entityId,
        kind: 'action',
        action: o.action,
        payload: o.payload,
        at,
        receivedAt: at,
      };
    });
  }
  const problems = () =>
    t.core.db.read((sql) =>
      sql.all<{ entity_id: string; action: string; reason: string; message: string }>(`SELECT entity_id, action, reason, message FROM sync_inbox_problem ORDER BY seq`),
    );

  it('a report or assignment into a deactivated grid or item is quarantined with the reason in Chinese; the ops after it are applied', async () => {
    await t.core.townAdmin.setGridActive(t.admin, GRID, false);
    const code = await deactivateItem();
    const inbox = new SyncInbox(
      t.core.kernel,
      t.core.events,
      t.core.nodeId,
      () => Promise.resolve({ cursor: '0', entities: [] }),
      () => undefined,
    );
    const report = (categoryCode: string, gridCode: string) => ({
      title: '区级转办',
      categoryCode,
      level: 'general',
      source: 'district',
      reportedAt: '2026-11-23T00:59:00.000Z',
      gridCode,
    });
    const [intoGrid, ofItem, assigned, fine] = [newId(), newId(), newId(), newId()];
    const ops = opsOf(
      [
        { entityId: intoGrid, action: 'report', payload: report(anItem(), GRID) },
        { entityId: ofItem, action: 'report', payload: report(code, 'BL-G01') },
        { entityId: assigned, action: 'assign_to_town', payload: report(anItem(), GRID) },
        { entityId: fine, action: 'report', payload: report(anItem(), 'BL-G01') },
      ],
      1,
    );
    await inbox.applyPage(ops, '4');
    const kept = await problems();
    expect(kept.map((p) => [p.entity_id, p.action, p.reason])).toEqual([
      [intoGrid, 'report', 'failed'],
      [ofItem, 'report', 'failed'],
      [assigned, 'assign_to_town', 'failed'],
    ]);
    const name = t.core.town.grids.get(GRID)!.name;
    expect(kept[0]!.message).toContain(`网格“${name}”（${GRID}）已停用`);
    expect(kept[1]!.message).toContain(`事项“就业帮扶”（${code}）已停用`);
    // None of them made an event; the op after them did, and the cursor moved past all four.
    const ids = await t.core.db.read((sql) => sql.all<{ id: string }>(`SELECT id FROM event`));
    expect(ids.map((r) => r.id)).toEqual([fine]);
    expect(await inbox.cursor()).toBe('4');
  });
});
