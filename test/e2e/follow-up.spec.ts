/**
 * 回访 in the browser (issue #16), on the sample town 白鹭镇: a closed serious event is on the 回访
 * list; the officer records 不满意 by keyboard (3, a note, Ctrl+Enter), is asked whether to reopen,
 * reopens it with a reason, and the event is back in the queue as 待受理 with 回访 and 重新打开 in
 * its timeline. Checked at 1366×768.
 */
import type { Level } from '../../preload/contract';
import { expect, row, signIn, stillPicture, test, timelineActions, type TownDesk } from './fixtures';

/** An event of the sample town reported, accepted and closed at the desk by its officer. */
async function closedEvent(townDesk: TownDesk, title: string, level: Level, result: string): Promise<string> {
  const { town } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  const eventId = await townDesk.report({ title, categoryCode: town.itemCode, level, gridCode: town.gridCode });
  await townDesk.core.events.accept(officer, eventId);
  await townDesk.core.events.close(officer, eventId, result);
  return eventId;
}

test('a closed event marked 不满意 on the 回访 page is reopened and is back in the queue', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await closedEvent(townDesk, '白鹭溪沿岸路灯不亮', 'serious', '已联系供电所修复');

  await signIn(page, townDesk);
  await expect(row(page, eventId)).toHaveCount(0);
  await page.getByTestId('tab-follow-up').click();
  const line = page.locator(`[data-testid="follow-up-row"][data-event-id="${eventId}"]`);
  await expect(line).toContainText('白鹭溪沿岸路灯不亮');
  await expect(line).toContainText('重大及以上必访');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('follow-up-list.png') });

  // By keyboard: the button, then 3 (不满意), a note, Ctrl+Enter.
  await line.getByTestId('follow-up-record').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('follow-up-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('input[type="radio"]').first()).toBeFocused();
  await page.keyboard.press('3');
  await expect(dialog.getByRole('radio', { name: '3 不满意' })).toBeChecked();
  await dialog.getByTestId('follow-up-note').fill('居民说路灯仍然时亮时灭');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('follow-up-dialog.png') });
  await page.keyboard.press('Control+Enter');

  // 不满意 asks whether to reopen, with a reason.
  const reopen = page.getByTestId('follow-up-reopen-dialog');
  await expect(reopen).toBeVisible();
  await expect(reopen.getByTestId('follow-up-reopen-reason')).toHaveValue('回访不满意：居民说路灯仍然时亮时灭');
  await expect(reopen.getByTestId('follow-up-reopen-reason')).toBeFocused();
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('follow-up-reopen.png') });
  await page.keyboard.press('Control+Enter');
  await expect(reopen).toBeHidden();
  await expect(page.getByText('事件已重新打开，回到事件队列')).toBeVisible();
  await expect(line).toHaveCount(0);

  // Back in the queue, waiting to be accepted, its timeline telling what happened.
  await page.getByTestId('tab-queue').click();
  await expect(row(page, eventId)).toBeVisible();
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  expect(await timelineActions(page)).toEqual(['report', 'accept', 'close', 'follow_up', 'reopen']);
  const followUp = page.locator('[data-testid="timeline-entry"][data-action="follow_up"]');
  await expect(followUp).toContainText('回访');
  await expect(followUp).toContainText('不满意');
  await expect(followUp).toContainText('居民说路灯仍然时亮时灭');
  await expect(page.locator('[data-testid="timeline-entry"][data-action="reopen"]')).toContainText('重新打开');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('follow-up-reopened-detail.png') });
});

test('a closed event found in 历史事件 is reopened from its detail with a reason', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await closedEvent(townDesk, '石榴巷下水道堵塞', 'general', '已疏通');

  await signIn(page, townDesk);
  await page.getByTestId('tab-history').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(1);
  await rows.first().focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('event-detail');
  await expect(detail).toHaveAttribute('data-event-id', eventId);
  // 历史事件 hands an action to the queue's detail of the same event (as for every action there).
  await page.getByTestId('action-reopen').click();
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('event-detail')).toHaveAttribute('data-event-id', eventId);
  await page.getByTestId('action-reopen').click();
  await expect(page.getByTestId('action-dialog')).toContainText('各项时限从重新打开时起重新计算');
  await page.getByTestId('action-text').fill('群众来电反映仍然堵塞');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('reopen-from-detail.png') });
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('action-dialog')).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  await expect.poll(() => timelineActions(page)).toEqual(['report', 'accept', 'close', 'reopen']);
  await expect(page.locator('[data-testid="timeline-entry"][data-action="reopen"]')).toContainText('群众来电反映仍然堵塞');
  await page.getByTestId('tab-queue').click();
  await expect(row(page, eventId)).toBeVisible();
});
