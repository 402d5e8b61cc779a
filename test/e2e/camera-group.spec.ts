/**
 * 摄像头轮巡 (issue #18) in Chromium, on the sample town 白鹭镇 (not the demo town): twelve cameras on
 * ffmpeg's two loopback test streams (test/support/camera-streams.ts), a wall layout with one 3×3
 * camera-group tile turning every 10 s (the shortest allowed), the wall pages' decoder cap at 9.
 * - Group 1 of 2: nine players playing, labelled 第 1/2 组; the turn: group 2 with the other three
 *   cameras by name, 第 2/2 组, and only three decoders held.
 * - The layout changes to one without cameras: no player left, every decoder released.
 * - The editor: the tile placed, its cameras chosen among the enabled ones, 3×3 over the cap of 4 said
 *   in Chinese with where to raise it.
 * Waits for states (the page's own clock turns the group), never for time.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { startCameraStreams, type CameraStreamServer } from '../support/camera-streams';
import { expect, signIn, stillPicture, test } from './fixtures';
import { openWall } from './wall-support';

test.use({ viewport: { width: 1366, height: 768 } });

const CODES = Array.from({ length: 12 }, (_, i) => `BL-CAM-${String(i + 1).padStart(2, '0')}`);
const NAME = (i: number) => `白鹭点位${i + 1}`;

function groupWall(options: Record<string, unknown>): WallDefinition {
  return {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1-1',
        col: 0,
        row: 0,
        grid: { columns: 2, rows: 2 },
        rotateSeconds: 0,
        pages: [{ id: 'p1', tiles: [{ id: 'group', panel: 'cameraGroup', x: 0, y: 0, w: 2, h: 2, options }] }],
      },
    ],
  };
}

/** What the group shows: its label, the camera names in its cells, and how many players play. */
function shown(page: Page) {
  return page.evaluate(() => {
    const group = document.querySelector('[data-testid="wall-panel-camera-group"]');
    const names = [...(group?.querySelectorAll('[data-testid="wall-camera-cell-name"]') ?? [])].map((n) => n.textContent ?? '');
    const playing = group?.querySelectorAll('[data-testid="camera-player"][data-state="playing"]').length ?? 0;
    const label = group?.querySelector('[data-testid="wall-camera-group-label"]')?.textContent ?? null;
    return { label, names, playing };
  });
}

test('a 3×3 camera group plays nine cameras, turns to the other three, and a new layout releases every decoder', async ({ browser, townDesk, guard }) => {
  const { core, town } = townDesk;
  const contexts: BrowserContext[] = [];
  let streams: CameraStreamServer | null = null;
  try {
    streams = await startCameraStreams();
    for (const [i, code] of CODES.entries()) {
      const request: AddCameraRequest = {
        code,
        name: NAME(i),
        lng: 120.17,
        lat: 29.93,
        gridCode: town.gridCode,
        hlsUrl: i % 2 === 0 ? streams.hlsUrl : null,
        flvUrl: i % 2 === 0 ? null : streams.flvUrl,
        whepUrl: null,
        snapshotUrl: null,
      };
      await core.cameras.add(town.admin, request);
    }
    await core.cameras.add(town.admin, {
      code: 'BL-CAM-OFF',
      name: '旧码头（停用）',
      lng: 120.17,
      lat: 29.93,
      gridCode: town.gridCode,
      hlsUrl: streams.hlsUrl,
      flvUrl: null,
      whepUrl: null,
      snapshotUrl: null,
    });
    await core.cameras.setEnabled(town.admin, 'BL-CAM-OFF', false);

    // A group naming a disabled or an unknown camera is refused, each by its code.
    const refused = groupWall({ size: 3, cameras: [...CODES, 'BL-CAM-OFF', 'BL-CAM-XX'], rotateSeconds: 10 });
    expect((await core.wall.check(refused)).map((i) => [i.code, i.camera])).toEqual([
      ['camera_disabled', 'BL-CAM-OFF'],
      ['unknown_camera', 'BL-CAM-XX'],
    ]);
    await expect(core.wall.save(town.leader, { name: '轮巡', definition: refused })).rejects.toMatchObject({ code: 'invalid_layout' });

    await core.wall.setCameraSettings(town.leader, 9);
    const { id } = await core.wall.save(town.leader, { name: '轮巡', definition: groupWall({ size: 3, cameras: CODES, rotateSeconds: 10 }) });
    // The wall page gets the group's twelve cameras (and their addresses), the decoder cap with them.
    const answer = await core.wall.cameras(town.leader, id, ['s1-1']);
    expect(answer.cameras.map((c) => c.code).sort()).toEqual(CODES);
    expect(answer.decoders).toBe(9);

    const url = new URL(townDesk.web.url).origin + (await core.wall.issueToken(town.leader, id, 's1-1')).path;
    const page = await openWall(browser, guard, url, contexts, { width: 1366, height: 768 });
    const decoders = () => page.evaluate(() => (window as unknown as { __cameraDecoders(): { inUse: number; cap: number } }).__cameraDecoders());

    // Group 1: the first nine cameras, all nine playing (the page's clock may turn the group meanwhile: it comes back).
    const first = CODES.slice(0, 9).map((_, i) => NAME(i));
    await expect.poll(() => shown(page), { timeout: 90_000 }).toEqual({ label: '第 1/2 组', names: first, playing: 9 });
    await page.screenshot({ path: 'docs/screenshots/camera-group.png' });

    // The turn: the other three, by name, playing; the six players turned away gave their decoders back.
    const rest = [NAME(9), NAME(10), NAME(11)];
    await expect.poll(() => shown(page), { timeout: 60_000 }).toEqual({ label: '第 2/2 组', names: rest, playing: 3 });
    expect((await decoders()).inUse).toBeLessThanOrEqual(3);

    // A layout without cameras: no player left, every decoder released.
    const plain = groupWall({});
    plain.screens[0]!.pages[0]!.tiles = [{ id: 'clock', panel: 'clock', x: 0, y: 0, w: 2, h: 1, options: {} }];
    await core.wall.save(town.leader, { layoutId: id, name: '轮巡', definition: plain });
    await expect(page.getByTestId('wall-panel-clock')).toBeVisible();
    await expect(page.getByTestId('camera-player')).toHaveCount(0);
    await expect(page.locator('video')).toHaveCount(0);
    await expect.poll(decoders).toEqual({ inUse: 0, cap: 9 });
  } finally {
    for (const c of contexts) await c.close();
    await streams?.close();
  }
});

test('the wall editor places a camera group, chooses its cameras and says when 3×3 is over the decoder cap', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  const { core, town } = townDesk;
  for (const [i, code] of CODES.slice(0, 5).entries()) {
    await core.cameras.add(town.admin, {
      code,
      name: NAME(i),
      lng: 120.17,
      lat: 29.93,
      gridCode: town.gridCode,
      hlsUrl: `http://127.0.0.1:9/live/${code}.m3u8`,
      flvUrl: null,
      whepUrl: null,
      snapshotUrl: null,
    });
  }
  await signIn(page, townDesk, townDesk.person(town.leader).username);
  await page.getByTestId('tab-wall').click();
  await expect(page.getByTestId('wall-editor')).toBeVisible();
  await page.getByTestId('wall-shape').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '1 列 × 1 行' }).click();
  await page.getByTestId('wall-fill-blank').check();
  await page.getByTestId('wall-create').click();
  await expect(page.getByTestId('wall-overview-screen')).toHaveCount(1);

  await page.locator('[data-testid="wall-palette-item"][data-panel="cameraGroup"]').click();
  await page.locator('[data-testid="wall-cell"][data-x="0"][data-y="0"]').click();
  await expect(page.locator('[data-testid="wall-edit-tile"][data-panel="cameraGroup"]')).toBeVisible();
  await expect(page.locator('[data-testid="wall-issue"][data-code="camera_missing"]')).toContainText('“摄像头轮巡”还没有选择摄像头');
  await expect(page.getByTestId('wall-save')).toBeDisabled();

  const choose = page.getByTestId('wall-option-cameras');
  await choose.click();
  for (const i of [0, 1, 2, 3, 4])
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: `${NAME(i)}（${CODES[i]}）` })
      .click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('wall-camera-group-count')).toHaveText('已选 5 路，共 2 组');
  // 2×2 plays four at once: within the cap of 4. 3×3 plays all five: over it, and the editor says where to raise it.
  await expect(page.getByTestId('wall-camera-group-over-cap')).toHaveCount(0);
  await page.getByTestId('wall-option-size').getByText('3×3（9 路）').click();
  await expect(page.getByTestId('wall-camera-group-count')).toHaveText('已选 5 路，共 1 组');
  await expect(page.getByTestId('wall-camera-group-over-cap')).toContainText('本宫格同时播放 5 路，超过每块屏幕的解码上限 4 路');
  await expect(page.getByTestId('wall-camera-group-over-cap')).toContainText('大屏布局 → 本机显示器');
  const seconds = page.getByTestId('wall-option-rotate-seconds');
  await seconds.fill('20');
  await seconds.press('Tab');
  await expect(page.getByTestId('wall-issues-none')).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/camera-group-editor.png' });

  await page.getByTestId('wall-save').click();
  await expect(page.getByText('已保存为第 1 版')).toBeVisible();
  const [saved] = await core.wall.list(town.leader);
  const layout = await core.wall.get(town.leader, saved!.id);
  expect(layout.definition.screens[0]!.pages[0]!.tiles.map((t) => [t.panel, t.options])).toEqual([['cameraGroup', { cameras: CODES.slice(0, 5), size: 3, rotateSeconds: 20 }]]);
});
