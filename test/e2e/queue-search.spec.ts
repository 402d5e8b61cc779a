/**
 * The queue's search by pinyin initials (`lzt` → 乱张贴乱涂写) still works now that pinyin-pro is
 * loaded after the queue is on screen rather than with it (cold start), and the grid map's code
 * (ECharts) is fetched only when a detail is opened.
 */
import { expect, row, signIn, test } from './fixtures';

test('search by pinyin initials, and the map loaded only with the first detail', async ({ page, desk }) => {
  const posters = await desk.report({ title: '公交站台有小广告', categoryCode: 'CITY-003', level: 'general', gridCode: 'G07' });
  const factory = await desk.report({ title: '化工厂夜间排放', categoryCode: 'ENV-001', level: 'general', gridCode: 'G12' });
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await signIn(page, desk);
  await expect(row(page, posters)).toBeVisible();
  await expect(row(page, factory)).toBeVisible();
  expect(scripts.filter((s) => /\/GridMap-[\w-]+\.js$/.test(s))).toEqual([]);

  // 乱张贴乱涂写 → l z t l t x: "lzt" matches its item, not the factory's.
  await page.getByTestId('queue-search').fill('lzt');
  await expect(row(page, posters)).toBeVisible();
  await expect(row(page, factory)).toBeHidden();
  await page.getByTestId('queue-search').fill('');
  await expect(row(page, factory)).toBeVisible();

  await row(page, factory).click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('grid-map').locator('canvas')).toBeVisible();
  expect(scripts.filter((s) => /\/GridMap-[\w-]+\.js$/.test(s))).toHaveLength(1);
});
