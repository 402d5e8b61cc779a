/**
 * The wall in core on a real SQLite file: layouts saved as versions and refused with their reasons,
 * optimistic concurrency, per-screen tokens (hash only, revocable, revoked with their screen), the
 * settings (network access off by default, admin only), the cockpit's figures against events that
 * really went through the lifecycle, and the query plans of those figures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import { hashToken } from '../../main/core/wall/wall.service';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

async function refused(fn: () => Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }
  throw new Error(`expected a refusal ${code}`);
}

describe('layouts', () => {
  it('saves a layout as version 1, every save as the next version, and restores an old one as a new version', async () => {
    const wall = t.core.wall;
    const first = await wall.save(t.officer, { name: '指挥大厅 3×2', definition: templateLayout(3, 2) });
    expect(first.version).toBe(1);
    const changed = templateLayout(3, 2, 'light');
    const second = await wall.save(t.officer, { layoutId: first.id, name: '指挥大厅', definition: changed, baseVersion: 1, note: '浅色' });
    expect(second).toEqual({ id: first.id, version: 2 });
    const latest = await wall.get(t.officer, first.id);
    expect(latest).toMatchObject({ version: 2, latestVersion: 2, name: '指挥大厅' });
    expect(latest.definition.theme).toBe('light');
    expect((await wall.get(t.officer, first.id, 1)).definition.theme).toBe('dark');
    const restored = await wall.restore(t.leader, first.id, 1);
    expect(restored.version).toBe(3);
    expect((await wall.get(t.officer, first.id)).definition.theme).toBe('dark');
    const versions = await wall.versions(t.officer, first.id);
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[0]!.note).toBe('restored version 1');
    expect(versions[2]!.savedByName).toBeTruthy();
    expect((await wall.list(t.admin)).map((l) => [l.name, l.version, l.columns, l.rows, l.screens])).toEqual([['指挥大厅 3×2', 3, 3, 2, 6]]);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'wall' ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['wall.layout_created', 'wall.layout_saved', 'wall.layout_saved']);
  });

  it('refuses an invalid layout with its reasons and changes nothing', async () => {
    const def = templateLayout(2, 1);
    def.screens[0]!.pages[0]!.tiles.push({ id: 'x', panel: 'weather', x: 0, y: 0, w: 1, h: 1, options: {} });
    def.screens[1]!.pages = [];
    const error = await refused(() => t.core.wall.save(t.officer, { name: 'bad', definition: def }), 'invalid_layout');
    expect(error.params.count).toBe(3); // unknown panel, overlap, empty screen
    expect(error.message).toContain('there is no panel called weather');
    expect(error.message).toContain('screen s2-1 shows nothing');
    expect(await t.core.wall.list(t.officer)).toEqual([]);
    expect(
      t.core.wall
        .validate(def)
        .map((i) => i.code)
        .sort(),
    ).toEqual(['empty_screen', 'tiles_overlap', 'unknown_panel']);
  });

  it('refuses a save over a newer version (two editors), and people who may not edit', async () => {
    const { id } = await t.core.wall.save(t.officer, { name: 'A', definition: templateLayout(1, 1) });
    await t.core.wall.save(t.officer2, { layoutId: id, name: 'A', definition: templateLayout(1, 1), baseVersion: 1 });
    await refused(() => t.core.wall.save(t.officer, { layoutId: id, name: 'A', definition: templateLayout(1, 1), baseVersion: 1 }), 'conflict');
    await refused(() => t.core.wall.save(t.wall, { name: 'B', definition: templateLayout(1, 1) }), 'forbidden');
    await refused(() => t.core.wall.list(t.staffOf('PARTY-BUILD')), 'forbidden');
    await refused(() => t.core.wall.get(t.officer, 'no-such-layout'), 'not_found');
  });
});

describe('viewer tokens', () => {
  it('issues a per-screen token, keeps only its hash, binds a viewer to that screen, and revokes it', async () => {
    const wall = t.core.wall;
    const { id } = await wall.save(t.officer, { name: 'W', definition: templateLayout(3, 2) });
    const issued = await wall.issueToken(t.officer, id, 's2-1', '大厅中屏');
    expect(issued.path).toBe(`/wall/${id}/s2-1?token=${issued.token}`);
    const stored = await t.core.db.read((sql) => sql.all<{ token_hash: string }>(`SELECT token_hash FROM wall_token`));
    expect(stored).toEqual([{ token_hash: hashToken(issued.token) }]);
    expect(JSON.stringify(stored)).not.toContain(issued.token);

    const binding = wall.verifyToken(issued.token);
    expect(binding).toMatchObject({ layoutId: id, screenIds: ['s2-1'], local: false });
    const viewer = wall.viewerActor(binding!);
    expect(viewer.roles).toEqual(['wall_viewer']);
    const screens = await wall.screens(viewer, id, ['s2-1']);
    expect(screens.viewer).toBe(true);
    expect(screens.screens[0]!.pages[0]!.tiles[0]!.panel).toBe('gridMap');
    await refused(() => wall.screens(viewer, id, ['s1-1']), 'forbidden');
    await refused(() => wall.list(viewer), 'forbidden');
    await refused(() => t.core.events.queue(viewer, { limit: 5 }), 'forbidden');
    expect((await wall.counts(viewer)).open).toBe(0);

    const revokedIds: string[] = [];
    wall.onRevoked((ids) => revokedIds.push(...ids));
    await wall.revokeToken(t.leader, issued.tokenId);
    expect(revokedIds).toEqual([issued.tokenId]);
    expect(wall.verifyToken(issued.token)).toBeNull();
    await refused(() => wall.counts(viewer), 'unauthenticated');
    await refused(() => wall.revokeToken(t.leader, issued.tokenId), 'already_decided');
    const [row] = await wall.tokens(t.officer, id);
    expect(row!.revokedAt).not.toBeNull();
    expect(wall.verifyToken('wt_forged-token-that-is-long-enough')).toBeNull();
    expect(wall.verifyToken('')).toBeNull();
  });

  it('tokens survive a restart; a screen removed from the layout takes its tokens with it; retiring a layout revokes all', async () => {
    const wall = t.core.wall;
    const { id } = await wall.save(t.officer, { name: 'W', definition: templateLayout(2, 1) });
    const a = await wall.issueToken(t.officer, id, 's1-1');
    const b = await wall.issueToken(t.officer, id, 's2-1');
    await refused(() => wall.issueToken(t.officer, id, 's9-9'), 'not_found');
    // A restart: a new core on the same folder knows the tokens.
    const dir = t.dir;
    await t.core.close();
    const again = await makeCore(undefined, dir);
    try {
      expect(again.core.wall.verifyToken(a.token)?.screenIds).toEqual(['s1-1']);
      await again.core.wall.save(again.officer, { layoutId: id, name: 'W', definition: templateLayout(1, 1) });
      expect(again.core.wall.verifyToken(b.token)).toBeNull();
      expect(again.core.wall.verifyToken(a.token)).not.toBeNull();
      await again.core.wall.remove(again.leader, id);
      expect(again.core.wall.verifyToken(a.token)).toBeNull();
      expect(await again.core.wall.list(again.officer)).toEqual([]);
    } finally {
      await again.core.close();
    }
    t = await makeCore();
  });

  it('desktop windows get in-memory tokens that are never stored', async () => {
    const { id } = await t.core.wall.save(t.officer, { name: 'W', definition: templateLayout(3, 2) });
    const token = t.core.wall.issueLocalToken(id, ['s1-1', 's2-1']);
    const binding = t.core.wall.verifyToken(token)!;
    expect(binding).toMatchObject({ local: true, screenIds: ['s1-1', 's2-1'] });
    const screens = await t.core.wall.screens(t.core.wall.viewerActor(binding), id, ['s1-1', 's2-1']);
    expect(screens.screens.map((s) => s.id)).toEqual(['s1-1', 's2-1']);
    expect(await t.core.db.read((sql) => sql.all(`SELECT * FROM wall_token`))).toEqual([]);
    t.core.wall.dropLocalToken(token);
    expect(t.core.wall.verifyToken(token)).toBeNull();
  });
});

describe('settings and displays', () => {
  it('serving walls to the network is off by default and only an admin turns it on', async () => {
    expect(t.core.wall.settings(t.officer)).toEqual({ lanEnabled: false, lanPort: 5871, localLayoutId: null });
    await refused(() => t.core.wall.setSettings(t.officer, { lanEnabled: true }), 'forbidden');
    const { id } = await t.core.wall.save(t.officer, { name: 'W', definition: templateLayout(2, 1) });
    expect(await t.core.wall.setSettings(t.officer, { localLayoutId: id })).toMatchObject({ lanEnabled: false, localLayoutId: id });
    expect(await t.core.wall.setSettings(t.admin, { lanEnabled: true, lanPort: 6001 })).toEqual({ lanEnabled: true, lanPort: 6001, localLayoutId: id });
    await refused(() => t.core.wall.setSettings(t.officer, { localLayoutId: 'gone' }), 'not_found');
  });

  it('plans the desktop windows from the displays the shell reports', async () => {
    expect((await t.core.wall.displays(t.officer)).desktop).toBe(false);
    const { id } = await t.core.wall.save(t.officer, { name: 'W', definition: templateLayout(3, 2) });
    await t.core.wall.setSettings(t.officer, { localLayoutId: id });
    t.core.wall.reportDisplays(
      [
        { id: '1', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: true },
        { id: '2', bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: false },
        { id: '3', bounds: { x: 3840, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: false },
      ],
      ['1'],
    );
    const d = await t.core.wall.displays(t.officer);
    expect(d.windows.map((w) => [w.displayId, w.screenIds])).toEqual([
      ['2', ['s1-1', 's2-1', 's3-1']],
      ['3', ['s1-2', 's2-2', 's3-2']],
    ]);
    expect(d.unusedDisplayIds).toEqual(['1']);
  });
});

describe('touching a grid on the wall', () => {
  it('tells the consoles which grid, at most once every 1.5 s, and only for a real grid', async () => {
    const seen: string[] = [];
    t.core.feed.subscribe((m) => {
      if (m.topic === 'wallFocus') seen.push(m.gridCode);
    });
    t.core.wall.focusGrid(t.wall, 'G07');
    t.core.wall.focusGrid(t.wall, 'G08');
    expect(seen).toEqual(['G07']);
    await refused(async () => t.core.wall.focusGrid(t.wall, 'G99'), 'unknown_grid');
  });
});
