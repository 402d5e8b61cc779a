/**
 * 摄像头 on the maps (issue #18) in Chromium, on the sample town 白鹭镇 (not the demo town), with
 * ffmpeg's test stream on loopback (test/support/camera-streams.ts):
 * - the wall's 网格事件分布 map draws the enabled cameras at their places (a disabled one not), with the
 *   legend 摄像头; a map with 按网格筛选 shows only that grid's cameras; a touch on a point opens its live
 *   tile, playing; Esc closes it and focus goes back to the point;
 * - the desk: the event detail's 网格位置 map shows the camera of the event's grid; Enter on it opens a
 *   modal playing its picture.
 * Screenshots at 1366×768 and 1920×1080.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { startCameraStreams, type CameraStreamServer } from '../support/camera-streams';
import { expect, row, signIn, test } from './fixtures';
import { openWall } from './wall-support';

type Geometry = { type: string; coordinates: unknown };

/** A point well inside a grid: the mean of its outer ring's corners, nudged toward the ring's first corner until inside. */
function insideOf(geometry: Geometry): { lng: number; lat: number } {
  const ring = (geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][])[0]![0]! : (geometry.coordinates as number[][][])[0]!) as number[][];
  const n = ring.length;
  const lng = ring.reduce((a, p) => a + p[0]!, 0) / n;
  const lat = ring.reduce((a, p) => a + p[1]!, 0) / n;
  return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
}

function mapWall(filterGrid: string): WallDefinition {
  const screen = (id: string, col: number, options: Record<string, unknown>) => ({
    id,
    col,
    row: 0,
    grid: { columns: 1, rows: 1 },
    rotateSeconds: 0,
    pages: [{ id: 'p1', tiles: [{ id: 'map', panel: 'gridMap', x: 0, y: 0, w: 1, h: 1, options }] }],
  });
  return {
    theme: 'dark',
    wall: { columns: 2, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [screen('s1-1', 0, { metric: 'open' }), screen('s2-1', 1, { metric: 'open', cameraGrids: [filterGrid] })],
  };
}

async function shownCameras(page: Page): Promise<string[]> {
  const attr = await page.getByTestId('wall-map-cameras').getAttribute('data-cameras');
  return (attr ?? '').split(',').filter(Boolean).sort();
}

test('the wall map and the event detail show the cameras; a point opens a playing live tile', async ({ browser, townDesk, guard, page }) => {
  test.setTimeout(240_000);
  const { core, town } = townDesk;
  const contexts: BrowserContext[] = [];
  let streams: CameraStreamServer | null = null;
  try {
    streams = await startCameraStreams();
    const [gridA, gridB] = town.gridCodes as [string, string];
    const at = (code: string) => insideOf(core.town.grids.get(code)!.geometry as Geometry);
    const placeA = at(gridA);
    const placeB = at(gridB);
    const camera = (code: string, name: string, gridCode: string, place: { lng: number; lat: number }): AddCameraRequest => ({
      code,
      name,
      ...place,
      gridCode,
      hlsUrl: streams!.hlsUrl,
      flvUrl: null,
      whepUrl: null,
      snapshotUrl: null,
    });
    await core.cameras.add(town.admin, camera('BL-MAP-A', '白鹭桥北', gridA, placeA));
    await core.cameras.add(town.admin, camera('BL-MAP-B', '滨江堤防', gridB, placeB));
    await core.cameras.add(town.admin, camera('BL-MAP-OFF', '旧码头（停用）', gridA, { lng: placeA.lng + 0.0005, lat: placeA.lat }));
    await core.cameras.setEnabled(town.admin, 'BL-MAP-OFF', false);

    const { id } = await core.wall.save(town.leader, { name: '网格地图', definition: mapWall(gridB) });
    const origin = new URL(townDesk.web.url).origin;
    const wall1 = await openWall(browser, guard, origin + (await core.wall.issueToken(town.leader, id, 's1-1')).path, contexts, { width: 1366, height: 768 });
    const wall2 = await openWall(browser, guard, origin + (await core.wall.issueToken(town.leader, id, 's2-1')).path, contexts, { width: 1920, height: 1080 });

    // The map draws the two cameras in use (not the disabled one), with the legend 摄像头.
    await expect.poll(() => shownCameras(wall1), { timeout: 20_000 }).toEqual(['BL-MAP-A', 'BL-MAP-B']);
    await expect(wall1.getByTestId('wall-map-camera-legend')).toContainText('摄像头 2 路');
    // 按网格筛选: the second screen's map shows only gridB's camera.
    await expect.poll(() => shownCameras(wall2), { timeout: 20_000 }).toEqual(['BL-MAP-B']);
    await expect(wall2.getByTestId('wall-map-camera-legend')).toContainText('摄像头 1 路');
    await wall1.screenshot({ path: 'docs/screenshots/camera-map-wall.png' });
    await wall2.screenshot({ path: 'docs/screenshots/camera-map-wall-1920.png' });

    // A touch on a point: its live tile, playing; Esc closes it, focus back on the point.
    const pointA = wall1.locator('[data-testid="camera-map-point"][data-code="BL-MAP-A"]');
    await pointA.click();
    const tile = wall1.getByTestId('camera-live-tile');
    await expect(tile).toContainText('白鹭桥北');
    await expect(tile.getByTestId('camera-player')).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await wall1.screenshot({ path: 'docs/screenshots/camera-map-wall-live.png' });
    await wall1.keyboard.press('Escape');
    await expect(tile).toHaveCount(0);
    await expect(pointA).toBeFocused();
    // Keyboard: Enter on the focused point opens it again; × closes it.
    await wall1.keyboard.press('Enter');
    await expect(tile.getByTestId('camera-player')).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await tile.getByTestId('camera-live-close').click();
    await expect(tile).toHaveCount(0);

    // The desk: an event in gridA at the camera's place; its detail's map shows the camera; Enter opens it.
    const eventId = await townDesk.report({ title: '桥下积水', categoryCode: town.itemCodes[0]!, level: 'general', gridCode: gridA, location: placeA });
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, townDesk);
    await row(page, eventId).dblclick();
    const deskPoints = page.getByTestId('grid-map-cameras');
    await expect(deskPoints).toHaveAttribute('data-cameras', /BL-MAP-A/, { timeout: 20_000 });
    await expect(deskPoints).not.toHaveAttribute('data-cameras', /BL-MAP-OFF/);
    const deskPoint = page.locator('[data-testid="camera-map-point"][data-code="BL-MAP-A"]');
    await deskPoint.focus();
    await page.keyboard.press('Enter');
    const modal = page.locator('.ant-modal').filter({ hasText: '白鹭桥北' });
    await expect(modal.getByTestId('camera-player')).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await page.screenshot({ path: 'docs/screenshots/camera-map-desk.png' });
    // Esc closes the picture only: the detail stays, focus back on the point.
    await page.keyboard.press('Escape');
    await expect(modal.getByTestId('camera-player')).toHaveCount(0);
    await expect(deskPoint).toBeFocused();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect(deskPoint).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/camera-map-desk-1920.png' });
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await streams?.close();
  }
});

test('the map tile takes 显示摄像头 and 按网格筛选摄像头 in the layout editor', async ({ townDesk, page }) => {
  test.setTimeout(90_000);
  const { core, town } = townDesk;
  const [gridA] = town.gridCodes as [string];
  const gridName = core.town.grids.get(gridA)!.name;
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, townDesk, townDesk.person(town.leader).username);
  await page.getByTestId('tab-wall').click();
  await expect(page.getByTestId('wall-editor')).toBeVisible();
  await page.getByTestId('wall-shape').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '1 列 × 1 行' }).click();
  await page.getByTestId('wall-fill-blank').check();
  await page.getByTestId('wall-create').click();
  await expect(page.getByTestId('wall-overview-screen')).toHaveCount(1);
  await page.locator('[data-testid="wall-palette-item"][data-panel="gridMap"]').click();
  await page.locator('[data-testid="wall-cell"][data-x="0"][data-y="0"]').click();
  await expect(page.locator('[data-testid="wall-edit-tile"][data-panel="gridMap"]')).toBeVisible();

  // On by default; the filter lists the town's grids by name.
  await expect(page.getByTestId('wall-option-showCameras')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('wall-option-cameraGrids').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: `${gridName}（${gridA}）` })
    .click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expect(page.getByTestId('wall-issues-none')).toBeVisible();
  await page.getByTestId('wall-option-showCameras').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/camera-map-editor.png' });
  await page.getByTestId('wall-save').click();
  await expect(page.getByText('已保存为第 1 版')).toBeVisible();
  const [saved] = await core.wall.list(town.leader);
  const tileOf = async () => (await core.wall.get(town.leader, saved!.id)).definition.screens[0]!.pages[0]!.tiles[0]!;
  expect((await tileOf()).options).toMatchObject({ cameraGrids: [gridA] });

  // Turned off: the filter is hidden and the saved tile says so.
  await page.locator('[data-testid="wall-edit-tile"][data-panel="gridMap"]').click();
  await page.getByTestId('wall-option-showCameras').click();
  await expect(page.getByTestId('wall-option-cameraGrids')).toHaveCount(0);
  await page.getByTestId('wall-save').click();
  await expect(page.getByText('已保存为第 2 版')).toBeVisible();
  expect((await tileOf()).options).toMatchObject({ showCameras: false });
});
