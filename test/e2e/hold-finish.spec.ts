/**
 * A held event (挂账) reported back in the browser (issue #15's acceptance audit), at 1366×768: the
 * 办结反馈 dialog says the hold ends with it; after it the detail no longer shows the event held, the
 * timeline has 解除挂账 (随办结反馈解除挂账) before 办结反馈, and the 挂账 list is empty.
 */
import { expect, row, signIn, stillPicture, test, timelineActions } from './fixtures';

test('办结反馈 on a held event ends the hold on the way: the dialog says so, the timeline shows it, the 挂账 list is empty', async ({ page, desk, clock }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await desk.report({ title: '溪口村老桥护栏缺损', categoryCode: 'CITY-001', level: 'general', gridCode: 'G18' });
  await desk.dispatch(eventId);
  const lead = (await desk.core.events.detail(desk.actor('zhangwei'), eventId)).assignments.find((a) => a.role === 'lead')!;
  await desk.core.events.acknowledge(desk.actor('zhangwei'), eventId, lead.postId);
  await desk.core.events.requestHold(desk.actor('lihua'), { eventId, reason: '护栏更换需区交通局立项拨款', reviewBy: '2026-11-30' });
  clock.advance(3 * 86400_000);

  await signIn(page, desk);
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-held')).toContainText('护栏更换需区交通局立项拨款');
  await page.getByTestId('action-report_back').click();
  await expect(page.getByTestId('releases-hold')).toHaveText('本事件已挂账：提交后将随之解除挂账，挂账期间的时长不计入时限。');
  await page.getByTestId('action-text').fill('区交通局已拨款，护栏已更换完毕');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('hold-report-back-dialog.png') });
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-dialog')).toBeHidden();

  await expect(page.getByTestId('detail-state')).toHaveText('待核查');
  await expect(page.getByTestId('detail-held')).toHaveCount(0);
  expect((await timelineActions(page)).slice(-2)).toEqual(['release', 'report_back']);
  await expect(page.locator('[data-testid="timeline-entry"][data-action="release"]')).toContainText('随办结反馈解除挂账');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('hold-report-back-detail.png') });

  await page.locator('.page-tabs').getByText('挂账').click();
  await expect(page.locator(`[data-testid="hold-row"][data-event-id="${eventId}"]`)).toHaveCount(0);
});
