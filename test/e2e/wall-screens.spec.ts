/**
 * The wall at 1920×1080 in Chromium: screenshots of every screen of the 3×2 cockpit into
 * docs/screenshots/wall-*.png (dark) and one in the light theme; on every screen no text node is
 * below 24 px, no chart text is below 24 px, no Latin word or unfilled placeholder shows, nothing
 * is cut off; and in a 1366×768 window no text (charts' included) is below 20 px, nothing cut off.
 */
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { expect, test } from './fixtures';
import { chartText, holdFirstPage, measureText, openWall, saveWall, seedWallDay } from './wall-support';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

test('every screen of the 3×2 cockpit: legible, Chinese, nothing cut; screenshots', async ({ desk, browser, guard }) => {
  test.setTimeout(240_000);
  await seedWallDay(desk);
  const wall = await saveWall(desk);
  const contexts: BrowserContext[] = [];
  try {
    for (const screen of wall.definition.screens) {
      const page = await openWall(browser, guard, wall.urls[screen.id]!, contexts);
      await expect(page.getByTestId('wall-screen')).toHaveAttribute('data-screen-id', screen.id);
      // Every panel of the first page has its data on screen and every chart is there; the page is
      // held (rotation paused) while it is measured, charts included, so all is read from that page.
      await holdFirstPage(page, screen);
      const text = await measureText(page);
      expect(text.measured, screen.id).toBeGreaterThanOrEqual(2);
      expect(text.small, `${screen.id}: text below 24 px`).toEqual([]);
      expect(text.latin, `${screen.id}: Latin words on a zh-CN wall`).toEqual([]);
      expect(text.cut, `${screen.id}: text cut off`).toEqual([]);
      const charts = await chartText(page);
      if (charts.charts > 0) {
        expect(Math.min(...charts.fontSizes), `${screen.id}: chart text below 24 px`).toBeGreaterThanOrEqual(24);
        expect(
          charts.texts.filter((t) => /[A-Za-z]{2,}|\{\w+\}/.test(t)),
          `${screen.id}: Latin in chart text`,
        ).toEqual([]);
      }
      await page.screenshot({ path: path.join(OUT, `wall-${screen.id}.png`) });
      await page.context().close();
    }
    // The light theme (the console's), one screen.
    const light = await saveWall(desk, templateLayout(3, 2, 'light'), '浅色 3×2');
    const page = await openWall(browser, guard, light.urls['s1-1']!, contexts);
    await holdFirstPage(
      page,
      light.definition.screens.find((s) => s.id === 's1-1')!,
    );
    expect((await measureText(page)).small).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'wall-light-s1-1.png') });

    // A smaller window (a wall screen shown on a 1366×768 display): nothing below 20 px, nothing cut.
    for (const screen of wall.definition.screens) {
      const small = await openWall(browser, guard, wall.urls[screen.id]!, contexts, { width: 1366, height: 768 });
      await holdFirstPage(small, screen);
      const text = await measureText(small, 20);
      expect(text.small, `${screen.id} at 1366×768: text below 20 px`).toEqual([]);
      expect(text.cut, `${screen.id} at 1366×768: text cut off`).toEqual([]);
      const charts = await chartText(small);
      if (charts.charts > 0) expect(Math.min(...charts.fontSizes), `${screen.id} at 1366×768: chart text below 20 px`).toBeGreaterThanOrEqual(20);
      if (screen.id === 's1-1') await small.screenshot({ path: test.info().outputPath('wall-s1-1-1366.png') });
      await small.context().close();
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});
