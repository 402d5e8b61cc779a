/**
 * The closed loop through the console: a phone call taken in with the keyboard, accepted,
 * dispatched, acknowledged, reported back, verified by a second person, closed — every step in
 * the timeline. The officer who reported back is refused when he tries to verify his own work.
 */
import { expect, signIn, test, timelineActions } from './fixtures';

test('a phone call from intake to closed', async ({ page, desk, openSecondPage }) => {
  await signIn(page, desk);

  // Take the call: n, the item by pinyin initials, grid, title, caller; Ctrl+Enter reports it.
  await page.keyboard.press('n');
  const form = page.getByTestId('intake-form');
  await expect(form).toBeVisible();
  await page.keyboard.type('slyh');
  await expect(page.locator('.ant-select-item-option', { hasText: '森林烟火监测预警' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-standard')).toContainText('处置标准');
  await expect(page.getByTestId('intake-title')).toHaveValue('森林烟火监测预警');
  await page.getByTestId('intake-grid').locator('input').focus();
  await page.keyboard.type('G31');
  await page.keyboard.press('Enter');
  await page.getByTestId('intake-title').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('石门村后山有烟，村民来电');
  await page.getByTestId('intake-description').focus();
  await page.keyboard.type('来电称石门村后山半山腰冒白烟，附近有坟地。');
  await page.getByTestId('intake-caller-name').focus();
  await page.keyboard.type('李大伯');
  await page.getByTestId('intake-caller-phone').focus();
  await page.keyboard.type('13900001111');
  await page.keyboard.press('Control+Enter');
  await expect(form).toBeHidden();

  // The new event is selected in the queue.
  const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]');
  await expect(selected).toContainText('石门村后山有烟，村民来电');
  await expect(selected).toContainText('较大');
  const eventId = (await selected.getAttribute('data-event-id'))!;
  const stored = await desk.core.events.detail(desk.actor('zhangwei'), eventId);
  expect(stored).toMatchObject({ source: 'phone', gridCode: 'G31', level: 'major', callerName: '李大伯', callerPhone: '13900001111', state: 'reported' });

  // Open it and walk the loop with the detail's buttons.
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('event-detail');
  await expect(detail).toHaveAttribute('data-event-id', eventId);
  const state = page.getByTestId('detail-state');
  await expect(state).toHaveText('待受理');

  await page.getByTestId('action-accept').click();
  await expect(state).toHaveText('已受理');

  await page.getByTestId('action-dispatch').click();
  await expect(page.getByTestId('dispatch-lead-post')).toContainText('应急管理岗');
  await page.getByTestId('dispatch-confirm').click();
  await expect(state).toHaveText('已派单');

  await page.getByTestId('action-acknowledge').click();
  await expect(page.getByTestId('action-post')).toContainText('应急管理岗');
  await page.getByTestId('action-ok').click();
  await expect(state).toHaveText('处置中');

  await page.getByTestId('action-report_back').click();
  await page.getByTestId('action-text').fill('已到现场核实，系村民烧纸引起，已扑灭并劝导。');
  await page.getByTestId('action-ok').click();
  await expect(state).toHaveText('待核查');

  // The one who reported back may not verify: the refusal is a sentence, and nothing changes.
  await page.getByTestId('action-verify').click();
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-error')).toContainText('反馈人不能核查自己的处置结果');
  await page.keyboard.press('Escape');
  await expect(state).toHaveText('待核查');

  // The duty leader verifies on another workstation.
  const leader = await openSecondPage();
  await signIn(leader, desk, 'lihua');
  await leader.locator(`[data-testid="queue-row"][data-event-id="${eventId}"]`).click();
  await leader.keyboard.press('Enter');
  await expect(leader.getByTestId('detail-state')).toHaveText('待核查');
  await leader.getByTestId('action-verify').click();
  await leader.getByTestId('action-ok').click();
  await expect(leader.getByTestId('detail-state')).toHaveText('已办结');

  // The officer's console follows through the feed: closed, out of the queue, every step shown.
  await expect(state).toHaveText('已办结');
  await expect(page.locator(`[data-testid="queue-row"][data-event-id="${eventId}"]`)).toHaveCount(0);
  expect(await timelineActions(page)).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'report_back', 'verify']);
  const timeline = page.getByTestId('detail-timeline');
  for (const text of ['登记', '受理', '派单', '接单', '反馈', '核查办结', '李华', '张伟', '已到现场核实']) await expect(timeline).toContainText(text);
});
