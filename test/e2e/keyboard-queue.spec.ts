/**
 * From a new call to dispatched with Tab, Enter and the arrows only — no letter shortcut (#19), in the
 * sample town 白鹭镇 at 1366×768: Tab reaches 登记来电, the intake's fields and its 登记 button; the
 * queue is one Tab stop whose rows the arrows move through, Enter opens the focused row's detail; Tab
 * reaches 派单 there, and Enter on the dialog's 派单 dispatches.
 */
import type { Locator, Page } from '@playwright/test';
import { chooseOption, expect, signIn, test } from './fixtures';

/** Presses Tab until the focus is inside `target` (a person tabbing through the page); fails if it never gets there. */
async function tabTo(page: Page, target: Locator, most = 80): Promise<void> {
  for (let i = 0; i <= most; i++) {
    if (await target.evaluate((el) => el.contains(document.activeElement)).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

const focusedRow = (page: Page) => page.locator('[data-testid="queue-row"]:focus');

test('a new call to dispatched with Tab, Enter and arrows only', async ({ page, townDesk }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const { core, town } = townDesk;
  const item = core.town.catalogue.get(town.itemCode)!;
  const grid = core.town.grids.get(town.gridCode)!;
  // Two events already in the queue, so the arrows have somewhere to go.
  const older = await townDesk.report({ title: '路灯不亮（早先来电）', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  await townDesk.report({ title: '井盖缺失（早先来电）', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  await signIn(page, townDesk);

  // 登记来电 is a button Tab reaches; Enter opens the intake.
  await tabTo(page, page.getByTestId('intake-button'));
  await expect(page.getByTestId('intake-button')).toHaveText(/登记来电/);
  await page.keyboard.press('Enter');
  const form = page.getByTestId('intake-form');
  await expect(form).toBeVisible();
  await tabTo(page, page.getByTestId('intake-item'));
  await page.keyboard.type(item.name);
  await chooseOption(page, item.name);
  await expect(page.getByTestId('intake-title')).toHaveValue(item.name);
  await tabTo(page, page.getByTestId('intake-grid'));
  await page.keyboard.type(grid.name);
  await chooseOption(page, grid.name);
  await tabTo(page, page.getByTestId('intake-title'));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('桥头路灯全灭，居民来电');
  await tabTo(page, page.getByTestId('intake-submit'));
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();

  // The new event is selected; the queue is one Tab stop, on that row.
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]');
  await expect(selected).toContainText('桥头路灯全灭，居民来电');
  const eventId = (await selected.getAttribute('data-event-id'))!;
  await tabTo(page, page.getByTestId('queue-list'));
  await expect(focusedRow(page)).toHaveAttribute('data-event-id', eventId);
  await expect(page.locator('[data-testid="queue-row"][tabindex="0"]')).toHaveCount(1);

  // The arrows move the selection and the focus with it, down to the older call and back.
  const ids = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')));
  const at = ids.indexOf(eventId);
  const neighbour = at + 1 < ids.length ? 'ArrowDown' : 'ArrowUp';
  await page.keyboard.press(neighbour);
  await expect(focusedRow(page)).not.toHaveAttribute('data-event-id', eventId);
  await expect(focusedRow(page)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press(neighbour === 'ArrowDown' ? 'ArrowUp' : 'ArrowDown');
  await expect(focusedRow(page)).toHaveAttribute('data-event-id', eventId);
  await page.screenshot({ path: test.info().outputPath('queue-row-focus-1366.png') });

  // Enter opens its detail; Tab reaches 派单; Enter on the dialog's 派单 dispatches.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-title')).toHaveText('桥头路灯全灭，居民来电');
  await tabTo(page, page.getByTestId('action-dispatch'));
  await page.keyboard.press('Enter');
  const confirm = page.getByTestId('dispatch-confirm');
  await expect(confirm).toBeEnabled();
  await tabTo(page, confirm, 30);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dispatch-confirm')).toBeHidden();
  await expect.poll(async () => (await core.events.detail(townDesk.actor(townDesk.officer), eventId)).state).toBe('dispatched');
  await expect(page.locator(`[data-testid="queue-row"][data-event-id="${eventId}"] [data-testid="state-tag"]`)).toHaveText('已派单');
  // The earlier calls are untouched.
  expect((await core.events.detail(townDesk.actor(townDesk.officer), older)).state).toBe('reported');
});
