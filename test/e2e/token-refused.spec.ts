/**
 * An address the web console no longer accepts says so, and what to do, instead of 正在载入 for ever
 * (#19): a wall screen's wrong or revoked token, and a console address from before a restart.
 */
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { saveWall } from './wall-support';

test('a wall address with a wrong token says 此大屏链接已失效 and how to get a new one; a right one shows its screen', async ({ browser, desk, guard }) => {
  const wall = await saveWall(desk);
  const contexts: BrowserContext[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    guard.watch(page);

    const good = wall.urls['s1-1']!;
    await page.goto(good.replace(/token=wt_[^&]+/, 'token=wt_not_a_real_token'));
    const refused = page.getByTestId('token-refused');
    await expect(refused).toContainText('此大屏链接已失效');
    await expect(refused).toContainText('在“大屏访问地址”中为这块屏幕点“生成访问地址”');
    // Legible from across the room.
    const px = await refused.locator('strong').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(40);
    await expect(page.getByTestId('wall-root')).toHaveCount(0);
    await page.screenshot({ path: 'docs/screenshots/wall-token-refused.png' });

    await page.goto(good);
    await expect(page.getByTestId('wall-root')).toBeVisible();
    await expect(refused).toHaveCount(0);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});

test('a console address whose token is not this run’s says to open the address the console printed', async ({ page, desk }) => {
  const url = new URL(desk.web.url);
  url.searchParams.set('token', 'from-yesterdays-run');
  await page.goto(url.toString());
  await expect(page.getByTestId('token-refused')).toHaveText('此访问地址已失效（值班台重新启动后地址会改变）。请使用启动程序最新打印的完整地址重新打开值班台。');
  await page.goto(desk.web.url);
  await expect(page.getByTestId('signin-username')).toBeVisible();
});
