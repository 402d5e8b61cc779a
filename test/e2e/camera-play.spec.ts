/**
 * Playing cameras (issue #18) in Chromium, on the sample town 白鹭镇: ffmpeg's test streams served by a
 * real HTTP server on loopback (test/support/camera-streams.ts), two cameras added through the core
 * (one HLS, one HTTP-FLV; the HLS address with a token in its query), a wall layout of two 摄像头画面
 * tiles opened with its screen's address at 1366×768.
 * - Both tiles play: the video's currentTime advances and a frame drawn to a canvas is not uniform.
 * - The streams drop: each tile shows 信号中断 and the Beijing time; they come back: playing again.
 * - The console's CSP admits the enabled cameras' origin, not a disabled camera's; no token in the logs.
 */
import type { BrowserContext } from '@playwright/test';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { startCameraStreams, type CameraStreamServer } from '../support/camera-streams';
import { expect, signIn, stillPicture, test } from './fixtures';
import { expectCameraPlaying as expectPlaying, cameraTile as tile } from './camera-tiles';
import { openWall } from './wall-support';

test.use({ viewport: { width: 1366, height: 768 } });

const SECRET = 'e2e-secret-7f3a';

function cameraWall(): WallDefinition {
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
        pages: [
          {
            id: 'p1',
            tiles: [
              { id: 'hls', panel: 'camera', x: 0, y: 0, w: 1, h: 2, options: { camera: 'BL-CAM-HLS' } },
              { id: 'flv', panel: 'camera', x: 1, y: 0, w: 1, h: 2, options: { camera: 'BL-CAM-FLV' } },
            ],
          },
        ],
      },
    ],
  };
}

test('camera tiles play HLS and HTTP-FLV, show 信号中断 when the stream drops and recover by themselves', async ({ browser, townDesk, guard }) => {
  const { core, town } = townDesk;
  const contexts: BrowserContext[] = [];
  let streams: CameraStreamServer | null = null;
  try {
    streams = await startCameraStreams();
    const camera = (code: string, name: string, urls: Partial<AddCameraRequest>): AddCameraRequest => ({
      code,
      name,
      lng: 120.17,
      lat: 29.93,
      gridCode: town.gridCode,
      hlsUrl: null,
      flvUrl: null,
      whepUrl: null,
      snapshotUrl: null,
      ...urls,
    });
    await core.cameras.add(town.admin, camera('BL-CAM-HLS', '白鹭桥北', { hlsUrl: `${streams.hlsUrl}?token=${SECRET}` }));
    await core.cameras.add(town.admin, camera('BL-CAM-FLV', '滨江堤防', { flvUrl: streams.flvUrl }));
    // A disabled camera elsewhere: its origin is not admitted.
    await core.cameras.add(town.admin, camera('BL-CAM-OFF', '旧码头（停用）', { hlsUrl: 'http://127.0.0.2:8554/live/old.m3u8' }));
    await core.cameras.setEnabled(town.admin, 'BL-CAM-OFF', false);

    // A layout naming the disabled camera is refused; with the two in use it is saved.
    const refusedDef = cameraWall();
    refusedDef.screens[0]!.pages[0]!.tiles[1]!.options = { camera: 'BL-CAM-OFF' };
    await expect(core.wall.save(town.leader, { name: '摄像头', definition: refusedDef })).rejects.toMatchObject({ code: 'invalid_layout' });
    expect((await core.wall.check(refusedDef)).map((i) => i.code)).toEqual(['camera_disabled']);
    const { id } = await core.wall.save(town.leader, { name: '摄像头', definition: cameraWall() });
    const url = new URL(townDesk.web.url).origin + (await core.wall.issueToken(town.leader, id, 's1-1')).path;

    // (c) The console's CSP: the enabled cameras' origin for media and fetches, not the disabled one's.
    const csp = (await fetch(townDesk.web.url)).headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('media-src').split(' ')).toContain(streams.origin);
    expect(directive('connect-src').split(' ')).toContain(streams.origin);
    expect(csp).not.toContain('127.0.0.2');
    expect(csp).not.toContain(SECRET);
    expect(directive('default-src')).toBe("default-src 'self'");

    const page = await openWall(browser, guard, url, contexts, { width: 1366, height: 768 });
    const logged: string[] = [];
    page.on('console', (m) => logged.push(m.text()));

    // (a) Both play: time moves and the picture is not one colour.
    await expectPlaying(page, 'BL-CAM-HLS');
    await expectPlaying(page, 'BL-CAM-FLV');
    await expect(page.locator('.wall-camera').first().locator('.wall-panel-title')).toHaveText('白鹭桥北');
    expect(await page.evaluate(() => (window as unknown as { __cameraDecoders(): { inUse: number } }).__cameraDecoders().inUse)).toBe(2);
    await page.screenshot({ path: 'docs/screenshots/camera-play.png' });

    // (b) The platform drops: 信号中断 with the Beijing time it dropped, retrying.
    streams.refuse();
    for (const code of ['BL-CAM-HLS', 'BL-CAM-FLV']) {
      const t = tile(page, code);
      await expect(t.player).toHaveAttribute('data-state', 'interrupted', { timeout: 30_000 });
      await expect(t.player.getByTestId('camera-overlay')).toContainText('信号中断');
      await expect(t.player.getByTestId('camera-overlay-sub')).toContainText(/中断于 \d{2}:\d{2}:\d{2}/);
    }
    await page.screenshot({ path: 'docs/screenshots/camera-interrupted.png' });
    // … and back: both play again by themselves.
    streams.accept();
    await expectPlaying(page, 'BL-CAM-HLS');
    await expectPlaying(page, 'BL-CAM-FLV');

    // No address's token ever reached the page's console.
    expect(logged.filter((l) => l.includes(SECRET))).toEqual([]);
  } finally {
    for (const c of contexts) await c.close();
    await streams?.close();
  }
});

test('a page runs at most four decoders: the fifth tile waits; a hidden page and a new layout release them', async ({ browser, townDesk, guard }) => {
  const { core, town } = townDesk;
  const contexts: BrowserContext[] = [];
  let streams: CameraStreamServer | null = null;
  try {
    streams = await startCameraStreams();
    for (let i = 1; i <= 5; i++) {
      await core.cameras.add(town.admin, {
        code: `BL-CAM-0${i}`,
        name: `白鹭摄像头${i}`,
        lng: 120.17,
        lat: 29.93,
        gridCode: town.gridCode,
        hlsUrl: streams.hlsUrl,
        flvUrl: null,
        whepUrl: null,
        snapshotUrl: null,
      });
    }
    const def = cameraWall();
    def.screens[0]!.grid = { columns: 3, rows: 2 };
    def.screens[0]!.pages[0]!.tiles = [0, 1, 2, 3, 4].map((i) => ({
      id: `c${i + 1}`,
      panel: 'camera',
      x: i % 3,
      y: Math.floor(i / 3),
      w: 1,
      h: 1,
      options: { camera: `BL-CAM-0${i + 1}` },
    }));
    const { id } = await core.wall.save(town.leader, { name: '五路摄像头', definition: def });
    const url = new URL(townDesk.web.url).origin + (await core.wall.issueToken(town.leader, id, 's1-1')).path;
    const page = await openWall(browser, guard, url, contexts, { width: 1366, height: 768 });
    const players = page.getByTestId('camera-player');
    const decoders = () => page.evaluate(() => (window as unknown as { __cameraDecoders(): { inUse: number; cap: number } }).__cameraDecoders());

    await expect(players.and(page.locator('[data-state="playing"]'))).toHaveCount(4, { timeout: 30_000 });
    const waiting = players.and(page.locator('[data-state="waiting"]'));
    await expect(waiting).toHaveCount(1);
    await expect(waiting.getByTestId('camera-overlay')).toContainText('等待解码资源');
    expect(await decoders()).toEqual({ inUse: 4, cap: 4 });
    await page.screenshot({ path: 'docs/screenshots/camera-decoder-cap.png' });

    // The page hidden (a minimised window): every player stops and gives its decoder back; shown, they play again.
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { value: h, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await expect(players.and(page.locator('[data-state="stopped"]'))).toHaveCount(5);
    expect(await decoders()).toEqual({ inUse: 0, cap: 4 });
    await setHidden(false);
    await expect(players.and(page.locator('[data-state="playing"]'))).toHaveCount(4, { timeout: 30_000 });
    expect(await decoders()).toEqual({ inUse: 4, cap: 4 });

    // The layout changes to a wall without cameras: every tile is gone, every decoder released.
    const plain = cameraWall();
    plain.screens[0]!.pages[0]!.tiles = [{ id: 'clock', panel: 'clock', x: 0, y: 0, w: 2, h: 1, options: {} }];
    await core.wall.save(town.leader, { layoutId: id, name: '五路摄像头', definition: plain });
    await expect(page.getByTestId('wall-panel-clock')).toBeVisible();
    await expect(players).toHaveCount(0);
    await expect.poll(decoders).toEqual({ inUse: 0, cap: 4 });
  } finally {
    for (const c of contexts) await c.close();
    await streams?.close();
  }
});

test('the wall editor places a camera tile and chooses its camera among the enabled ones', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  const { core, town } = townDesk;
  const camera = (code: string, name: string): AddCameraRequest => ({
    code,
    name,
    lng: 120.17,
    lat: 29.93,
    gridCode: town.gridCode,
    hlsUrl: `http://127.0.0.1:9/live/${code}.m3u8`,
    flvUrl: null,
    whepUrl: null,
    snapshotUrl: null,
  });
  await core.cameras.add(town.admin, camera('BL-CAM-A', '白鹭桥北'));
  await core.cameras.add(town.admin, camera('BL-CAM-B', '旧码头'));
  await core.cameras.setEnabled(town.admin, 'BL-CAM-B', false);

  await signIn(page, townDesk, townDesk.person(town.leader).username);
  await page.getByTestId('tab-wall').click();
  await expect(page.getByTestId('wall-editor')).toBeVisible();
  await page.getByTestId('wall-shape').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '1 列 × 1 行' }).click();
  await page.getByTestId('wall-fill-blank').check();
  await page.getByTestId('wall-create').click();
  await expect(page.getByTestId('wall-overview-screen')).toHaveCount(1);

  await page.locator('[data-testid="wall-palette-item"][data-panel="camera"]').click();
  await page.locator('[data-testid="wall-cell"][data-x="0"][data-y="0"]').click();
  await expect(page.locator('[data-testid="wall-edit-tile"][data-panel="camera"]')).toBeVisible();
  // No camera chosen yet: said in Chinese, and Save stays off.
  await expect(page.locator('[data-testid="wall-issue"][data-code="camera_missing"]')).toContainText('还没有选择摄像头');
  await expect(page.getByTestId('wall-save')).toBeDisabled();

  // The choice lists the enabled cameras only.
  await page.getByTestId('wall-option-camera').click();
  const options = page.locator('.ant-select-item-option');
  await expect(options.filter({ hasText: '白鹭桥北（BL-CAM-A）' })).toBeVisible();
  await expect(options.filter({ hasText: '旧码头' })).toHaveCount(0);
  await options.filter({ hasText: '白鹭桥北（BL-CAM-A）' }).click();
  await expect(page.getByTestId('wall-issues-none')).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/camera-wall-editor.png' });

  await page.getByTestId('wall-save').click();
  await expect(page.getByText('已保存为第 1 版')).toBeVisible();
  const [saved] = await core.wall.list(town.leader);
  const layout = await core.wall.get(town.leader, saved!.id);
  expect(layout.definition.screens[0]!.pages[0]!.tiles.map((t) => [t.panel, t.options])).toEqual([['camera', { camera: 'BL-CAM-A' }]]);

  // The wall pages' cap on pictures decoded at once: 4 until changed here, then what the wall pages get.
  const cap = page.getByTestId('wall-camera-decoders-input');
  await expect(cap).toHaveValue('4');
  await cap.fill('6');
  await cap.press('Tab');
  await expect.poll(() => core.wall.cameraSettings(town.leader)).toEqual({ decoders: 6 });
  await page.getByTestId('wall-camera-decoders').scrollIntoViewIfNeeded();
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/camera-decoders-setting.png' });
  expect(await core.wall.cameras(town.leader, saved!.id, ['s1-1'])).toEqual({
    cameras: [{ code: 'BL-CAM-A', name: '白鹭桥北', hlsUrl: 'http://127.0.0.1:9/live/BL-CAM-A.m3u8', flvUrl: null }],
    decoders: 6,
  });
});
