/**
 * The district's catalogue on both consoles of the town through a real district server, read through
 * the town service as the intake's item search does: a higher version replaces the catalogue on both
 * (an item's new limits, a new item, an item left out deactivated, never deleted); a version not
 * higher changes nothing; an event open when the limits changed keeps the limits it started with
 * (its deadlines unmoved, its limits kept), while an event reported after takes the new ones.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { CatalogueRemote } from '../../main/core/town/catalogue-remote';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { districtUpsert, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);
const CATALOGUE_ID = '5a7c0000-0000-4000-8000-00000000ca7a';

/** The console's catalogue as a district payload (post ids as they are), changed by `edit`. */
function catalogueOf(core: Core, version: number, edit: (items: Record<string, unknown>[]) => Record<string, unknown>[]): Record<string, unknown> {
  const items = [...core.town.catalogue.values()]
    .filter((i) => i.active !== false)
    .map((i) => ({
      code: i.code,
      name: i.name,
      pinyin: i.pinyin,
      categoryCode: i.categoryCode,
      categoryName: i.categoryName,
      boardCode: i.boardCode,
      standard: i.standard,
      leadPostId: i.leadPostId,
      cooperatingPostIds: i.cooperatingPostIds,
      defaultLevel: i.defaultLevel,
      limits: i.limits,
      answerTemplate: i.answerTemplate,
      sensorTypes: i.sensorTypes,
    }));
  return { version, items: edit(items) };
}

const eventDue = (core: Core, id: string) => core.db.read((sql) => sql.get<{ accept_due: string }>(`SELECT accept_due FROM event WHERE id = ?`, [id]));

describe('the district catalogue', () => {
  it('a higher version replaces the catalogue on both consoles; an open event keeps the limits it started with', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const [changed, dropped] = [town.itemCodes[0]!, town.itemCodes[1]!];
    const before = t.a.town.catalogue.get(changed)!.limits;
    const open = await t.a.events.report(town.officer, { title: '芦花村口积水', categoryCode: changed, level: 'general', source: 'phone', gridCode: town.gridCode });
    await syncAll(t);
    const openDue = (await eventDue(t.b, open))!.accept_due;

    const newLimits = { ...before, accept: { value: 3, unit: 'minute' }, resolve: { value: 2, unit: 'hour' } };
    const payload = catalogueOf(t.a, 2, (items) => [
      ...items.filter((i) => i.code !== dropped).map((i) => (i.code === changed ? { ...i, name: '道路积水（区级修订）', limits: newLimits } : i)),
      { ...items.find((i) => i.code === changed)!, code: 'QJ-NEW-001', name: '区级新增事项', pinyin: 'qjxzsx' },
    ]);
    expect(await districtUpsert(t, [{ entity: 'catalogue', entityId: CATALOGUE_ID, payload }])).toEqual([expect.objectContaining({ status: 'applied' })]);
    await syncAll(t);

    for (const core of [t.a, t.b]) {
      expect(core.town.catalogue.get(changed)).toMatchObject({ name: '道路积水（区级修订）', limits: newLimits });
      expect(core.town.catalogue.get(dropped)?.active).toBe(false);
      expect(core.town.searchCatalogue('区级新增事项', 5).map((i) => i.code)).toEqual(['QJ-NEW-001']);
      expect(core.town.searchCatalogue(dropped, 50).map((i) => i.code)).not.toContain(dropped);
      // The open event: its deadline unmoved, and the limits it started with kept for it.
      expect((await eventDue(core, open))!.accept_due).toBe(openDue);
      expect(await core.db.read((sql) => CatalogueRemote.keptLimits(sql, open))).toEqual(before);
    }
    // An event reported now takes the new limits (3 minutes to accept).
    const fresh = await t.b.events.report(sampleTown(t.b).officer, { title: '新的积水', categoryCode: changed, level: 'general', source: 'phone', gridCode: town.gridCode });
    expect(Date.parse((await eventDue(t.b, fresh))!.accept_due) - t.clock.now().getTime()).toBe(3 * 60_000);
    expect(await t.b.db.read((sql) => CatalogueRemote.keptLimits(sql, fresh))).toBeNull();

    // A version not higher changes nothing.
    t.clock.advance(60_000);
    const older = catalogueOf(t.a, 2, (items) => items.map((i) => ({ ...i, name: `${String(i.name)}（旧）` })));
    await districtUpsert(t, [{ entity: 'catalogue', entityId: CATALOGUE_ID, payload: older }]);
    await syncAll(t);
    expect(t.b.town.catalogue.get(changed)?.name).toBe('道路积水（区级修订）');
    expect(await noProblems(t)).toEqual([]);
  });

  it('a catalogue taken is audited once on each console, by the page’s command (the system)', async () => {
    const t = consoles();
    const audit = await t.b.db.read((sql) => sql.all(`SELECT action FROM audit_log WHERE action = 'catalogue.synced'`));
    expect(audit).toEqual([]);
    await districtUpsert(t, [{ entity: 'catalogue', entityId: CATALOGUE_ID, payload: catalogueOf(t.a, 3, (items) => items) }]);
    await syncAll(t);
    // Taken once per console, audited by the page's command (the system).
    const taken = await t.b.db.read((sql) => sql.all<{ actor_id: string; entity_id: string }>(`SELECT actor_id, entity_id FROM audit_log WHERE action = 'catalogue.synced'`));
    expect(taken).toEqual([{ actor_id: 'system', entity_id: CATALOGUE_ID }]);
  });
});
