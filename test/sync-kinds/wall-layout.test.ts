/**
 * Wall layouts between two consoles of the town through a real district server, read through the wall
 * service as the 大屏布局 page does: a layout saved on one is listed on the other, a new version saved on
 * the other comes back, and retiring it on either retires it on both. The conflict rule: the newest HLC
 * wins the layout whole — the same layout saved on both at once ends as the newer save on both, and a
 * save newer than a retirement brings it back. The per-screen viewer tokens and the wall settings stay
 * on the console that made them: never sent; a layout retired elsewhere revokes its tokens here.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

const names = async (core: Core): Promise<string[]> => (await core.wall.list(sampleTown(core).leader)).map((l) => l.name);
const outbox = (core: Core): Promise<{ entity: string; n: number }[]> =>
  core.db.read((sql) => sql.all<{ entity: string; n: number }>(`SELECT entity, COUNT(*) AS n FROM outbox WHERE entity LIKE 'wall%' GROUP BY entity`));

describe('wall layouts, both ways', () => {
  it('saved on console 1 it is on console 2; a new version saved on 2 comes back; retired on 1 it is retired on 2, with 2’s viewer tokens', async () => {
    const t = consoles();
    const [leaderA, leaderB] = [sampleTown(t.a).leader, sampleTown(t.b).leader];
    const { id } = await t.a.wall.save(leaderA, { name: '指挥大厅 3×2', definition: templateLayout(3, 2) });
    await syncAll(t);
    expect(await names(t.b)).toEqual(['指挥大厅 3×2']);
    const onB = await t.b.wall.get(leaderB, id);
    expect(onB).toMatchObject({ version: 1, definition: (await t.a.wall.get(leaderA, id)).definition });

    // Console 2 shows it on its own screens: a viewer token and the desktop's layout, both its own.
    const token = await t.b.wall.issueToken(leaderB, id, onB.definition.screens[0]!.id, '东墙一号屏');
    await t.b.wall.setSettings(leaderB, { localLayoutId: id });
    t.clock.advance(60_000);
    const light = { ...onB.definition, theme: 'light' as const };
    await t.b.wall.save(leaderB, { layoutId: id, name: '指挥大厅（浅色）', definition: light, baseVersion: 1 });
    await syncAll(t);
    expect(await t.a.wall.get(leaderA, id)).toMatchObject({ name: '指挥大厅（浅色）', version: 2, definition: { theme: 'light' } });
    expect(await t.a.wall.tokens(leaderA, id)).toEqual([]);
    expect(t.a.wall.currentSettings().localLayoutId).toBeNull();

    t.clock.advance(60_000);
    await t.a.wall.remove(leaderA, id);
    await syncAll(t);
    expect(await names(t.b)).toEqual([]);
    expect((await t.b.wall.tokens(leaderB, id)).map((x) => [x.id, x.revokedAt !== null])).toEqual([[token.tokenId, true]]);
    expect(t.b.wall.currentSettings().localLayoutId).toBeNull();
    expect(await noProblems(t)).toEqual([]);
    // Each console sent its own changes only, and never a token or a setting.
    expect(await outbox(t.a)).toEqual([{ entity: 'wallLayout', n: 2 }]);
    expect(await outbox(t.b)).toEqual([{ entity: 'wallLayout', n: 1 }]);
  });

  it('the same layout saved on both: the newer save wins on both, though the older reaches the district last', async () => {
    const t = consoles();
    const [leaderA, leaderB] = [sampleTown(t.a).leader, sampleTown(t.b).leader];
    const { id } = await t.a.wall.save(leaderA, { name: '值班室 2×1', definition: templateLayout(2, 1) });
    await syncAll(t);
    t.clock.advance(60_000);
    await t.a.wall.save(leaderA, { layoutId: id, name: '值班室（旧）', definition: templateLayout(2, 1) });
    t.clock.advance(60_000);
    await t.b.wall.save(leaderB, { layoutId: id, name: '值班室（新）', definition: templateLayout(3, 1) });
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.b.sync!.syncOnce();
    const [onA, onB] = [await t.a.wall.get(leaderA, id), await t.b.wall.get(leaderB, id)];
    expect(onA).toMatchObject({ name: '值班室（新）', definition: { wall: { columns: 3 } } });
    expect(onB.definition).toEqual(onA.definition);
    // The history here keeps what this console had: 值班室（旧） is console 1's version 2.
    expect((await t.a.wall.versions(leaderA, id)).map((v) => v.name)).toEqual(['值班室（新）', '值班室（旧）', '值班室 2×1']);

    // A save newer than a retirement brings the layout back on both.
    t.clock.advance(60_000);
    await t.a.wall.remove(leaderA, id);
    t.clock.advance(60_000);
    await t.b.wall.save(leaderB, { layoutId: id, name: '值班室（保留）', definition: templateLayout(3, 1) });
    await syncAll(t);
    expect(await names(t.a)).toEqual(['值班室（保留）']);
    expect(await names(t.b)).toEqual(['值班室（保留）']);
    expect(await noProblems(t)).toEqual([]);
  });
});
