/** Returning a mis-assigned event: the officer asks, the duty leader approves in the approvals list. */
import { expect, row, signIn, test, timelineActions } from './fixtures';

test('an officer’s return request is approved by the leader', async ({ page, desk, openSecondPage }) => {
  const eventId = await desk.report({ title: '区级转来：外镇企业排污投诉', categoryCode: 'ENV-001', level: 'general', gridCode: 'G12', source: 'district' });
  await signIn(page, desk);
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  await page.getByTestId('action-return').click();
  await page.getByTestId('action-text').fill('该企业位于邻镇辖区，不属本镇管辖。');
  await page.getByTestId('action-ok').click();
  await expect(page.getByText('退回申请已提交带班领导审批')).toBeVisible();
  await expect(page.getByTestId('detail-approval')).toContainText('退回申请');

  const leader = await openSecondPage();
  await signIn(leader, desk, 'lihua');
  await leader.locator('.page-tabs').getByText('审批').click();
  const card = leader.getByTestId('approval-card');
  await expect(card).toContainText('区级转来：外镇企业排污投诉');
  await expect(card).toContainText('不属本镇管辖');
  await card.getByTestId('approval-approve').click();
  await expect(leader.getByTestId('approvals-page')).toContainText('没有待审批的申请');

  // The officer's detail follows: returned, with the request and the return in the timeline.
  await expect(page.getByTestId('detail-state')).toHaveText('已退回');
  await expect(page.getByTestId('detail-approval')).toHaveCount(0);
  expect(await timelineActions(page)).toEqual(['report', 'return_requested', 'return']);
});
