/**
 * No English on zh-CN screens (#19) where the server's or the browser's words used to show: a wall
 * screen that does not load says in Chinese what happened and what to do, offers 重新载入, and folds
 * the technical detail under 技术信息; 系统设置 → 语音播报's 试听 that fails says 无法试听： and what
 * to do, never the error's text. The failures are made by the in-process core throwing.
 */
import type { BrowserContext } from '@playwright/test';
import { expect, signIn, stillPicture, test } from './fixtures';
import { saveWall } from './wall-support';

const ENGLISH = 'SQLITE_BUSY: database is locked';

test('a wall screen that does not load: a Chinese sentence, 重新载入, the detail folded away', async ({ desk, browser, guard }) => {
  const wall = await saveWall(desk);
  const screenId = wall.definition.screens[0]!.id;
  const wallService = desk.core.wall;
  const screens = wallService.screens.bind(wallService);
  wallService.screens = () => Promise.reject(new Error(ENGLISH));
  const contexts: BrowserContext[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    guard.watch(page);
    await page.goto(wall.urls[screenId]!);
    const message = page.getByTestId('wall-message');
    await expect(message).toContainText('大屏没能载入：值班台处理这块屏幕的请求时出错。请点“重新载入”');
    await expect(page.getByTestId('wall-retry')).toHaveText('重新载入');
    // Nothing Latin in what is shown: the detail is folded under 技术信息.
    const visible = await message.evaluate((el) => (el as HTMLElement).innerText);
    expect(visible).not.toMatch(/[A-Za-z]/);
    await expect(page.getByText('技术信息（供管理员排查）')).toBeVisible();
    await stillPicture(page);
    await page.screenshot({ path: test.info().outputPath('wall-failure.png') });

    // Fixed on the desk: 重新载入 (by keyboard) brings the screen.
    wallService.screens = screens;
    await page.getByTestId('wall-retry').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('wall-root')).toBeVisible();
    await expect(message).toHaveCount(0);
  } finally {
    wallService.screens = screens;
    for (const context of contexts) await context.close();
  }
});

test('试听 that fails says 无法试听： what happened and what to do, never the error’s text', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const voice = townDesk.core.voice;
  const audio = voice.audio.bind(voice);
  voice.audio = () => Promise.reject(new Error('TTS engine crashed: exit code 1'));
  try {
    await signIn(page, townDesk, townDesk.person(townDesk.town.admin).username);
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-tab-voice').click();
    await page.getByTestId('voice-listen-overdue').click();
    const error = page.locator('.ant-message-error');
    await expect(error).toContainText('无法试听：值班台没能把这段文字合成为语音。请稍后再点“试听”');
    expect(await error.innerText()).not.toMatch(/[A-Za-z]/);
    await page.screenshot({ path: test.info().outputPath('listen-failed.png') });
  } finally {
    voice.audio = audio;
  }
});
