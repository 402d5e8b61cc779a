/**
 * A grid deactivated and reactivated by hand (系统设置 → 网格), on the sample town 白鹭镇 (imported; no
 * demo ids): one kernel command each, audited, sent to the district as the grid's upsert with
 * `active`; the map and the report form leave a deactivated grid out; a grid with open events is
 * refused with what to do; only administrators; the district's upsert of a grid folds `active` in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import { SYSTEM, type Actor } from '../../main/core/kernel/actor';
import { gridEntityId } from '../../main/core/town/admin/town-sync';
import type { ImportCore } from '../town/import-support';
import { importedTown } from '../town/imported-town';
import { asDoor } from './own-town';

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

const G = 'BL-G03';

async function refusedWith(p: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

const gridOps = () =>
  t.core.db.read((sql) =>
    sql.all<{ entity_id: string; payload: string; base_version: number }>(
      `SELECT entity_id, payload, base_version FROM outbox WHERE entity = 'grid' AND entity_id = ? ORDER BY seq`,
      [gridEntityId(G)],
    ),
  );
const audits = () =>
  t.core.db.read((sql) =>
    sql.all<{ action: string; actor_id: string; detail: string }>(`SELECT action, actor_id, detail FROM audit_log WHERE entity = 'grid' AND entity_id = ? ORDER BY id`, [G]),
  );

describe('a grid deactivated and reactivated by hand', () => {
  it('is one audited command each way, sent to the district with `active`; the map and the report form leave it out meanwhile', async () => {
    const door = asDoor(t.core, t.admin);
    const name = t.core.town.grids.get(G)!.name;
    const opsBefore = (await gridOps()).length;
    expect(await door('townAdmin:setGridActive', { code: G, active: false })).toEqual({ ok: true, data: { ok: true } });
    expect(t.core.town.grids.get(G)).toMatchObject({ active: false, name });
    // The admin list says so; the map and the report form's grids leave it out.
    const list = await door('townAdmin:grids');
    expect(list.data.find((g: { code: string }) => g.code === G)).toMatchObject({ active: false });
    const map = await door('town:grids');
    expect(map.data.features.map((f: { properties: { code: string } }) => f.properties.code)).not.toContain(G);
    const town = await door('town:get');
    expect(town.data.grids.map((g: { code: string }) => g.code)).not.toContain(G);

    // Twice is refused (nothing to do); back again, it is in use.
    expect(await door('townAdmin:setGridActive', { code: G, active: false })).toMatchObject({ ok: false, error: { code: 'already_decided' } });
    expect(await door('townAdmin:setGridActive', { code: G, active: true })).toEqual({ ok: true, data: { ok: true } });
    expect(t.core.town.grids.get(G)!.active).toBe(true);
    expect((await door('town:grids')).data.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain(G);

    const rows = await audits();
    expect(rows.map((r) => r.action)).toEqual(['grid.deactivate', 'grid.reactivate']);
    expect(rows.every((r) => r.actor_id === t.admin.id)).toBe(true);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ before: { active: true }, after: { active: false }, code: G, name });
    const ops = (await gridOps()).slice(opsBefore);
    expect(ops.map((o) => JSON.parse(o.payload) as { code: string; active: boolean }).map((p) => [p.code, p.active])).toEqual([
      [G, false],
      [G, true],
    ]);
    expect(ops.map((o) => o.base_version)).toEqual([1, 2]);
  });

  it('a grid with open events is refused, saying how many and what to do; closed, it can go', async () => {
    const item = [...t.core.town.catalogue.values()].find((i) => i.active !== false)!;
    const eventId = await t.core.events.report(officer, { title: '路面塌陷', categoryCode: item.code, level: 'general', source: 'hotline', gridCode: G });
    const refused = await refusedWith(t.core.townAdmin.setGridActive(t.admin, G, false), 'grid_has_open_events');
    expect(refused.params).toEqual({ count: 1, name: t.core.town.grids.get(G)!.name });
    expect(t.core.town.grids.get(G)!.active).toBe(true);
    expect(await audits()).toEqual([]);
    await t.core.events.markInvalid(officer, eventId, '重复来电');
    await t.core.townAdmin.setGridActive(t.admin, G, false);
    expect(t.core.town.grids.get(G)!.active).toBe(false);
    // The event keeps its grid.
    expect((await t.core.events.detail(officer, eventId)).gridCode).toBe(G);
  });

  it('only an administrator; a bad request is refused at the door', async () => {
    await refusedWith(t.core.townAdmin.setGridActive(officer, G, false), 'forbidden');
    const door = asDoor(t.core, t.admin);
    for (const request of [{ code: G }, { code: G, active: 'no' }, { code: '', active: false }, { code: G, active: false, extra: 1 }]) {
      expect(await door('townAdmin:setGridActive', request), JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await door('townAdmin:setGridActive', { code: 'BL-G99', active: false })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await asDoor(t.core, officer)('townAdmin:setGridActive', { code: G, active: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(t.core.town.grids.get(G)!.active).toBe(true);
  });

  it("a district's grid upsert folds `active` in; one without it keeps the grid's", async () => {
    const fold = (payload: Record<string, unknown>, hlc: string) =>
      t.core.kernel.run({ name: 'test.fold', actor: SYSTEM, audit: false }, (tx) =>
        t.core.townAdmin.applyRemoteGrid(tx.sql, gridEntityId(G), payload, hlc, '2026-11-23T02:00:00.000Z'),
      );
    const g = t.core.town.grids.get(G)!;
    const base = { code: G, name: g.name, villageCode: g.villageCode, village: g.village, households: g.households };
    await fold({ ...base, active: false }, '2026-11-23T02:00:00.000Z-0000-d0000000-0000-4000-8000-00000000000d');
    await t.core.townAdmin.remoteChanged();
    expect(t.core.town.grids.get(G)).toMatchObject({ active: false, geometry: g.geometry });
    await fold({ ...base, name: '改名网格' }, '2026-11-23T02:01:00.000Z-0000-d0000000-0000-4000-8000-00000000000d');
    await t.core.townAdmin.remoteChanged();
    expect(t.core.town.grids.get(G)).toMatchObject({ active: false, name: '改名网格' });
  });
});
