/**
 * 系统设置 → 摄像头 (issue #18) in Chromium at 1366×768, on the sample town 白鹭镇: the administrator
 * adds a camera with the keyboard alone (Tab from field to field, the grid picked by typing and Enter,
 * Enter saves); a longitude and latitude typed the wrong way round are refused in Chinese saying what
 * to do, nothing is saved; put right, the camera is in the list.
 */
import { chooseOption, expect, stillPicture, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

test('the administrator adds a camera by keyboard; a swapped longitude is refused in Chinese', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  const username = townDesk.person(townDesk.town.admin).username;
  await page.goto(townDesk.web.url);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(townDesk.passwordOf(username));
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('app-header')).toBeVisible();

  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-cameras').click();
  const section = page.getByTestId('settings-cameras');
  await expect(section).toBeVisible();
  await expect(section.getByTestId('camera-row')).toHaveCount(0);

  await page.getByTestId('camera-add').click();
  await stillPicture(page);
  await expect(page.getByTestId('camera-code')).toBeFocused();
  await page.keyboard.type('BL-CAM99');
  await page.keyboard.press('Tab');
  await page.keyboard.type('白鹭桥北');
  await page.keyboard.press('Tab');
  // The latitude where the longitude goes, and the other way round.
  await page.keyboard.type('29.93');
  await page.keyboard.press('Tab');
  await page.keyboard.type('120.17');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('camera-grid').locator('input')).toBeFocused();
  await page.keyboard.type('BL-G01');
  await chooseOption(page, 'BL-G01');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('camera-hls')).toBeFocused();
  await page.keyboard.type('https://video.bailu.example/live/cam99.m3u8');
  await page.keyboard.press('Enter');

  const refusal = page.getByTestId('camera-refusal');
  await expect(refusal).toContainText('经度不在 73 到 136 之间');
  await expect(refusal).toContainText('不要与纬度填反');
  await expect(page.getByTestId('camera-form')).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/cameras-admin-refusal.png' });
  expect(await townDesk.core.cameras.list(townDesk.town.admin)).toEqual([]);

  // Put right by keyboard: back to the longitude, each number replaced.
  await page.getByTestId('camera-lng').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('120.17');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('29.93');
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('camera-form')).toBeHidden();
  const row = section.locator('[data-testid="camera-row"][data-code="BL-CAM99"]');
  await expect(row).toContainText('白鹭桥北');
  await expect(row).toContainText('白鹭社区第一网格');
  await expect(row).toContainText('120.17000, 29.93000');
  await expect(row).toContainText('在用');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/cameras-admin.png' });
  expect(await townDesk.core.cameras.list(townDesk.town.admin)).toEqual([expect.objectContaining({ code: 'BL-CAM99', lng: 120.17, lat: 29.93, gridCode: 'BL-G01' })]);
});
