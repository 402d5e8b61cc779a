/** One-key dispatch: from a new event to dispatched in two keystrokes (`d`, `d`). */
import { expect, row, signIn, test, timelineActions } from './fixtures';

test('d, d dispatches a new event', async ({ page, desk }) => {
  const eventId = await desk.report({ title: '锦绣小区2号楼消防通道被堵', categoryCode: 'FIRE-001', level: 'general', gridCode: 'G04' });
  await signIn(page, desk);
  await expect(row(page, eventId)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('待受理');

  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toContainText('消防安全岗');
  await expect(page.getByTestId('dispatch-coop-post').first()).toBeVisible();
  await page.keyboard.press('d');

  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('已派单');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-state')).toHaveText('已派单');
  expect(await timelineActions(page)).toEqual(['report', 'accept', 'dispatch']);
  await expect(page.getByTestId('detail-assignments')).toContainText('消防安全岗');
});

test('d then Enter confirms too; Esc cancels without dispatching', async ({ page, desk }) => {
  const first = await desk.report({ title: '人民路口占道经营', categoryCode: 'CITY-002', level: 'general', gridCode: 'G02' });
  await signIn(page, desk);
  await expect(row(page, first)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();
  await expect(row(page, first).getByTestId('state-tag')).toHaveText('待受理');

  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(row(page, first).getByTestId('state-tag')).toHaveText('已派单');
});
