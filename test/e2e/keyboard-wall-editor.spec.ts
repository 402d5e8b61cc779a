/**
 * The wall editor by keyboard (#19), as the sample town's duty leader: a panel picked in the palette
 * with Enter is placed on the canvas with the arrows and Enter; the placed tile has the focus, the
 * arrows move it a cell at a time, Shift+arrows resize it, Delete removes it. Each step is read out.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

const palette = (page: Page, panel: string): Locator => page.locator(`[data-testid="wall-palette-item"][data-panel="${panel}"]`);
const tileOf = (page: Page, panel: string): Locator => page.locator(`[data-testid="wall-edit-tile"][data-panel="${panel}"]`);

/** Presses Tab until `target` has the focus. */
async function tabTo(page: Page, target: Locator, most = 120): Promise<void> {
  for (let i = 0; i < most && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

test('a panel placed, moved, resized and removed with the keyboard only', async ({ page, townDesk }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await signIn(page, townDesk, townDesk.person(townDesk.town.leader).username);
  await page.getByTestId('tab-wall').click();
  await expect(page.getByTestId('wall-editor')).toBeVisible();
  await page.getByTestId('wall-fill-blank').check();
  await page.getByTestId('wall-create').click();
  await expect(page.getByTestId('wall-overview-screen')).toHaveCount(6);

  // The palette: Tab to 北京时间, Enter picks it and puts the focus on the canvas's first cell.
  await tabTo(page, palette(page, 'clock'));
  await expect(palette(page, 'clock')).toHaveAttribute('aria-label', /北京时间.*Enter/);
  await page.keyboard.press('Enter');
  await expect(palette(page, 'clock')).toHaveAttribute('aria-pressed', 'true');
  const first = page.locator('[data-testid="wall-cell"][data-x="0"][data-y="0"]');
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('aria-label', /第 1 列第 1 行.*北京时间/);

  // Right once, down once, Enter: the clock is at column 2, row 2, and has the focus.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="wall-cell"][data-x="1"][data-y="1"]')).toBeFocused();
  await page.keyboard.press('Enter');
  const clock = tileOf(page, 'clock');
  await expect(clock).toHaveAttribute('data-rect', '1,1,1,1');
  await expect(clock).toBeFocused();
  await expect(clock).toHaveAttribute('aria-label', /北京时间：第 2 列第 2 行起，1×1 格/);

  // The arrows move it; Shift+arrows resize it; the edges hold.
  await page.keyboard.press('ArrowLeft');
  await expect(clock).toHaveAttribute('data-rect', '0,1,1,1');
  await page.keyboard.press('ArrowLeft');
  await expect(clock).toHaveAttribute('data-rect', '0,1,1,1');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(clock).toHaveAttribute('data-rect', '0,1,2,1');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(clock).toHaveAttribute('data-rect', '0,1,2,2');
  await expect(clock).toBeFocused();
  await expect(clock).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: test.info().outputPath('wall-editor-keyboard.png') });

  // Delete removes it.
  await page.keyboard.press('Delete');
  await expect(clock).toHaveCount(0);
});
