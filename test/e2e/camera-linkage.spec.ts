/**
 * 联动摄像头 (issue #18) in Chromium at 1366×768, on the sample town 白鹭镇: a sensor alert with a
 * location arrives while the officer is at the desk; its detail lists the nearest cameras in use,
 * nearest first with their distances and when the linkage ends (Beijing time) — not the disabled one,
 * not the one 1.5 km away. Accepted and dispatched it stays; once the event is acknowledged (接单) the
 * section is gone.
 */
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import { expect, row, signIn, stillPicture, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

/** The event's place, and a point `m` metres north of it (one degree of latitude is R·π/180 m). */
const PLACE = { lng: 120.17, lat: 29.93 };
const north = (m: number) => ({ lng: PLACE.lng, lat: PLACE.lat + m / ((6_371_008.8 * Math.PI) / 180) });

test('a sensor alert opens the nearest cameras on the event panel until it is acknowledged', async ({ page, townDesk }) => {
  const { core, town } = townDesk;
  const camera = (code: string, name: string, m: number): AddCameraRequest => ({
    code,
    name,
    ...north(m),
    gridCode: town.gridCode,
    hlsUrl: `https://video.bailu.example/live/${code}.m3u8`,
    flvUrl: null,
    whepUrl: null,
    snapshotUrl: null,
  });
  await core.cameras.add(town.admin, camera('BL-CAM31', '白鹭桥北', 320));
  await core.cameras.add(town.admin, camera('BL-CAM32', '滨江堤防', 760));
  await core.cameras.add(town.admin, camera('BL-CAM33', '芦花村口', 1500));
  await core.cameras.add(town.admin, camera('BL-CAM30', '桥头（停用）', 60));
  await core.cameras.setEnabled(town.admin, 'BL-CAM30', false);

  await signIn(page, townDesk);
  const eventId = await core.events.report(town.officer, {
    title: '白鹭桥北烟感报警',
    categoryCode: town.sensorItemCodes.smoke ?? town.itemCode,
    level: 'general',
    source: 'sensor',
    gridCode: town.gridCode,
    location: PLACE,
    sensor: { type: 'smoke', value: 0.92, unit: '置信度' },
  });
  await expect(row(page, eventId)).toBeVisible();
  await row(page, eventId).dblclick();
  const detail = page.getByTestId('event-detail');
  await expect(detail).toHaveAttribute('data-event-id', eventId);

  const section = detail.getByTestId('linked-cameras');
  await expect(section).toContainText('联动摄像头');
  const cameras = section.getByTestId('linked-camera');
  await expect(cameras).toHaveCount(2);
  await expect(cameras.nth(0)).toHaveAttribute('data-code', 'BL-CAM31');
  await expect(cameras.nth(0)).toContainText('白鹭桥北');
  await expect(cameras.nth(0)).toContainText('约 320 米');
  await expect(cameras.nth(0)).toContainText(core.town.grids.get(town.gridCode)!.name);
  await expect(cameras.nth(1)).toHaveAttribute('data-code', 'BL-CAM32');
  await expect(cameras.nth(1)).toContainText('约 760 米');
  // Reported at 09:00 Beijing time (the fixture's clock): 30 minutes by default.
  await expect(section.getByTestId('linked-cameras-until')).toContainText('联动将于 09:30 结束');
  await section.scrollIntoViewIfNeeded();
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/camera-linkage.png' });

  // Accepted and dispatched, it stays open; acknowledged (接单), it closes.
  const state = page.getByTestId('detail-state');
  await page.getByTestId('action-accept').click();
  await expect(state).toHaveText('已受理');
  await page.getByTestId('action-dispatch').click();
  await page.getByTestId('dispatch-confirm').click();
  await expect(state).toHaveText('已派单');
  await expect(section.getByTestId('linked-camera')).toHaveCount(2);
  await page.getByTestId('action-acknowledge').click();
  await page.getByTestId('action-ok').click();
  await expect(state).toHaveText('处置中');
  await expect(detail.getByTestId('linked-cameras')).toHaveCount(0);
});

test('the administrator sets the linkage; a radius out of bounds is refused in Chinese and nothing is saved', async ({ page, townDesk }) => {
  const { core, town } = townDesk;
  const username = townDesk.person(town.admin).username;
  await page.goto(townDesk.web.url);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(townDesk.passwordOf(username));
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('app-header')).toBeVisible();
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-cameras').click();
  const form = page.getByTestId('camera-linkage-settings');
  await expect(form).toContainText('联动半径（米）');
  await expect(page.getByTestId('linkage-radius')).toHaveValue('1000');

  await page.getByTestId('linkage-radius').fill('9000');
  await page.getByTestId('linkage-save').click();
  await expect(page.getByTestId('linkage-refusal')).toHaveText('联动半径须为 50 到 5000 米之间的整数，未保存。请修改后再保存。');
  await form.scrollIntoViewIfNeeded();
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/camera-linkage-settings.png' });
  expect(await core.cameraLinkage.settings(town.admin)).toEqual({ count: 4, radiusM: 1000, closeAfterMinutes: 30 });

  await page.getByTestId('linkage-radius').fill('500');
  await page.getByTestId('linkage-close').fill('20');
  await page.getByTestId('linkage-close').press('Enter');
  await expect(page.getByTestId('linkage-refusal')).toHaveCount(0);
  await expect.poll(() => core.cameraLinkage.settings(town.admin)).toEqual({ count: 4, radiusM: 500, closeAfterMinutes: 20 });
});
