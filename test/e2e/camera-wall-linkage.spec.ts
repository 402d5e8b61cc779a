/**
 * 联动画面 and 推送到大屏 (issue #18) in Chromium, on the sample town 白鹭镇, with ffmpeg's loopback HLS
 * stream (test/support/camera-streams.ts): a wall of two screens — s1 with a 联动画面 tile, s2 with a
 * clock only — each opened with its own token at 1366×768.
 * - Before anything: s1's tile says 暂无联动.
 * - A sensor alert with a place: s1's tile plays the nearest camera (the video's time advances), under
 *   the event's title and 联动将于 09:30 结束; the camera 1.5 km away is not there.
 * - The leader, at the desk, pins that camera from the detail's 联动摄像头 to screen s2: s2 plays it over
 *   its clock; 取消推送 takes it off. From the 网格位置 map's camera (keyboard) to s1: the pin takes the
 *   联动画面 tile (领导推送) until 取消推送 gives it back to the linkage.
 * - 接单 at the desk: s1's tile is back to 暂无联动, no player left. A second alert opens again and
 *   closes when the injectable clock passes its set time.
 * Waits for states, never for time.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { startCameraStreams, type CameraStreamServer } from '../support/camera-streams';
import { expect, row, signIn, stillPicture, test } from './fixtures';
import { measureText, openWall } from './wall-support';

test.use({ viewport: { width: 1366, height: 768 } });

const PLACE = { lng: 120.17, lat: 29.93 };
const north = (m: number) => ({ lng: PLACE.lng, lat: PLACE.lat + m / ((6_371_008.8 * Math.PI) / 180) });

function linkageWall(): WallDefinition {
  const screen = (id: string, col: number, tiles: WallDefinition['screens'][number]['pages'][number]['tiles']) => ({
    id,
    col,
    row: 0,
    grid: { columns: 2, rows: 2 },
    rotateSeconds: 0,
    pages: [{ id: 'p1', tiles }],
  });
  return {
    theme: 'dark',
    wall: { columns: 2, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      screen('s1', 0, [{ id: 'link', panel: 'cameraLinkage', x: 0, y: 0, w: 2, h: 2, options: {} }]),
      screen('s2', 1, [{ id: 'clock', panel: 'clock', x: 0, y: 0, w: 2, h: 1, options: {} }]),
    ],
  };
}

/** A player's video time, to see it advance. */
const videoTime = (page: Page, scope: string) =>
  page
    .locator(`${scope} [data-testid="camera-video"]`)
    .first()
    .evaluate((v: HTMLVideoElement) => v.currentTime);

async function expectPlays(page: Page, scope: string): Promise<void> {
  await expect(page.locator(`${scope} [data-testid="camera-player"]`)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
  const from = await videoTime(page, scope);
  await expect.poll(() => videoTime(page, scope), { timeout: 15_000 }).toBeGreaterThan(from + 0.5);
}

test('a sensor alert plays the nearest camera on the wall’s 联动画面 until 接单; a leader pins a camera to a screen from the desk', async ({ browser, page, townDesk, guard }) => {
  guard.watch(page);
  const { core, town } = townDesk;
  const contexts: BrowserContext[] = [];
  let streams: CameraStreamServer | null = null;
  try {
    streams = await startCameraStreams();
    const camera = (code: string, name: string, m: number): AddCameraRequest => ({
      code,
      name,
      ...north(m),
      gridCode: town.gridCode,
      hlsUrl: streams!.hlsUrl,
      flvUrl: null,
      whepUrl: null,
      snapshotUrl: null,
    });
    await core.cameras.add(town.admin, camera('BL-CAM41', '白鹭桥北', 200));
    await core.cameras.add(town.admin, camera('BL-CAM42', '芦花村口', 1500));
    const { id } = await core.wall.save(town.leader, { name: '联动大屏', definition: linkageWall() });
    const url = async (screenId: string) => new URL(townDesk.web.url).origin + (await core.wall.issueToken(town.leader, id, screenId)).path;
    const s1 = await openWall(browser, guard, await url('s1'), contexts, { width: 1366, height: 768 });
    const s2 = await openWall(browser, guard, await url('s2'), contexts, { width: 1366, height: 768 });
    const tile = s1.getByTestId('wall-panel-camera-linkage');
    await expect(tile.getByTestId('wall-linkage-idle')).toContainText('暂无联动');
    await expect(s1.locator('video')).toHaveCount(0);
    await stillPicture(s1);
    await s1.screenshot({ path: 'docs/screenshots/camera-wall-linkage-idle.png' });

    // A sensor alert with a place: the tile plays the nearest camera, not the one 1.5 km away.
    const eventId = await core.events.report(town.officer, {
      title: '白鹭桥北烟感报警',
      categoryCode: town.sensorItemCodes.smoke ?? town.itemCode,
      level: 'general',
      source: 'sensor',
      gridCode: town.gridCode,
      location: PLACE,
      sensor: { type: 'smoke', value: 0.92, unit: '置信度' },
    });
    await expect(tile.getByTestId('wall-linkage-event')).toHaveAttribute('data-event-id', eventId);
    await expect(tile.getByTestId('wall-linkage-title')).toHaveText('白鹭桥北烟感报警');
    await expect(tile.getByTestId('wall-linkage-until')).toHaveText('联动将于 09:30 结束');
    await expect(tile.getByTestId('wall-linkage-cell')).toHaveCount(1);
    await expect(tile.getByTestId('wall-linkage-cell')).toHaveAttribute('data-camera', 'BL-CAM41');
    await expectPlays(s1, '[data-testid="wall-panel-camera-linkage"]');
    // Readable from five metres (24 px and up at 1920×1080; 20 px at 1366×768), and no English on the screen.
    await s1.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await measureText(s1)).small).toEqual([]);
    expect((await measureText(s1)).latin).toEqual([]);
    await s1.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(async () => (await measureText(s1, 20)).small).toEqual([]);
    await s1.screenshot({ path: 'docs/screenshots/camera-wall-linkage.png' });

    // The leader pins the camera from the detail's 联动摄像头 to screen s2 (no linkage tile: over its clock).
    await signIn(page, townDesk, townDesk.person(town.leader).username);
    await row(page, eventId).dblclick();
    const detail = page.getByTestId('event-detail');
    await expect(detail).toHaveAttribute('data-event-id', eventId);
    const linked = detail.getByTestId('linked-cameras');
    await linked.getByTestId('pin-to-wall').first().click();
    const dialog = page.getByTestId('pin-dialog');
    await expect(dialog.getByTestId('pin-target')).toHaveCount(2);
    await dialog.locator('[data-testid="pin-target"][data-screen="s2"] input[type="radio"]').check();
    await page.getByTestId('pin-send').click();
    const overlay = s2.getByTestId('wall-pinned-overlay');
    await expect(overlay.getByTestId('wall-linkage-pinned')).toHaveAttribute('data-camera', 'BL-CAM41');
    await expectPlays(s2, '[data-testid="wall-pinned-overlay"]');
    await s2.screenshot({ path: 'docs/screenshots/camera-wall-pinned.png' });
    await expect(dialog.locator('[data-testid="pin-target"][data-screen="s2"]').getByTestId('pin-target-now')).toHaveText('正在播放：白鹭桥北');
    // The pointer off the 推送 it pressed (a hovered button is lighter), then a still picture.
    await page.mouse.move(5, 400);
    await stillPicture(page);
    await page.screenshot({ path: 'docs/screenshots/camera-pin-dialog.png' });
    // The dialog passes axe's WCAG 2.1 A/AA rules (a11y.spec.ts's tags), every impact.
    const axe = await new AxeBuilder({ page }).include('.ant-modal-wrap').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // 取消推送: the overlay goes, its player with it.
    await dialog.locator('[data-testid="pin-target"][data-screen="s2"]').getByTestId('pin-unpin').click();
    // The pressed 取消推送 goes with the pin: the focus stays in the dialog, on that screen (Esc then closes the dialog only).
    await expect(dialog.locator('[data-testid="pin-target"][data-screen="s2"] input[type="radio"]')).toBeFocused();
    await expect(s2.getByTestId('wall-pinned-overlay')).toHaveCount(0);
    await expect(s2.locator('video')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pin-dialog')).toHaveCount(0);
    await expect(linked.getByTestId('pin-to-wall').first()).toBeFocused();
    await expect(detail).toBeVisible();

    // From the 网格位置 map's camera (keyboard): its picture's 推送到大屏 to s1, whose 联动画面 tile the pin takes.
    const point = detail.locator('[data-testid="camera-map-point"][data-code="BL-CAM41"]');
    await point.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('camera-live-tile')).toBeVisible();
    await page.getByRole('dialog').getByTestId('pin-to-wall').click();
    await dialog.locator('[data-testid="pin-target"][data-screen="s1"] input[type="radio"]').check();
    await page.getByTestId('pin-send').click();
    await expect(tile.getByTestId('wall-linkage-pinned')).toHaveAttribute('data-camera', 'BL-CAM41');
    await expect(tile).toContainText('领导推送');
    await expectPlays(s1, '[data-testid="wall-panel-camera-linkage"]');
    await dialog.locator('[data-testid="pin-target"][data-screen="s1"]').getByTestId('pin-unpin').click();
    await expect(tile.getByTestId('wall-linkage-event')).toHaveAttribute('data-event-id', eventId);
    // Esc closes the pin dialog, then the picture; the detail stays.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pin-dialog')).toHaveCount(0);
    await expect(page.getByTestId('camera-live-tile')).toBeVisible();
    await expect(page.getByRole('dialog').getByTestId('pin-to-wall')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('camera-live-tile')).toHaveCount(0);
    await expect(detail).toBeVisible();

    // 接单 at the desk closes the linkage on the wall.
    const state = page.getByTestId('detail-state');
    await page.getByTestId('action-accept').click();
    await expect(state).toHaveText('已受理');
    await page.getByTestId('action-dispatch').click();
    await page.getByTestId('dispatch-confirm').click();
    await expect(state).toHaveText('已派单');
    await expect(tile.getByTestId('wall-linkage-event')).toHaveAttribute('data-event-id', eventId);
    await page.getByTestId('action-acknowledge').click();
    await page.getByTestId('action-ok').click();
    await expect(state).toHaveText('处置中');
    await expect(tile.getByTestId('wall-linkage-idle')).toContainText('暂无联动');
    await expect(s1.locator('video')).toHaveCount(0);

    // Another alert opens it again; the clock passing its set time (30 minutes) closes it.
    const second = await core.events.report(town.officer, {
      title: '滨江堤防水位告警',
      categoryCode: town.sensorItemCodes.smoke ?? town.itemCode,
      level: 'general',
      source: 'sensor',
      gridCode: town.gridCode,
      location: north(150),
      sensor: { type: 'smoke', value: 0.8, unit: '置信度' },
    });
    await expect(tile.getByTestId('wall-linkage-event')).toHaveAttribute('data-event-id', second);
    townDesk.clock.advance(30 * 60_000);
    await expect(tile.getByTestId('wall-linkage-idle')).toBeVisible();
    await expect(s1.locator('video')).toHaveCount(0);
  } finally {
    for (const c of contexts) await c.close();
    await streams?.close();
  }
});
