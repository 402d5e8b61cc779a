/**
 * The header on a common 1366×768 workstation screen, signed in as the admin (who sees every page):
 * the clock, the connection state and sign-out stay on screen in both languages, and every page's tab
 * can still be reached (the tabs scroll sideways instead of pushing the rest off the edge).
 */
import path from 'node:path';
import { expect, signIn, test } from './fixtures';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

test('at 1366×768 the admin reaches every tab and the clock and sign-out stay on screen', async ({ page, desk }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, desk, 'admin');
  // Measured once the header has its final contents: the sync state and the simulated-clock tag
  // arrive after sign-in (each its own request) and widen the header when they do.
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'not_configured');
  await expect(page.getByTestId('header-clock')).toContainText('模拟时钟');
  const onScreen = async (testId: string) => {
    const box = (await page.getByTestId(testId).boundingBox())!;
    expect(box, testId).not.toBeNull();
    expect(box.x, `${testId} left`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${testId} right edge`).toBeLessThanOrEqual(1366);
  };
  for (const id of ['header-clock', 'connection', 'signed-in-person', 'sign-out']) await onScreen(id);
  await page.screenshot({ path: path.join(OUT, 'header-1366.png'), clip: { x: 0, y: 0, width: 1366, height: 90 } });

  // Not all thirteen tabs fit: the cut edge says so with a › button, which brings the last tab into view.
  const strip = page.locator('.page-tabs-strip');
  const inView = async (testId: string) => {
    const s = (await strip.boundingBox())!;
    const b = (await page.getByTestId(testId).boundingBox())!;
    return b.x >= s.x - 1 && b.x + b.width <= s.x + s.width + 1;
  };
  await expect(page.getByTestId('page-tabs-more')).toBeVisible();
  await expect(page.getByTestId('page-tabs-back')).toHaveCount(0);
  expect(await inView('tab-settings')).toBe(false);
  for (let i = 0; i < 6 && !(await inView('tab-settings')); i++) await page.getByTestId('page-tabs-more').click();
  await expect.poll(() => inView('tab-settings')).toBe(true);
  // At the end: the › is gone and a ‹ leads back.
  await expect(page.getByTestId('page-tabs-more')).toHaveCount(0);
  await expect(page.getByTestId('page-tabs-back')).toBeVisible();
  await onScreen('page-tabs-back');
  await page.screenshot({ path: path.join(OUT, 'header-1366-scrolled.png'), clip: { x: 0, y: 0, width: 1366, height: 90 } });

  // The last tab (settings) and the first (queue) are both reachable.
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await page.getByTestId('tab-plans').click();
  await expect(page.getByTestId('plans-page')).toBeVisible();

  // English words are longer: still nothing pushed off the edge.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('sign-out')).toContainText('Sign out');
  await expect(page.getByTestId('header-clock')).toContainText('Simulated clock');
  for (const id of ['header-clock', 'connection', 'sign-out']) await onScreen(id);
});

test('at 1366×768 with an event’s detail open, the queue keeps its 当前时限 column in view', async ({ page, desk }) => {
  const id = await desk.report({ title: '锦绣小区2号楼消防通道被堵', categoryCode: 'FIRE-001', level: 'general', gridCode: 'G04' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, desk);
  // Enter opens the selected row: waited for until the queue has selected it.
  await expect(page.locator(`[data-testid="queue-row"][data-event-id="${id}"]`)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-state')).toBeVisible();
  const list = (await page.getByTestId('queue-list').boundingBox())!;
  const head = (await page.getByTestId('queue-head-clock').boundingBox())!;
  expect(head.x + head.width, 'the 当前时限 heading ends inside the queue').toBeLessThanOrEqual(list.x + list.width);
  const clock = page.locator(`[data-testid="queue-row"][data-event-id="${id}"]`).getByTestId('sla');
  await expect(clock).toBeVisible();
  const c = (await clock.boundingBox())!;
  expect(c.x + c.width, 'the row’s clock ends inside the queue').toBeLessThanOrEqual(list.x + list.width);
  await page.screenshot({ path: path.join(OUT, 'queue-1366-detail.png') });
});
